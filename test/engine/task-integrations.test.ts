// Task integrations: lambda:invoke (the optimized integration), plain Lambda ARNs, events:putEvents
// and an unsupported integration. Shapes and error translation follow the Step Functions docs
// ("Invoke an AWS Lambda function with Step Functions", "Handling errors in Step Functions").
import { StateMachine } from '../../local/engine';
import { failure, parse, run, single, types } from './support';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:work';
const invoke = (fields: Record<string, unknown> = {}, queryLanguage?: 'JSONata') =>
  single(
    queryLanguage
      ? { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: FN, Payload: '{% $states.input %}' }, ...fields }
      : { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: FN, 'Payload.$': '$' }, ...fields },
    queryLanguage,
  );

describe('arn:aws:states:::lambda:invoke', () => {
  test.each([['JSONPath' as const], ['JSONata' as const]])('%s: the result is { Payload, StatusCode, ExecutedVersion, ... }', async (ql) => {
    const execution = await run(invoke({}, ql === 'JSONata' ? 'JSONata' : undefined), { n: 2 }, { work: (p) => ({ got: p }) });
    expect(execution.calls).toEqual([{ fn: FN, payload: { n: 2 } }]);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toMatchObject({ Payload: { got: { n: 2 } }, StatusCode: 200, ExecutedVersion: '$LATEST' });
  });

  test('history: TaskScheduled/Started/Succeeded with the lambda resource details', async () => {
    const execution = await run(invoke(), { n: 2 }, { work: () => 'ok' });
    const h = execution.history;
    expect(types(h)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
    expect(h[2].taskScheduledEventDetails).toMatchObject({ resourceType: 'lambda', resource: 'invoke' });
    expect(typeof h[2].taskScheduledEventDetails?.region).toBe('string');
    expect(parse(h[2].taskScheduledEventDetails?.parameters)).toEqual({ FunctionName: FN, Payload: { n: 2 } });
    expect(h[3].taskStartedEventDetails).toMatchObject({ resourceType: 'lambda', resource: 'invoke' });
    expect(h[4].taskSucceededEventDetails).toMatchObject({ resourceType: 'lambda', resource: 'invoke' });
    expect(parse(h[4].taskSucceededEventDetails?.output)).toMatchObject({ Payload: 'ok', StatusCode: 200 });
  });

  test('a thrown error: Error = its name, Cause = the Lambda error payload as JSON', async () => {
    const execution = await run(invoke(), {}, { work: () => { throw failure('PaymentDeclined', 'card declined'); } });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('PaymentDeclined');
    const cause = parse(execution.cause);
    expect(cause).toMatchObject({ errorMessage: 'card declined', errorType: 'PaymentDeclined' });
    expect(Array.isArray(cause.trace)).toBe(true);
    const failed = execution.history.find((e) => e.type === 'TaskFailed');
    expect(failed?.taskFailedEventDetails).toMatchObject({ resourceType: 'lambda', resource: 'invoke', error: 'PaymentDeclined', cause: execution.cause });
  });

  test('an error carrying its own string cause keeps that cause', async () => {
    const execution = await run(invoke(), {}, { work: () => { throw failure('Custom', 'message', { cause: 'the custom cause' }); } });
    expect([execution.error, execution.cause]).toEqual(['Custom', 'the custom cause']);
  });

  test.each(['ResourceNotFoundException', 'TooManyRequestsException'])('%s is a Lambda service error: Lambda.%s', async (name) => {
    const execution = await run(invoke(), {}, { work: () => { throw failure(name, 'service said no'); } });
    expect(execution.error).toBe(`Lambda.${name}`);
  });

  test('JSONata Output sees $states.result as the whole invoke result', async () => {
    const execution = await run(invoke({ Output: '{% $states.result.Payload.total %}' }, 'JSONata'), {}, { work: () => ({ total: 9 }) });
    expect(execution.output).toBe(9);
  });
});

describe('plain Lambda ARN as Resource', () => {
  test('the result is the function output itself; LambdaFunction* history events', async () => {
    const execution = await run(single({ Type: 'Task', Resource: FN }), { n: 1 }, { work: () => ({ r: 1 }) });
    expect(execution.output).toEqual({ r: 1 });
    const h = execution.history;
    expect(types(h)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
    expect(h[2].lambdaFunctionScheduledEventDetails).toMatchObject({ resource: FN });
    expect(parse(h[2].lambdaFunctionScheduledEventDetails?.input)).toEqual({ n: 1 });
    expect(parse(h[4].lambdaFunctionSucceededEventDetails?.output)).toEqual({ r: 1 });
  });

  test('a thrown error is LambdaFunctionFailed with error and cause', async () => {
    const execution = await run(single({ Type: 'Task', Resource: FN }), {}, { work: () => { throw failure('Boom', 'bang'); } });
    expect(execution.error).toBe('Boom');
    expect(parse(execution.cause)).toMatchObject({ errorMessage: 'bang', errorType: 'Boom' });
    const failed = execution.history.find((e) => e.type === 'LambdaFunctionFailed');
    expect(failed?.lambdaFunctionFailedEventDetails).toMatchObject({ error: 'Boom', cause: execution.cause });
    expect(types(execution.history).slice(-2)).toEqual(['LambdaFunctionFailed', 'ExecutionFailed']);
  });

  test('JSONata Task with a plain ARN takes Arguments as the payload', async () => {
    const execution = await run(single({ Type: 'Task', Resource: FN, Arguments: { x: '{% $states.input.a %}' } }, 'JSONata'), { a: 3 }, { work: (p) => p });
    expect(execution.output).toEqual({ x: 3 });
  });
});

describe('arn:aws:states:::events:putEvents', () => {
  const entry = { Source: 'order-saga', DetailType: 'OrderConfirmed', EventBusName: 'orders', Detail: { orderId: 'o1' } };

  test('sends the entries through the putEvents option', async () => {
    const sent: unknown[] = [];
    const putEvents = async (entries: unknown[]) => {
      sent.push(...entries);
      return { Entries: [{ EventId: 'e-1' }], FailedEntryCount: 0 };
    };
    const definition = single({ Type: 'Task', Resource: 'arn:aws:states:::events:putEvents', Parameters: { Entries: [{ Source: entry.Source, DetailType: entry.DetailType, EventBusName: entry.EventBusName, 'Detail.$': '$.detail' }] } });
    const execution = await run(definition, { detail: { orderId: 'o1' } }, {}, { putEvents } as never);
    expect(execution.status).toBe('SUCCEEDED');
    expect(sent).toHaveLength(1);
    const [event] = sent as { Source: string; DetailType: string; EventBusName: string; Detail: unknown }[];
    expect(event).toMatchObject({ Source: 'order-saga', DetailType: 'OrderConfirmed', EventBusName: 'orders' });
    expect(typeof event.Detail === 'string' ? JSON.parse(event.Detail) : event.Detail).toEqual({ orderId: 'o1' });
    expect(execution.output).toMatchObject({ Entries: [{ EventId: 'e-1' }], FailedEntryCount: 0 });
  });

  test('JSONata Arguments work the same way', async () => {
    const sent: unknown[] = [];
    const definition = single({ Type: 'Task', Resource: 'arn:aws:states:::events:putEvents', Arguments: { Entries: [{ ...entry, Detail: '{% $states.input %}' }] } }, 'JSONata');
    const execution = await run(definition, { orderId: 'o2' }, {}, { putEvents: async (entries: unknown[]) => { sent.push(...entries); return { Entries: [{ EventId: 'e' }], FailedEntryCount: 0 }; } } as never);
    expect(execution.status).toBe('SUCCEEDED');
    const detail = (sent[0] as { Detail: unknown }).Detail;
    expect(typeof detail === 'string' ? JSON.parse(detail) : detail).toEqual({ orderId: 'o2' });
  });

  test('without a putEvents option the task fails with States.Runtime', async () => {
    const definition = single({ Type: 'Task', Resource: 'arn:aws:states:::events:putEvents', Parameters: { Entries: [entry] } });
    const execution = await run(definition, {});
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.Runtime');
  });
});

describe('an unsupported integration', () => {
  test('fails the execution with States.Runtime naming it, never silently', async () => {
    const definition = single({ Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: { QueueUrl: 'q', MessageBody: 'm' } });
    const machine = new StateMachine(definition, { invokeFunction: async () => null, timeScale: 0 });
    const execution = await machine.start({});
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.Runtime');
    expect(execution.cause).toContain('sqs:sendMessage');
  });
});
