// TimeoutSeconds on tasks (States.Timeout) and on the machine (TIMED_OUT). A handler that never
// answers is raced against the timeout; these tests run on a scaled real clock (timeScale 0.001:
// a 5 s timeout lasts 5 ms) so a hung handler is bounded. The virtual clock (timeScale 0) is
// covered by the Wait and Retry tests.
import { failure, run, single, types } from './support';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:work';
const never = () => new Promise(() => undefined);
const scaled = { timeScale: 0.001 };

describe('task TimeoutSeconds', () => {
  test('a handler that never answers fails with States.Timeout', async () => {
    const execution = await run(single({ Type: 'Task', Resource: FN, TimeoutSeconds: 5 }), {}, { work: never }, scaled);
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.Timeout');
    expect(types(execution.history)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionTimedOut', 'ExecutionFailed']);
    expect(execution.history[2].lambdaFunctionScheduledEventDetails).toMatchObject({ resource: FN, timeoutInSeconds: 5 });
  });

  test('lambda:invoke timing out records TaskTimedOut', async () => {
    const definition = single({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: FN, 'Payload.$': '$' }, TimeoutSeconds: 5 });
    const execution = await run(definition, {}, { work: never }, scaled);
    expect(execution.error).toBe('States.Timeout');
    const timedOut = execution.history.find((e) => e.type === 'TaskTimedOut');
    expect(timedOut?.taskTimedOutEventDetails).toMatchObject({ resourceType: 'lambda', resource: 'invoke', error: 'States.Timeout' });
  });

  test('States.Timeout is caught by name and is not States.TaskFailed', async () => {
    const definition = {
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task', Resource: FN, TimeoutSeconds: 5,
          Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Wrong' }, { ErrorEquals: ['States.Timeout'], Next: 'Right' }],
          End: true,
        },
        Wrong: { Type: 'Pass', Result: 'wrong', End: true },
        Right: { Type: 'Pass', Result: 'right', End: true },
      },
    };
    expect((await run(definition, {}, { work: never }, scaled)).output).toBe('right');
  });

  test('States.Timeout can be retried', async () => {
    let calls = 0;
    const slowOnce = () => (++calls === 1 ? never() : 'ok');
    const definition = single({ Type: 'Task', Resource: FN, TimeoutSeconds: 5, Retry: [{ ErrorEquals: ['States.Timeout'], MaxAttempts: 1, IntervalSeconds: 1 }] });
    const execution = await run(definition, {}, { work: slowOnce }, scaled);
    expect(execution.output).toBe('ok');
  });

  test('JSONata TimeoutSeconds as an expression', async () => {
    const execution = await run(single({ Type: 'Task', Resource: FN, TimeoutSeconds: '{% $states.input.t %}' }, 'JSONata'), { t: 3 }, { work: never }, scaled);
    expect(execution.error).toBe('States.Timeout');
  });

  // TimeoutSeconds stops Step Functions waiting, not the Lambda invocation: it runs on to its end.
  test('a timed-out invocation is abandoned: the Catch runs and the execution ends, then the invocation completes, unrecorded', async () => {
    let finished = false;
    let answered!: () => void;
    const settled = new Promise<void>((resolve) => (answered = resolve));
    const slow = () => new Promise((resolve) => setTimeout(resolve, 300)).then(() => {
      finished = true;
      answered();
      return 'too late';
    });
    const definition = {
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: FN, TimeoutSeconds: 5, Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'TimedOut' }], End: true },
        TimedOut: { Type: 'Pass', End: true },
      },
    };
    const execution = await run(definition, {}, { work: slow }, scaled);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toMatchObject({ Error: 'States.Timeout' });
    expect(finished).toBe(false);
    const recorded = execution.history.length;
    await settled;
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(finished).toBe(true);
    expect(execution.history).toHaveLength(recorded);
    expect(types(execution.history)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionTimedOut', 'TaskStateExited', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
  });

  // With timeScale 0 nothing sleeps, but a hung handler must still lose against its timeout (at
  // the latest after TimeoutSeconds of real time), as on AWS; it must never hang the execution.
  test('with timeScale 0 a handler that never answers still times out', async () => {
    const execution = await run(single({ Type: 'Task', Resource: FN, TimeoutSeconds: 1 }), {}, { work: never }, { timeScale: 0 });
    expect(execution.error).toBe('States.Timeout');
  }, 10_000);

  test('with timeScale 0 a retry after a timeout does not wait for the abandoned invocation', async () => {
    let calls = 0;
    const hangsOnce = () => (++calls === 1 ? never() : 'ok');
    const definition = single({ Type: 'Task', Resource: FN, TimeoutSeconds: 1, Retry: [{ ErrorEquals: ['States.Timeout'], MaxAttempts: 1, IntervalSeconds: 3600 }] });
    const execution = await run(definition, {}, { work: hangsOnce }, { timeScale: 0 });
    expect(execution.output).toBe('ok');
  }, 10_000);
});

describe('machine TimeoutSeconds', () => {
  test('a handler that never answers times the execution out: TIMED_OUT with ExecutionTimedOut last', async () => {
    const definition = { TimeoutSeconds: 30, ...single({ Type: 'Task', Resource: FN }) };
    const execution = await run(definition, {}, { work: never }, scaled);
    expect(execution.status).toBe('TIMED_OUT');
    expect(execution.error).toBe('States.Timeout');
    const last = execution.history[execution.history.length - 1];
    expect(last.type).toBe('ExecutionTimedOut');
    expect(last.executionTimedOutEventDetails).toMatchObject({ error: 'States.Timeout' });
  });

  test('a machine timeout cannot be caught by a state\'s Catch', async () => {
    const definition = {
      TimeoutSeconds: 10,
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: FN, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'H' }], End: true }, H: { Type: 'Pass', End: true } },
    };
    const execution = await run(definition, {}, { work: never }, scaled);
    expect(execution.status).toBe('TIMED_OUT');
    expect(types(execution.history)).not.toContain('PassStateEntered');
  });

  test('a machine timeout stops retries on the virtual clock (timeScale 0)', async () => {
    const definition = { TimeoutSeconds: 60, ...single({ Type: 'Task', Resource: FN, Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 50, MaxAttempts: 5, BackoffRate: 1 }] }) };
    const execution = await run(definition, {}, { work: () => { throw failure('Flaky'); } });
    expect(execution.status).toBe('TIMED_OUT');
    expect(execution.calls).toHaveLength(2);
  });
});
