// Wait, Succeed and Fail states in both query languages. Waits run on the virtual clock
// (timeScale 0): they never really sleep, but they still count against TimeoutSeconds.
import { run, single, types } from './support';

describe('Wait', () => {
  test.each([
    ['Seconds', { Seconds: 3600 }, {}],
    ['SecondsPath', { SecondsPath: '$.s' }, { s: 30 }],
    ['Timestamp in the past', { Timestamp: '2016-03-14T01:59:00Z' }, {}],
    ['TimestampPath', { TimestampPath: '$.t' }, { t: '2016-03-14T01:59:00Z' }],
  ])('%s: waits (virtually) and passes its input through', async (_name, fields, input) => {
    const execution = await run(single({ Type: 'Wait', ...fields }), input);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toEqual(input);
    expect(types(execution.history)).toEqual(['ExecutionStarted', 'WaitStateEntered', 'WaitStateExited', 'ExecutionSucceeded']);
  });

  test('a SecondsPath that matches nothing fails with States.Runtime', async () => {
    const execution = await run(single({ Type: 'Wait', SecondsPath: '$.input.waitSeconds' }), {});
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.Runtime');
    expect(execution.cause).toContain('$.input.waitSeconds');
  });

  test('a negative SecondsPath value fails with States.Runtime', async () => {
    const execution = await run(single({ Type: 'Wait', SecondsPath: '$.s' }), { s: -1 });
    expect(execution.error).toBe('States.Runtime');
  });

  test.each(['2016-13-05T21:29:29Z', '05-12-2016T21:29:29Z', '2016-12-05T21:29:29'])(
    'a TimestampPath value %s that is not ISO-8601 with offset fails with States.Runtime',
    async (t) => {
      const execution = await run(single({ Type: 'Wait', TimestampPath: '$.t' }), { t });
      expect(execution.status).toBe('FAILED');
      expect(execution.error).toBe('States.Runtime');
    },
  );

  test('JSONata Seconds and Timestamp are expressions', async () => {
    const seconds = await run(single({ Type: 'Wait', Seconds: '{% $states.input.s %}' }, 'JSONata'), { s: 5 });
    expect(seconds.status).toBe('SUCCEEDED');
    expect(seconds.output).toEqual({ s: 5 });
    const timestamp = await run(single({ Type: 'Wait', Timestamp: '{% $states.input.t %}', Output: 'waited' }, 'JSONata'), { t: '2016-03-14T01:59:00Z' });
    expect(timestamp.output).toBe('waited');
  });

  test('a JSONata Timestamp that does not parse fails with States.QueryEvaluationError', async () => {
    const execution = await run(single({ Type: 'Wait', Timestamp: '{% $states.input.t %}' }, 'JSONata'), { t: '2016-12-05T25:29:29Z' });
    expect(execution.error).toBe('States.QueryEvaluationError');
  });

  test('the virtual clock keeps order: a one-hour Wait inside a ten-minute machine timeout times out', async () => {
    const definition = { TimeoutSeconds: 600, StartAt: 'S', States: { S: { Type: 'Wait', Seconds: 3600, End: true } } };
    const execution = await run(definition, {});
    expect(execution.status).toBe('TIMED_OUT');
    expect(types(execution.history)).toEqual(['ExecutionStarted', 'WaitStateEntered', 'ExecutionTimedOut']);
  });

  test('on the virtual clock the history still shows the hour waited, as on AWS', async () => {
    const execution = await run(single({ Type: 'Wait', Seconds: 3600 }), {});
    const [entered, exited] = [execution.history[1], execution.history[2]];
    expect([entered.type, exited.type]).toEqual(['WaitStateEntered', 'WaitStateExited']);
    expect((exited.timestamp as Date).getTime() - (entered.timestamp as Date).getTime()).toBeGreaterThanOrEqual(3600_000);
  });

  test('a five-minute Wait inside a ten-minute machine timeout succeeds', async () => {
    const definition = { TimeoutSeconds: 600, StartAt: 'S', States: { S: { Type: 'Wait', Seconds: 300, End: true } } };
    expect((await run(definition, {})).status).toBe('SUCCEEDED');
  });

  test('JSONata machine-level TimeoutSeconds also bounds waits', async () => {
    const definition = { QueryLanguage: 'JSONata', TimeoutSeconds: 60, StartAt: 'S', States: { S: { Type: 'Wait', Seconds: 61, End: true } } };
    expect((await run(definition, {})).status).toBe('TIMED_OUT');
  });
});

describe('Succeed', () => {
  test('ends the execution with its (processed) input as output', async () => {
    const execution = await run({ StartAt: 'S', States: { S: { Type: 'Succeed', OutputPath: '$.keep' } } }, { keep: { a: 1 }, drop: 2 });
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toEqual({ a: 1 });
    expect(types(execution.history)).toEqual(['ExecutionStarted', 'SucceedStateEntered', 'SucceedStateExited', 'ExecutionSucceeded']);
  });

  test('JSONata Succeed with Output', async () => {
    expect((await run({ QueryLanguage: 'JSONata', StartAt: 'S', States: { S: { Type: 'Succeed', Output: '{% $states.input.a %}' } } }, { a: 7 })).output).toBe(7);
  });
});

describe('Fail', () => {
  const fail = (fields: Record<string, unknown>, queryLanguage?: 'JSONata') => ({
    ...(queryLanguage ? { QueryLanguage: queryLanguage } : {}),
    StartAt: 'F',
    States: { F: { Type: 'Fail', ...fields } },
  });

  test('Error and Cause end the execution FAILED', async () => {
    const execution = await run(fail({ Error: 'SomeFailure', Cause: 'it broke' }), { a: 1 });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('SomeFailure');
    expect(execution.cause).toBe('it broke');
    expect(execution.output).toBeUndefined();
    expect(types(execution.history)).toEqual(['ExecutionStarted', 'FailStateEntered', 'ExecutionFailed']);
    expect(execution.history[2].executionFailedEventDetails).toMatchObject({ error: 'SomeFailure', cause: 'it broke' });
  });

  test('a Fail without Error or Cause still fails', async () => {
    const execution = await run(fail({}), {});
    expect(execution.status).toBe('FAILED');
    expect(execution.error ?? undefined).toBeUndefined();
    expect(execution.cause ?? undefined).toBeUndefined();
  });

  test('ErrorPath and CausePath read the input, and accept intrinsic functions', async () => {
    const paths = await run(fail({ ErrorPath: '$.e', CausePath: '$.c' }), { e: 'PathError', c: 'path cause' });
    expect([paths.error, paths.cause]).toEqual(['PathError', 'path cause']);
    const intrinsic = await run(fail({ ErrorPath: "States.Format('E-{}', $.e)", CausePath: "States.Format('caused by {}', $.c)" }), { e: 'x', c: 'y' });
    expect([intrinsic.error, intrinsic.cause]).toEqual(['E-x', 'caused by y']);
  });

  test('a CausePath that matches nothing fails with States.Runtime', async () => {
    const execution = await run(fail({ Error: 'E', CausePath: '$.NoSuchCausePath' }), {});
    expect(execution.error).toBe('States.Runtime');
    expect(execution.cause).toContain('$.NoSuchCausePath');
  });

  test('JSONata Error and Cause are expressions', async () => {
    const execution = await run(fail({ Error: '{% $states.input.kind %}', Cause: '{% "order " & $states.input.id & " failed" %}' }, 'JSONata'), { kind: 'Bad', id: 'o1' });
    expect([execution.error, execution.cause]).toEqual(['Bad', 'order o1 failed']);
  });
});
