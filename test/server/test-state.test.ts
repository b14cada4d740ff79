// TestState (November 2025 form) called directly: statuses, inspection levels, stateName, mocks
// and their refusals, stateConfiguration, context and variables. The expected answers follow
// AWS's API reference and what AWS answered in the recorded TestState cases
// (../shared/conformance-api: the same checks and messages, on inputs of our own).
import type { TestStateInput } from '@aws-sdk/client-sfn';
import { testState } from '../../local/server/test-state/test-state';

const ROLE = 'arn:aws:iam::123456789012:role/tester';
const calls: { fn: string; payload: unknown }[] = [];
const ctx = {
  region: 'eu-west-1',
  accountId: '123456789012',
  engineOptions: {
    invokeFunction: async (fn: string, payload: unknown) => {
      calls.push({ fn, payload });
      return { handled: payload };
    },
  },
};
const json = (v: unknown) => JSON.stringify(v);
const parse = (text: string | undefined) => JSON.parse(text as string);
const ask = (input: Omit<TestStateInput, 'definition'> & { definition: unknown }) =>
  testState({ ...input, definition: typeof input.definition === 'string' ? input.definition : json(input.definition) } as TestStateInput, ctx);

const ioPass = { Type: 'Pass', InputPath: '$.data', Parameters: { 'copy.$': '$.v', fixed: 1 }, ResultPath: '$.out', Next: 'After' };

describe('inspection levels', () => {
  test('INFO: status, output and nextState only', async () => {
    const answer = await ask({ definition: ioPass, input: json({ data: { v: 'x' } }) });
    expect(answer).toEqual({ status: 'SUCCEEDED', output: json({ data: { v: 'x' }, out: { copy: 'x', fixed: 1 } }), nextState: 'After' });
  });

  test('DEBUG: the input and each JSONPath step', async () => {
    const answer = await ask({ definition: ioPass, input: json({ data: { v: 'x' } }), inspectionLevel: 'DEBUG' });
    const data = answer.inspectionData!;
    expect(parse(data.input)).toEqual({ data: { v: 'x' } });
    expect(parse(data.afterInputPath)).toEqual({ v: 'x' });
    expect(parse(data.afterParameters)).toEqual({ copy: 'x', fixed: 1 });
    expect(parse(data.afterResultSelector)).toEqual({ copy: 'x', fixed: 1 });
    expect(parse(data.afterResultPath)).toEqual({ data: { v: 'x' }, out: { copy: 'x', fixed: 1 } });
  });

  test('a Choice: the rule that holds gives nextState; a Fail: FAILED with its error and cause', async () => {
    const choice = { Type: 'Choice', Choices: [{ Variable: '$.n', NumericGreaterThan: 10, Next: 'Big' }], Default: 'Small' };
    expect(await ask({ definition: choice, input: json({ n: 11 }), inspectionLevel: 'TRACE' })).toMatchObject({ status: 'SUCCEEDED', nextState: 'Big' });
    expect((await ask({ definition: choice, input: json({ n: 1 }) })).nextState).toBe('Small');
    expect(await ask({ definition: { Type: 'Fail', Error: 'Nope', Cause: 'no' } })).toEqual({ status: 'FAILED', error: 'Nope', cause: 'no' });
  });
});

describe('stateName', () => {
  const machine = {
    QueryLanguage: 'JSONata',
    StartAt: 'First',
    States: { First: { Type: 'Pass', Output: '{% $states.input.a + $bonus %}', Next: 'Second' }, Second: { Type: 'Succeed' } },
  };

  test('tests one state of a full machine, with variables; the context names the state "StateName"', async () => {
    const answer = await ask({ definition: machine, stateName: 'First', input: json({ a: 1 }), variables: json({ bonus: 2 }), inspectionLevel: 'DEBUG' });
    expect(answer).toMatchObject({ status: 'SUCCEEDED', output: '3', nextState: 'Second' });
    expect(parse(answer.inspectionData!.variables)).toEqual({ bonus: 2 });
    const context = await ask({ definition: { ...machine, States: { ...machine.States, First: { Type: 'Pass', Output: '{% $states.context %}', Next: 'Second' } } }, stateName: 'First' });
    expect(parse(context.output)).toMatchObject({
      Execution: { Id: expect.stringMatching(/^arn:aws:states:eu-west-1:123456789012:express:/), RoleArn: null },
      StateMachine: { Id: expect.stringMatching(/^arn:aws:states:eu-west-1:123456789012:stateMachine:/) },
      State: { Name: 'StateName' },
    });
  });

  test('a name no state has, and a machine AWS refuses', async () => {
    await expect(ask({ definition: machine, stateName: 'Third' })).rejects.toMatchObject({ name: 'ValidationException', message: 'State not found in definition' });
    await expect(ask({ definition: { StartAt: 'A', States: { A: { Type: 'Sleep', End: true } } }, stateName: 'A' })).rejects.toMatchObject({
      name: 'InvalidDefinition',
      message: "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The field 'Type' should have one of these values: [Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map] at /States/A/Type'",
    });
  });
});

const lambdaTask = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'work', 'Payload.$': '$' }, End: true };
const parallel = { Type: 'Parallel', Branches: [{ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }, { StartAt: 'B', States: { B: { Type: 'Pass', End: true } } }], End: true };

describe('requests AWS refuses', () => {
  test.each<[string, Omit<TestStateInput, 'definition'> & { definition: unknown }, string, string]>([
    ['a mock on a Pass state', { definition: { Type: 'Pass', End: true }, mock: { result: '{}' } }, 'ValidationException', "State type 'Pass' is not supported when a mock is specified"],
    ['a mock with result and errorOutput', { definition: lambdaTask, mock: { result: '{}', errorOutput: { error: 'E' } } }, 'ValidationException', 'A test mock should have only one of the following fields: [result, errorOutput].'],
    ['revealSecrets with a mock', { definition: lambdaTask, mock: { result: '{}' }, revealSecrets: true }, 'ValidationException', 'TestState does not support RevealSecrets when a mock is specified.'],
    ['a mocked result that is not JSON', { definition: lambdaTask, mock: { result: 'not JSON', fieldValidationMode: 'NONE' } }, 'ValidationException', 'Mocked result must be valid JSON'],
    ['a Parallel mock of the wrong length', { definition: parallel, mock: { result: '[1]' } }, 'ValidationException', 'Mocked result must contain the same number of items as number of Parallel branches.'],
    ['a Parallel without mock', { definition: parallel }, 'InvalidDefinition', 'TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]'],
    ['a Task without mock nor roleArn', { definition: lambdaTask }, 'ValidationException', 'RoleArn must be specified when testing a Task state'],
    ['mapIterationFailureCount without mock', { definition: parallel, stateConfiguration: { mapIterationFailureCount: 1 } }, 'ValidationException', 'TestState does not support MapIterationFailureCount when a mock is not specified.'],
  ])('%s', async (_, input, name, message) => {
    await expect(ask(input)).rejects.toMatchObject({ name, message });
  });
});

describe('mocks', () => {
  test('a mocked result replaces the call: ResultSelector and ResultPath apply to it', async () => {
    const definition = { ...lambdaTask, ResultSelector: { 'p.$': '$.Payload' }, ResultPath: '$.r' };
    const answer = await ask({ definition, input: json({ a: 1 }), mock: { result: json({ Payload: 'mocked', StatusCode: 200 }) } });
    expect(parse(answer.output)).toEqual({ a: 1, r: { p: 'mocked' } });
  });

  test('STRICT checks the result against the API’s output shape; PRESENT only the members given; NONE nothing', async () => {
    const putEvents = { Type: 'Task', Resource: 'arn:aws:states:::events:putEvents', Parameters: { Entries: [] }, End: true };
    await expect(ask({ definition: putEvents, mock: { result: json({ Entries: [{ EventId: 7 }] }) } })).rejects.toMatchObject({
      name: 'ValidationException',
      message: "Mock result schema validation error: Field 'EventId' must be a string",
    });
    const startExecution = { Type: 'Task', Resource: 'arn:aws:states:::states:startExecution', Parameters: { StateMachineArn: 'arn' }, End: true };
    await expect(ask({ definition: startExecution, mock: { result: '{}' } })).rejects.toMatchObject({ message: "Mock result schema validation error: Required field 'ExecutionArn' is missing" });
    expect((await ask({ definition: startExecution, mock: { result: '{}', fieldValidationMode: 'PRESENT' } })).status).toBe('SUCCEEDED');
    expect((await ask({ definition: putEvents, mock: { result: json({ Entries: 'x' }), fieldValidationMode: 'NONE' } })).status).toBe('SUCCEEDED');
  });

  test('a Parallel mock is the branches’ results; a Map mock, with failed iterations over the tolerance, is ExceedToleratedFailureThreshold', async () => {
    expect(parse((await ask({ definition: parallel, mock: { result: '[1, 2]' } })).output)).toEqual([1, 2]);
    const map = {
      Type: 'Map',
      ItemsPath: '$.items',
      ToleratedFailureCount: 1,
      ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } },
      Catch: [{ ErrorEquals: ['States.ExceedToleratedFailureThreshold'], Next: 'TooMany' }],
      End: true,
    };
    const input = json({ items: [1, 2, 3] });
    expect(parse((await ask({ definition: map, input, mock: { result: '[1, 1, 0]' }, stateConfiguration: { mapIterationFailureCount: 1 } })).output)).toEqual([1, 1, 0]);
    const over = await ask({ definition: map, input, mock: { result: '[1, 0, 0]' }, stateConfiguration: { mapIterationFailureCount: 2 }, inspectionLevel: 'DEBUG' });
    expect(over).toMatchObject({ status: 'CAUGHT_ERROR', nextState: 'TooMany', error: 'States.ExceedToleratedFailureThreshold' });
    expect(over.inspectionData).toMatchObject({ maxConcurrency: 0, toleratedFailureCount: 1, errorDetails: { catchIndex: 0 } });
  });
});

describe('context and a real call', () => {
  test('a mocked context replaces the whole context object; AWS’s checks on it', async () => {
    const definition = { ...lambdaTask, ResultSelector: { 'ctx.$': '$$' } };
    const answer = await ask({ definition, mock: { result: '{}' }, context: json({ Execution: { Id: 'e-1' } }) });
    expect(parse(answer.output)).toEqual({ ctx: { Execution: { Id: 'e-1' } } });
    await expect(ask({ definition, mock: { result: '{}' }, context: json({ Execution: { Id: 1 } }) })).rejects.toMatchObject({
      message: 'Invalid Context object provided: Execution.Id must be a string',
    });
    await expect(ask({ definition, mock: { result: '{}' }, context: json({ Task: { Token: 't' } }) })).rejects.toMatchObject({
      message: "Invalid Context object provided: Context object contains 'Task' when state is not a Task state with a '.sync' or '.waitForTaskToken' service integration pattern",
    });
  });

  test('without a mock a Task calls its resource through the engine options, with the role in the context', async () => {
    calls.length = 0;
    const definition = { ...lambdaTask, Parameters: { FunctionName: 'work', 'Payload.$': '$', 'role.$': '$$.Execution.RoleArn' } };
    const answer = await ask({ definition, roleArn: ROLE, input: json({ n: 1 }) });
    expect(calls).toEqual([{ fn: 'work', payload: { n: 1 } }]);
    expect(parse(answer.output)).toMatchObject({ Payload: { handled: { n: 1 } }, StatusCode: 200 });
  });
});
