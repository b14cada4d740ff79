/**
 * The local Step Functions API through the unmodified @aws-sdk/client-sfn: every action of the
 * issue with its AWS error cases and its pagination, against one server for the file.
 */
import {
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DeleteStateMachineAliasCommand,
  DeleteStateMachineCommand,
  DeleteStateMachineVersionCommand,
  DescribeExecutionCommand,
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListActivitiesCommand,
  ListExecutionsCommand,
  ListStateMachineAliasesCommand,
  ListStateMachinesCommand,
  ListStateMachineVersionsCommand,
  ListTagsForResourceCommand,
  PublishStateMachineVersionCommand,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateStateMachineAliasCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LocalServer } from '../../local/server/start-server';
import { example, passDefinition, ROLE_ARN, SERVER_START_TIMEOUT_MS, sfnClient, startTestServer, synthesizedApp, waitDefinition, waitForEnd } from './support/server';

let server: LocalServer;
let sfn: SFNClient;
let counter = 0;
/** A state machine name of its own for each test. */
const fresh = (prefix = 'sm') => `${prefix}-${process.pid}-${++counter}`;

/** A Step Functions Local MockConfigFile for a created JSONPath machine and the app's JSONata one. */
const MOCKED_MACHINE = `mocked-${process.pid}`;
let mockFile: string;
function writeMockConfig(appMachineName: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mock-config-')), 'MockConfigFile.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      StateMachines: {
        [MOCKED_MACHINE]: { TestCases: { Valid: { V: 'ValidatedOk' } } },
        [appMachineName]: { TestCases: { Declined: { ChargePayment: 'CardDeclined' } } },
      },
      MockedResponses: {
        ValidatedOk: { '0': { Return: { mocked: true } } },
        CardDeclined: { '0': { Throw: { Error: 'PaymentDeclined', Cause: 'declined by the mock' } } },
      },
    }),
  );
  return file;
}

beforeAll(async () => {
  const appMachine = Object.entries(synthesizedApp().template.Resources).find(([, r]) => r.Type === 'AWS::StepFunctions::StateMachine')![0];
  mockFile = writeMockConfig(appMachine);
  server = await startTestServer({ mockConfig: mockFile });
  sfn = sfnClient(server);
}, SERVER_START_TIMEOUT_MS);

afterAll(async () => {
  sfn?.destroy();
  await server?.stop();
  if (mockFile) fs.rmSync(path.dirname(mockFile), { recursive: true, force: true });
}, 60_000);

async function create(definition = passDefinition(), extra: Record<string, unknown> = {}): Promise<string> {
  const created = await sfn.send(new CreateStateMachineCommand({ name: fresh(), definition, roleArn: ROLE_ARN, ...extra }));
  return created.stateMachineArn!;
}

/** The AWS error an SDK call ends with: its name, message and HTTP status. */
async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('the call succeeded');
}

describe('the app state machine', () => {
  test('is there from the start, under the ARN its outputs resolve to locally', async () => {
    expect(server.stateMachineArn).toBe(server.emulator.outputs.StateMachineArn);
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: server.stateMachineArn }));
    expect(described).toMatchObject({ status: 'ACTIVE', type: 'STANDARD', roleArn: expect.stringMatching(/^arn:aws:iam::000000000000:role\//) });
    expect(JSON.parse(described.definition!).StartAt).toBe('ValidateOrder');
    const listed = await sfn.send(new ListStateMachinesCommand({}));
    expect(listed.stateMachines!.map((m) => m.stateMachineArn)).toContain(server.stateMachineArn);
  });

  test('runs an order to its end through StartExecution, with the history AWS records', async () => {
    const order = { ...example('happy.json'), orderId: `ord-api-${process.pid}` };
    const { executionArn, startDate } = await sfn.send(new StartExecutionCommand({ stateMachineArn: server.stateMachineArn, input: JSON.stringify(order) }));
    expect(startDate).toBeInstanceOf(Date);
    const ended = await waitForEnd(sfn, executionArn!);
    expect(ended.status).toBe('SUCCEEDED');
    expect(JSON.parse(ended.output!)).toMatchObject({ orderId: order.orderId, status: 'CONFIRMED' });
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
    const types = history.events!.map((e) => e.type);
    expect(types[0]).toBe('ExecutionStarted');
    expect(types.at(-1)).toBe('ExecutionSucceeded');
    expect(types).toContain('TaskStateEntered');
    expect(history.events![0].executionStartedEventDetails).toEqual({
      input: JSON.stringify(order),
      inputDetails: { truncated: false },
      roleArn: expect.stringMatching(/^arn:aws:iam::000000000000:role\//),
    });
    // AWS links the first state's event to no earlier event.
    expect(history.events![1].previousEventId).toBe(0);
  });
});

describe('CreateStateMachine, DescribeStateMachine, UpdateStateMachine, DeleteStateMachine', () => {
  test('create, describe with AWS defaults, update with a revision, delete', async () => {
    const name = fresh();
    const { stateMachineArn, creationDate } = await sfn.send(new CreateStateMachineCommand({ name, definition: passDefinition(), roleArn: ROLE_ARN }));
    expect(stateMachineArn).toBe(`arn:aws:states:us-east-1:000000000000:stateMachine:${name}`);
    expect(creationDate).toBeInstanceOf(Date);
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
    expect(described).toMatchObject({
      name,
      status: 'ACTIVE',
      type: 'STANDARD',
      definition: passDefinition(),
      roleArn: ROLE_ARN,
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
    });
    expect(described.revisionId).toBeUndefined();

    const updated = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition: passDefinition({ v: 2 }) }));
    expect(updated.revisionId).toMatch(/^[0-9a-f-]{36}$/);
    const after = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
    expect(after).toMatchObject({ definition: passDefinition({ v: 2 }), revisionId: updated.revisionId });

    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn }));
    expect(await failure(sfn.send(new DescribeStateMachineCommand({ stateMachineArn })))).toMatchObject({
      name: 'StateMachineDoesNotExist',
      message: `State Machine Does Not Exist: '${stateMachineArn}'`,
      status: 400,
    });
    // Deleting what does not exist succeeds, as on AWS.
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn }));
  });

  test('a second create is idempotent only for the same definition', async () => {
    const name = fresh();
    const first = await sfn.send(new CreateStateMachineCommand({ name, definition: passDefinition(), roleArn: ROLE_ARN }));
    const again = await sfn.send(new CreateStateMachineCommand({ name, definition: passDefinition(), roleArn: ROLE_ARN }));
    expect(again.stateMachineArn).toBe(first.stateMachineArn);
    expect(again.creationDate).toEqual(first.creationDate);
    const reindented = JSON.stringify(JSON.parse(passDefinition()), null, 2);
    expect(await failure(sfn.send(new CreateStateMachineCommand({ name, definition: reindented, roleArn: ROLE_ARN })))).toMatchObject({
      name: 'StateMachineAlreadyExists',
      message: `State Machine Already Exists: '${first.stateMachineArn}'`,
    });
  });

  test('refuses what AWS refuses: invalid definitions, names, parameters', async () => {
    const bad = JSON.stringify({ StartAt: 'Missing', States: { P: { Type: 'Pass', End: true } } });
    expect(await failure(create(bad))).toMatchObject({ name: 'InvalidDefinition', message: expect.stringMatching(/^Invalid State Machine Definition: '/) });
    expect(await failure(create('{not json'))).toMatchObject({ name: 'InvalidDefinition' });
    expect(await failure(sfn.send(new CreateStateMachineCommand({ name: 'a b', definition: passDefinition(), roleArn: ROLE_ARN })))).toMatchObject({
      name: 'InvalidName',
      message: "Invalid Name: 'a b'",
    });
    const long = 'x'.repeat(81);
    expect(await failure(sfn.send(new CreateStateMachineCommand({ name: long, definition: passDefinition(), roleArn: ROLE_ARN })))).toMatchObject({
      name: 'ValidationException',
      message: `1 validation error detected: Value '${long}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80`,
    });
    expect(await failure(create(passDefinition(), { versionDescription: 'v' }))).toMatchObject({
      name: 'ValidationException',
      message: 'Version description can only be set when publish is true',
    });
  });

  test('UpdateStateMachine needs something to change and an existing machine', async () => {
    const arn = await create();
    expect(await failure(sfn.send(new UpdateStateMachineCommand({ stateMachineArn: arn })))).toMatchObject({
      name: 'MissingRequiredParameter',
      message: 'Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified',
    });
    expect(await failure(sfn.send(new UpdateStateMachineCommand({ stateMachineArn: `${arn}-gone`, definition: passDefinition() })))).toMatchObject({
      name: 'StateMachineDoesNotExist',
    });
  });

  test('ARNs that are not ARNs are InvalidArn', async () => {
    expect(await failure(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: 'not_an_arn' })))).toMatchObject({
      name: 'InvalidArn',
      message: "Invalid Arn: 'Invalid ARN prefix: not_an_arn'",
    });
  });
});

describe('ListStateMachines', () => {
  test('pages with maxResults and nextToken; a forged token is InvalidToken', async () => {
    for (let i = 0; i < 3; i++) await create();
    const all = (await sfn.send(new ListStateMachinesCommand({}))).stateMachines!.map((m) => m.name);
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(new ListStateMachinesCommand({ maxResults: 2, nextToken }));
      expect(page.stateMachines!.length).toBeLessThanOrEqual(2);
      seen.push(...page.stateMachines!.map((m) => m.name!));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(seen).toEqual(all);
    expect(await failure(sfn.send(new ListStateMachinesCommand({ nextToken: 'forged' })))).toMatchObject({ name: 'InvalidToken' });
    expect(await failure(sfn.send(new ListStateMachinesCommand({ maxResults: 1001 })))).toMatchObject({
      name: 'ValidationException',
      message: "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000",
    });
  });
});

describe('StartExecution and DescribeExecution', () => {
  test('an execution is described with its input, output and dates', async () => {
    const arn = await create(passDefinition({ out: 1 }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'run-1', input: '{"in": 1}' }));
    expect(executionArn).toBe(arn.replace(':stateMachine:', ':execution:') + ':run-1');
    const ended = await waitForEnd(sfn, executionArn!);
    expect(ended).toMatchObject({ status: 'SUCCEEDED', name: 'run-1', stateMachineArn: arn, input: '{"in": 1}', output: '{"out":1}', inputDetails: { included: true } });
    expect(ended.stopDate!.getTime()).toBeGreaterThanOrEqual(ended.startDate!.getTime());
  });

  test('a name reused with the same input while running is the same execution; otherwise ExecutionAlreadyExists', async () => {
    const arn = await create(waitDefinition(3600));
    const first = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'same', input: '{}' }));
    const again = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'same', input: '{}' }));
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate).toEqual(first.startDate);
    expect(await failure(sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'same', input: '{"other": 1}' })))).toMatchObject({
      name: 'ExecutionAlreadyExists',
      message: `Execution Already Exists: '${first.executionArn}'`,
    });
    await sfn.send(new StopExecutionCommand({ executionArn: first.executionArn }));
    expect(await failure(sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'same', input: '{}' })))).toMatchObject({
      name: 'ExecutionAlreadyExists',
    });
  });

  test('input that is not JSON, or over 256 KiB of UTF-8, is refused', async () => {
    const arn = await create();
    expect(await failure(sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{"a":' })))).toMatchObject({
      name: 'InvalidExecutionInput',
      message: expect.stringMatching(/^Invalid State Machine Execution Input: '/),
    });
    // 131 073 two-byte characters: fewer characters than the limit, more bytes.
    const large = JSON.stringify('é'.repeat(131_073));
    expect(await failure(sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: large })))).toMatchObject({
      name: 'ValidationException',
      message: "1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have size less than or equal to 262144 bytes in UTF-8 encoding",
    });
  });

  test('unknown ARNs: StateMachineDoesNotExist, ExecutionDoesNotExist; the wrong kind of ARN: InvalidArn', async () => {
    const arn = await create();
    const missing = `${arn}-missing`;
    expect(await failure(sfn.send(new StartExecutionCommand({ stateMachineArn: missing })))).toMatchObject({
      name: 'StateMachineDoesNotExist',
      message: `State Machine Does Not Exist: '${missing}'`,
    });
    const noExecution = arn.replace(':stateMachine:', ':execution:') + ':nope';
    for (const command of [new DescribeExecutionCommand({ executionArn: noExecution }), new GetExecutionHistoryCommand({ executionArn: noExecution }), new StopExecutionCommand({ executionArn: noExecution }), new DescribeStateMachineForExecutionCommand({ executionArn: noExecution })]) {
      expect(await failure(sfn.send(command as never))).toMatchObject({ name: 'ExecutionDoesNotExist', message: `Execution Does Not Exist: '${noExecution}'` });
    }
    expect(await failure(sfn.send(new DescribeExecutionCommand({ executionArn: arn })))).toMatchObject({
      name: 'InvalidArn',
      message: "Invalid Arn: 'Resource type not valid in this context: stateMachine'",
    });
  });
});

describe('StopExecution', () => {
  test('ends a running execution ABORTED, with the error and cause in its history', async () => {
    const arn = await create(waitDefinition(3600));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
    const { stopDate } = await sfn.send(new StopExecutionCommand({ executionArn, error: 'Manual', cause: 'stopped by the test' }));
    expect(stopDate).toBeInstanceOf(Date);
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(described).toMatchObject({ status: 'ABORTED', error: 'Manual', cause: 'stopped by the test' });
    const events = (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events!;
    expect(events.map((e) => e.type)).toEqual(['ExecutionStarted', 'WaitStateEntered', 'ExecutionAborted']);
    expect(events.at(-1)!.executionAbortedEventDetails).toEqual({ error: 'Manual', cause: 'stopped by the test' });
  });
});

describe('GetExecutionHistory', () => {
  test('pages, reverses, and leaves out execution data on request', async () => {
    const arn = await create(JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'C' }, C: { Type: 'Pass', End: true } } }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{"x": 1}' }));
    await waitForEnd(sfn, executionArn!);
    const all = (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events!;
    expect(all.map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

    const paged: number[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 3, nextToken }));
      paged.push(...page.events!.map((e) => e.id!));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(paged).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

    const reversed = (await sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true }))).events!;
    expect(reversed.map((e) => e.id)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);

    const bare = (await sfn.send(new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false }))).events!;
    expect(bare[0].executionStartedEventDetails).toEqual({ roleArn: ROLE_ARN });
    expect(bare[1].stateEnteredEventDetails).toEqual({ name: 'A' });
    expect(await failure(sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken: 'forged' })))).toMatchObject({ name: 'InvalidToken' });
  });
});

describe('ListExecutions', () => {
  test('newest first, filtered by status, in pages', async () => {
    const arn = await create(waitDefinition(3600));
    const started: string[] = [];
    for (let i = 0; i < 5; i++) started.push((await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: `e${i}` }))).executionArn!);
    await sfn.send(new StopExecutionCommand({ executionArn: started[1] }));

    const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn }));
    expect(listed.executions!.map((e) => e.name)).toEqual(['e4', 'e3', 'e2', 'e1', 'e0']);
    expect(listed.executions![0]).toMatchObject({ stateMachineArn: arn, status: 'RUNNING', redriveCount: 0 });

    const aborted = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'ABORTED' }));
    expect(aborted.executions!.map((e) => e.name)).toEqual(['e1']);
    expect(aborted.executions![0].stopDate).toBeInstanceOf(Date);

    const first = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'RUNNING', maxResults: 3 }));
    const second = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'RUNNING', maxResults: 3, nextToken: first.nextToken }));
    expect([...first.executions!, ...second.executions!].map((e) => e.name)).toEqual(['e4', 'e3', 'e2', 'e0']);
    expect(second.nextToken).toBeUndefined();

    for (const executionArn of started) await sfn.send(new StopExecutionCommand({ executionArn }));
    expect(await failure(sfn.send(new ListExecutionsCommand({ stateMachineArn: `${arn}-gone` })))).toMatchObject({ name: 'StateMachineDoesNotExist' });
    expect(await failure(sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'succeeded' as never })))).toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining("Value 'succeeded' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set"),
    });
  });
});

describe('DescribeStateMachineForExecution', () => {
  test('describes the definition the execution ran, not a later update', async () => {
    const arn = await create(passDefinition({ v: 1 }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
    await waitForEnd(sfn, executionArn!);
    await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: passDefinition({ v: 2 }) }));
    const described = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
    expect(described).toMatchObject({ stateMachineArn: arn, definition: passDefinition({ v: 1 }), roleArn: ROLE_ARN });
    expect(described.updateDate).toBeInstanceOf(Date);
  });
});

describe('EXPRESS state machines', () => {
  test('StartSyncExecution runs to the end; the standard-only actions answer as AWS does', async () => {
    const arn = await create(passDefinition({ sync: true }), { type: 'EXPRESS' });
    const result = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: arn, name: 'quick', input: '{}' }));
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: '{"sync":true}', name: 'quick', stateMachineArn: arn, billingDetails: { billedMemoryUsedInMB: 64 } });
    expect(result.executionArn).toMatch(/:express:sm-[\d-]+:quick:[0-9a-f-]{36}$/);

    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
    expect(started.executionArn).toMatch(/:express:/);
    expect(await failure(sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn })))).toMatchObject({ name: 'InvalidArn' });
    expect(await failure(sfn.send(new ListExecutionsCommand({ stateMachineArn: arn })))).toMatchObject({ name: 'StateMachineTypeNotSupported' });

    const standard = await create();
    expect(await failure(sfn.send(new StartSyncExecutionCommand({ stateMachineArn: standard })))).toMatchObject({ name: 'StateMachineTypeNotSupported' });
  });

  test('a failing sync execution reports its error and cause, with no output', async () => {
    const arn = await create(JSON.stringify({ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Nope', Cause: 'because' } } }), { type: 'EXPRESS' });
    const result = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: arn }));
    expect(result).toMatchObject({ status: 'FAILED', error: 'Nope', cause: 'because' });
    expect(result.output).toBeUndefined();
  });
});

describe('versions and aliases', () => {
  test('publish, list newest first, run a version, route through an alias, delete', async () => {
    const name = fresh();
    const created = await sfn.send(new CreateStateMachineCommand({ name, definition: passDefinition({ v: 1 }), roleArn: ROLE_ARN, publish: true, versionDescription: 'first' }));
    const arn = created.stateMachineArn!;
    expect(created.stateMachineVersionArn).toBe(`${arn}:1`);
    await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: passDefinition({ v: 2 }) }));
    const v2 = await sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: arn, description: 'second' }));
    expect(v2.stateMachineVersionArn).toBe(`${arn}:2`);
    // Nothing changed since: the same version.
    expect((await sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: arn }))).stateMachineVersionArn).toBe(`${arn}:2`);

    const versions = await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: arn, maxResults: 1 }));
    expect(versions.stateMachineVersions!.map((v) => v.stateMachineVersionArn)).toEqual([`${arn}:2`]);
    const rest = await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: arn, maxResults: 1, nextToken: versions.nextToken }));
    expect(rest.stateMachineVersions!.map((v) => v.stateMachineVersionArn)).toEqual([`${arn}:1`]);
    expect(await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${arn}:1` }))).toMatchObject({ definition: passDefinition({ v: 1 }), description: 'first' });

    const onVersion = await sfn.send(new StartExecutionCommand({ stateMachineArn: `${arn}:1` }));
    expect(await waitForEnd(sfn, onVersion.executionArn!)).toMatchObject({ output: '{"v":1}', stateMachineArn: arn, stateMachineVersionArn: `${arn}:1` });

    const alias = await sfn.send(
      new CreateStateMachineAliasCommand({ name: 'live', description: 'd', routingConfiguration: [{ stateMachineVersionArn: `${arn}:2`, weight: 100 }] }),
    );
    expect(alias.stateMachineAliasArn).toBe(`${arn}:live`);
    const viaAlias = await sfn.send(new StartExecutionCommand({ stateMachineArn: `${arn}:live` }));
    expect(await waitForEnd(sfn, viaAlias.executionArn!)).toMatchObject({ output: '{"v":2}', stateMachineAliasArn: `${arn}:live`, stateMachineVersionArn: `${arn}:2` });
    const throughAlias = await sfn.send(new ListExecutionsCommand({ stateMachineArn: `${arn}:live` }));
    expect(throughAlias.executions!.map((e) => e.executionArn)).toEqual([viaAlias.executionArn]);

    await sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn: `${arn}:live`, routingConfiguration: [{ stateMachineVersionArn: `${arn}:1`, weight: 100 }] }));
    expect(await sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${arn}:live` }))).toMatchObject({
      name: 'live',
      description: 'd',
      routingConfiguration: [{ stateMachineVersionArn: `${arn}:1`, weight: 100 }],
    });
    expect(await failure(sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${arn}:1` })))).toMatchObject({
      name: 'ConflictException',
      message: 'Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [live]',
    });
    expect((await sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: arn }))).stateMachineAliases!.map((a) => a.stateMachineAliasArn)).toEqual([`${arn}:live`]);
    await sfn.send(new DeleteStateMachineAliasCommand({ stateMachineAliasArn: `${arn}:live` }));
    await sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${arn}:1` }));
    expect(await failure(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${arn}:1` })))).toMatchObject({ name: 'StateMachineDoesNotExist' });
    expect(await failure(sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${arn}:live` })))).toMatchObject({ name: 'ResourceNotFound' });
  });

  test('an alias routes to versions that exist, with weights that add up to 100', async () => {
    const arn = (await sfn.send(new CreateStateMachineCommand({ name: fresh(), definition: passDefinition(), roleArn: ROLE_ARN, publish: true }))).stateMachineArn!;
    const route = (routingConfiguration: Array<{ stateMachineVersionArn: string; weight: number }>) =>
      failure(sfn.send(new CreateStateMachineAliasCommand({ name: 'a', routingConfiguration })));
    expect(await route([{ stateMachineVersionArn: arn, weight: 100 }])).toMatchObject({
      name: 'ValidationException',
      message: `Routing configuration must contain state machine version ARNs. Received: [${arn}]`,
    });
    expect(await route([{ stateMachineVersionArn: `${arn}:1`, weight: 70 }, { stateMachineVersionArn: `${arn}:9`, weight: 29 }])).toMatchObject({
      message: 'Sum of routing configuration weights must equal 100. Received: [70, 29]',
    });
    expect(await route([{ stateMachineVersionArn: `${arn}:1`, weight: 101 }])).toMatchObject({
      message: "1 validation error detected: Value '101' at 'routingConfiguration.1.member.weight' failed to satisfy constraint: Member must have value less than or equal to 100",
    });
    expect(await route([{ stateMachineVersionArn: `${arn}:9`, weight: 100 }])).toMatchObject({ name: 'ResourceNotFound' });
  });
});

describe('tags', () => {
  test('tag, list, untag; what is not a state machine is not found', async () => {
    const arn = await create(passDefinition(), { tags: [{ key: 'team', value: 'orders' }] });
    await sfn.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'env', value: 'local' }, { key: 'team', value: 'saga' }] }));
    expect((await sfn.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual([
      { key: 'team', value: 'saga' },
      { key: 'env', value: 'local' },
    ]);
    await sfn.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['team', 'absent'] }));
    expect((await sfn.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual([{ key: 'env', value: 'local' }]);
    expect(await failure(sfn.send(new ListTagsForResourceCommand({ resourceArn: `${arn}-gone` })))).toMatchObject({
      name: 'ResourceNotFound',
      message: `Resource not found: '${arn}-gone'`,
    });
    const tooMany = Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    expect(await failure(sfn.send(new TagResourceCommand({ resourceArn: arn, tags: tooMany })))).toMatchObject({ name: 'TooManyTags' });
  });
});

describe('what a created definition runs', () => {
  test("a Lambda ARN runs the app's function of that name; other resources fail with States.Runtime naming them", async () => {
    const validateOrder = server.emulator.stack.functions.find((f) => f.logicalId.includes('ValidateOrder'))!.functionName;
    const lambda = await create(JSON.stringify({ StartAt: 'V', States: { V: { Type: 'Task', Resource: `arn:aws:lambda:us-east-1:000000000000:function:${validateOrder}`, End: true } } }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: lambda, input: JSON.stringify(example('invalid.json')) }));
    expect(await waitForEnd(sfn, executionArn!)).toMatchObject({ status: 'FAILED', error: 'InvalidOrder' });

    const sqs = await create(JSON.stringify({ StartAt: 'S', States: { S: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: { QueueUrl: 'q', MessageBody: 'm' }, End: true } } }));
    const other = await sfn.send(new StartExecutionCommand({ stateMachineArn: sqs }));
    expect(await waitForEnd(sfn, other.executionArn!)).toMatchObject({ status: 'FAILED', error: 'States.Runtime', cause: expect.stringContaining('arn:aws:states:::sqs:sendMessage') });
  });

  test('a runaway loop ends at AWS history limit of 25 000 events, as States.Runtime', async () => {
    const loop = JSON.stringify({
      StartAt: 'Again',
      States: { Again: { Type: 'Pass', Next: 'Forever?' }, 'Forever?': { Type: 'Choice', Choices: [{ Variable: '$.stop', IsPresent: true, Next: 'End' }], Default: 'Again' }, End: { Type: 'Succeed' } },
    });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: await create(loop) }));
    expect(await waitForEnd(sfn, executionArn!)).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
      cause: 'The execution reached the maximum number of history events (25000).',
    });
    const last = await sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 1 }));
    expect(last.events![0]).toMatchObject({ id: 25_000, type: 'ExecutionFailed' });
  });
});

describe('mocked integrations (--mock-config)', () => {
  test('stateMachineArn#TestCase answers the named states from the mock file, JSONPath and JSONata alike', async () => {
    const validateOrder = server.emulator.stack.functions.find((f) => f.logicalId.includes('ValidateOrder'))!.functionName;
    const definition = JSON.stringify({ StartAt: 'V', States: { V: { Type: 'Task', Resource: `arn:aws:lambda:us-east-1:000000000000:function:${validateOrder}`, End: true } } });
    const arn = (await sfn.send(new CreateStateMachineCommand({ name: MOCKED_MACHINE, definition, roleArn: ROLE_ARN }))).stateMachineArn!;
    // The real function refuses this order; the mock answers instead.
    const mocked = await sfn.send(new StartExecutionCommand({ stateMachineArn: `${arn}#Valid`, input: JSON.stringify(example('invalid.json')) }));
    expect(await waitForEnd(sfn, mocked.executionArn!)).toMatchObject({ status: 'SUCCEEDED', output: '{"mocked":true}', stateMachineArn: arn });
    const real = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: JSON.stringify(example('invalid.json')) }));
    expect(await waitForEnd(sfn, real.executionArn!)).toMatchObject({ status: 'FAILED', error: 'InvalidOrder' });

    const order = { ...example('happy.json'), orderId: `ord-mocked-${process.pid}` };
    const declined = await sfn.send(new StartExecutionCommand({ stateMachineArn: `${server.stateMachineArn}#Declined`, input: JSON.stringify(order) }));
    expect(await waitForEnd(sfn, declined.executionArn!)).toMatchObject({ status: 'FAILED', error: 'PaymentDeclined' });

    expect(await failure(sfn.send(new StartExecutionCommand({ stateMachineArn: `${arn}#NoSuchCase` })))).toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('NoSuchCase'),
    });
  });
});

test('an action the server does not offer is UnknownOperationException', async () => {
  expect(await failure(sfn.send(new ListActivitiesCommand({})))).toMatchObject({ name: 'UnknownOperationException', status: 400 });
});
