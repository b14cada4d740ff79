/**
 * The AWS CLI against the local server: `aws stepfunctions ...` and `aws events put-events`, with
 * `--endpoint-url` and only commands that both the image's CLI v1 (1.45) and Debian's awscli 2.9
 * have. An OrderPlaced event put with the CLI starts the saga through the template's own rule.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ListExecutionsCommand, ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { endpointVariables, type LocalServer } from '../../local/server/start-server';
import { CREDENTIALS, PROJECT_ROOT, ROLE_ARN, SERVER_START_TIMEOUT_MS, passDefinition, sfnClient, startTestServer, waitDefinition, waitForEnd } from './support/server';

let server: LocalServer;
let sfn: SFNClient;
let home: string;

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-cli-home-'));
  server = await startTestServer();
  sfn = sfnClient(server);
}, SERVER_START_TIMEOUT_MS);

afterAll(async () => {
  sfn?.destroy();
  await server?.stop();
  fs.rmSync(home, { recursive: true, force: true });
}, 60_000);

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `aws ARGS --endpoint-url URL --output json` with dummy credentials and no user configuration. */
function aws(...args: string[]): Promise<CliResult> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: path.join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'),
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  return new Promise((resolve, reject) => {
    execFile('aws', [...args, '--endpoint-url', server.url, '--output', 'json'], { env, cwd: PROJECT_ROOT }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new Error('the AWS CLI (`aws`) is not installed: .ci/run installs Debian\'s awscli where it is missing'));
        return;
      }
      resolve({ code: typeof error?.code === 'number' ? error.code : error ? 1 : 0, stdout, stderr });
    });
  });
}

async function awsJson(...args: string[]): Promise<any> {
  const result = await aws(...args);
  if (result.code !== 0) throw new Error(`aws ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return result.stdout.trim() ? JSON.parse(result.stdout) : {};
}

test('state machines: create, list, describe, tag, delete; errors as the CLI reports them', async () => {
  const name = `cli-${process.pid}`;
  const created = await awsJson('stepfunctions', 'create-state-machine', '--name', name, '--definition', passDefinition({ cli: true }), '--role-arn', ROLE_ARN);
  expect(created.stateMachineArn).toBe(`arn:aws:states:us-east-1:000000000000:stateMachine:${name}`);
  expect(typeof created.creationDate).toBe('number');

  const listed = await awsJson('stepfunctions', 'list-state-machines');
  expect(listed.stateMachines.map((m: { name: string }) => m.name)).toEqual(expect.arrayContaining([name, server.emulator.stack.names.get(server.emulator.stack.stateMachine.logicalId)]));

  const described = await awsJson('stepfunctions', 'describe-state-machine', '--state-machine-arn', created.stateMachineArn);
  expect(described).toMatchObject({ name, status: 'ACTIVE', definition: passDefinition({ cli: true }), roleArn: ROLE_ARN });

  await awsJson('stepfunctions', 'tag-resource', '--resource-arn', created.stateMachineArn, '--tags', 'key=team,value=orders');
  await awsJson('stepfunctions', 'delete-state-machine', '--state-machine-arn', created.stateMachineArn);
  const gone = await aws('stepfunctions', 'describe-state-machine', '--state-machine-arn', created.stateMachineArn);
  expect(gone.code).not.toBe(0);
  expect(gone.stderr).toContain('StateMachineDoesNotExist');
}, 60_000);

test('executions: start the saga from a file, describe it, read its history in pages', async () => {
  const started = await awsJson('stepfunctions', 'start-execution', '--state-machine-arn', server.stateMachineArn, '--name', 'cli-happy', '--input', 'file://examples/happy.json');
  expect(started.executionArn).toBe(server.stateMachineArn.replace(':stateMachine:', ':execution:') + ':cli-happy');
  await waitForEnd(sfn, started.executionArn);

  const described = await awsJson('stepfunctions', 'describe-execution', '--execution-arn', started.executionArn);
  expect(described).toMatchObject({ status: 'SUCCEEDED', name: 'cli-happy' });
  expect(JSON.parse(described.output)).toMatchObject({ orderId: 'ord-happy-0001', status: 'CONFIRMED' });

  // --page-size makes the CLI page through maxResults and nextToken itself.
  const history = await awsJson('stepfunctions', 'get-execution-history', '--execution-arn', started.executionArn, '--page-size', '7');
  const ids = history.events.map((e: { id: number }) => e.id);
  expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => i + 1));
  expect(history.events.at(-1).type).toBe('ExecutionSucceeded');

  const listed = await awsJson('stepfunctions', 'list-executions', '--state-machine-arn', server.stateMachineArn, '--status-filter', 'SUCCEEDED');
  expect(listed.executions.map((e: { name: string }) => e.name)).toContain('cli-happy');
}, 60_000);

test('stop-execution ends a running execution ABORTED', async () => {
  const created = await awsJson('stepfunctions', 'create-state-machine', '--name', `cli-wait-${process.pid}`, '--definition', waitDefinition(3600), '--role-arn', ROLE_ARN);
  const started = await awsJson('stepfunctions', 'start-execution', '--state-machine-arn', created.stateMachineArn);
  const stopped = await awsJson('stepfunctions', 'stop-execution', '--execution-arn', started.executionArn, '--error', 'Manual', '--cause', 'from the CLI');
  expect(typeof stopped.stopDate).toBe('number');
  const aborted = await awsJson('stepfunctions', 'list-executions', '--state-machine-arn', created.stateMachineArn, '--status-filter', 'ABORTED');
  expect(aborted.executions.map((e: { executionArn: string }) => e.executionArn)).toEqual([started.executionArn]);
}, 60_000);

test('events put-events with examples/order-placed-event.json starts the saga through the template rule', async () => {
  const busName = server.emulator.stack.busName;
  const entries = fs.readFileSync(path.join(PROJECT_ROOT, 'examples', 'order-placed-event.json'), 'utf8').replace('REPLACE_WITH_EventBusName_OUTPUT', busName);
  const file = path.join(home, 'order-placed.json');
  fs.writeFileSync(file, entries);
  const before = new Set((await sfn.send(new ListExecutionsCommand({ stateMachineArn: server.stateMachineArn }))).executions!.map((e) => e.executionArn));

  const put = await awsJson('events', 'put-events', '--entries', `file://${file}`);
  expect(put.FailedEntryCount).toBe(0);
  expect(put.Entries[0].EventId).toMatch(/^[0-9a-f-]{36}$/);

  const after = (await sfn.send(new ListExecutionsCommand({ stateMachineArn: server.stateMachineArn }))).executions!;
  const fromEvent = after.filter((e) => !before.has(e.executionArn));
  expect(fromEvent).toHaveLength(1);
  const ended = await waitForEnd(sfn, fromEvent[0].executionArn!);
  expect(ended.status).toBe('SUCCEEDED');
  expect(JSON.parse(ended.output!)).toMatchObject({ orderId: 'ord-event-0001', status: 'CONFIRMED' });
}, 60_000);

test('the endpoint variables the server prints are the ones the SDKs read: clients configured by nothing else reach it', async () => {
  const saved = { ...process.env };
  Object.assign(process.env, endpointVariables(server.url), { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1' });
  try {
    const machines = await new SFNClient({ maxAttempts: 1 }).send(new ListStateMachinesCommand({}));
    expect(machines.stateMachines!.map((m) => m.stateMachineArn)).toContain(server.stateMachineArn);
    // An entry no rule matches: it proves the request arrived here, and starts nothing.
    const put = await new EventBridgeClient({ maxAttempts: 1 }).send(
      new PutEventsCommand({ Entries: [{ Source: 'order-saga.test', DetailType: 'Probe', Detail: '{}', EventBusName: server.emulator.stack.busName }] }),
    );
    expect(put.FailedEntryCount).toBe(0);
    expect(server.emulator.bus.events.map((e) => e['detail-type'])).toContain('Probe');
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
}, 60_000);
