// Retry and Catch per the ASL spec ("Error handling in Step Functions"). Intervals are observed
// through the virtual clock: the machine's TimeoutSeconds fires exactly when the summed retry
// delays pass it, whatever timeScale is, because the engine keeps the order of every duration.
import { failure, run, single, types } from './support';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:work';

/** A handler that fails `times` times with `name`, then returns 'ok'. */
function flaky(times: number, name = 'Transient') {
  let calls = 0;
  return () => {
    calls += 1;
    if (calls <= times) throw failure(name, `attempt ${calls}`);
    return 'ok';
  };
}

const task = (fields: Record<string, unknown>, machine: Record<string, unknown> = {}) => ({ ...machine, ...single({ Type: 'Task', Resource: FN, ...fields }) });

describe('Retry', () => {
  test('retries a matching error up to MaxAttempts and then succeeds', async () => {
    const execution = await run(task({ Retry: [{ ErrorEquals: ['Transient'], MaxAttempts: 2 }] }), {}, { work: flaky(2) });
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toBe('ok');
    expect(execution.calls).toHaveLength(3);
  });

  test('gives up after MaxAttempts retries with the last error', async () => {
    const execution = await run(task({ Retry: [{ ErrorEquals: ['Transient'], MaxAttempts: 2 }] }), {}, { work: flaky(5) });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Transient');
    expect(JSON.parse(execution.cause as string).errorMessage).toBe('attempt 3');
    expect(execution.calls).toHaveLength(3);
  });

  test('MaxAttempts defaults to 3', async () => {
    const execution = await run(task({ Retry: [{ ErrorEquals: ['States.ALL'] }] }), {}, { work: flaky(10) });
    expect(execution.calls).toHaveLength(4);
  });

  test('MaxAttempts 0 never retries, and the first matching retrier decides (no fall-through)', async () => {
    const definition = task({
      Retry: [
        { ErrorEquals: ['Transient'], MaxAttempts: 0 },
        { ErrorEquals: ['States.ALL'], MaxAttempts: 5 },
      ],
    });
    const execution = await run(definition, {}, { work: flaky(10) });
    expect(execution.status).toBe('FAILED');
    expect(execution.calls).toHaveLength(1);
  });

  test('retriers are matched in order: a later retrier applies to errors the earlier does not name', async () => {
    const definition = task({
      Retry: [
        { ErrorEquals: ['Other'], MaxAttempts: 0 },
        { ErrorEquals: ['States.ALL'], MaxAttempts: 1 },
      ],
    });
    const execution = await run(definition, {}, { work: flaky(1) });
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.calls).toHaveLength(2);
  });

  test('States.TaskFailed matches a task error', async () => {
    const execution = await run(task({ Retry: [{ ErrorEquals: ['States.TaskFailed'], MaxAttempts: 1 }] }), {}, { work: flaky(1) });
    expect(execution.status).toBe('SUCCEEDED');
  });

  test('the retry history repeats the scheduled/started/failed events inside one state', async () => {
    const execution = await run(task({ Retry: [{ ErrorEquals: ['Transient'], MaxAttempts: 1 }] }), {}, { work: flaky(1) });
    expect(types(execution.history)).toEqual([
      'ExecutionStarted', 'TaskStateEntered',
      'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionFailed',
      'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionSucceeded',
      'TaskStateExited', 'ExecutionSucceeded',
    ]);
  });

  test('the history shows each retry interval (virtual time) between failure and next attempt', async () => {
    const definition = task({ Retry: [{ ErrorEquals: ['Transient'], IntervalSeconds: 10, BackoffRate: 3, MaxAttempts: 2 }] });
    const execution = await run(definition, {}, { work: flaky(2) });
    const at = (type: string) => execution.history.filter((e) => e.type === type).map((e) => (e.timestamp as Date).getTime());
    const [failed1, failed2] = at('LambdaFunctionFailed');
    const [, scheduled2, scheduled3] = at('LambdaFunctionScheduled');
    expect(scheduled2 - failed1).toBeGreaterThanOrEqual(10_000);
    expect(scheduled3 - failed2).toBeGreaterThanOrEqual(30_000);
    expect(execution.output).toBe('ok');
  });

  // IntervalSeconds 10, BackoffRate 2, 3 retries: delays 10 + 20 + 40 = 70 s before the last attempt.
  const backoff = { ErrorEquals: ['Transient'], IntervalSeconds: 10, BackoffRate: 2, MaxAttempts: 3 };
  test.each([
    [65, 'TIMED_OUT'],
    [75, 'FAILED'],
  ])('IntervalSeconds and BackoffRate: 70 s of delays inside a %i s machine timeout → %s', async (timeout, status) => {
    const execution = await run(task({ Retry: [backoff] }, { TimeoutSeconds: timeout }), {}, { work: flaky(10) });
    expect(execution.status).toBe(status);
  });

  // MaxDelaySeconds 15 caps the delays at 10 + 15 + 15 = 40 s.
  test.each([
    [35, 'TIMED_OUT'],
    [45, 'FAILED'],
  ])('MaxDelaySeconds caps each delay: 40 s inside a %i s machine timeout → %s', async (timeout, status) => {
    const execution = await run(task({ Retry: [{ ...backoff, MaxDelaySeconds: 15 }] }, { TimeoutSeconds: timeout }), {}, { work: flaky(10) });
    expect(execution.status).toBe(status);
  });

  /** The wait before each retry, in virtual ms: from a failed attempt to the next one's scheduling. */
  const retryGaps = (execution: Awaited<ReturnType<typeof run>>) => {
    const at = (type: string) => execution.history.filter((e) => e.type === type).map((e) => (e.timestamp as Date).getTime());
    const failed = at('LambdaFunctionFailed');
    return at('LambdaFunctionScheduled').slice(1).map((scheduled, i) => scheduled - failed[i]);
  };
  /** A gap is the virtual wait plus the real milliseconds the engine took around it. */
  const expectGaps = (gaps: number[], waits: number[]) => {
    const matched = gaps.map((gap, i) => (gap >= waits[i] && gap < waits[i] + 1_000 ? waits[i] : gap));
    expect(matched).toEqual(waits);
  };

  // AWS: FULL jitter waits a random time between 0 and the backoff (IntervalSeconds × BackoffRate^n,
  // capped by MaxDelaySeconds). With Math.random stubbed, each wait shows which draw it was made from.
  test('JitterStrategy FULL draws each wait uniformly from [0, backoff]: Math.random() × the unjittered delay', async () => {
    const random = jest.spyOn(Math, 'random').mockReturnValueOnce(0.25).mockReturnValueOnce(0.5).mockReturnValueOnce(0);
    try {
      const execution = await run(task({ Retry: [{ ...backoff, JitterStrategy: 'FULL' }] }), {}, { work: flaky(3) });
      expect(execution.status).toBe('SUCCEEDED');
      expect(random).toHaveBeenCalledTimes(3);
      // Backoffs 10, 20, 40 s.
      expectGaps(retryGaps(execution), [0.25 * 10_000, 0.5 * 20_000, 0]);
    } finally {
      random.mockRestore();
    }
  });

  test('without JitterStrategy (NONE) the waits are the backoffs themselves, and nothing is drawn', async () => {
    const random = jest.spyOn(Math, 'random');
    try {
      const execution = await run(task({ Retry: [backoff] }), {}, { work: flaky(3) });
      expect(random).not.toHaveBeenCalled();
      expectGaps(retryGaps(execution), [10_000, 20_000, 40_000]);
    } finally {
      random.mockRestore();
    }
  });

  test('JitterStrategy FULL never waits longer than the unjittered delays', async () => {
    for (let i = 0; i < 5; i++) {
      const execution = await run(task({ Retry: [{ ...backoff, JitterStrategy: 'FULL' }] }, { TimeoutSeconds: 71 }), {}, { work: flaky(10) });
      expect(execution.status).toBe('FAILED');
      expect(execution.calls).toHaveLength(4);
    }
  });

  test('Retry works in JSONata states too', async () => {
    const definition = single({ Type: 'Task', Resource: FN, Retry: [{ ErrorEquals: ['Transient'], MaxAttempts: 1 }] }, 'JSONata');
    const execution = await run(definition, {}, { work: flaky(1) });
    expect(execution.output).toBe('ok');
  });
});

describe('Catch', () => {
  // Only states some catcher reaches are declared: an unreachable state is an invalid definition.
  const withCatch = (catchers: (Record<string, unknown> & { Next: string })[]) => {
    const targets: Record<string, unknown> = { Handle: { Type: 'Pass', End: true }, Other: { Type: 'Pass', Result: 'other', End: true } };
    const reached = Object.fromEntries(Object.entries(targets).filter(([name]) => catchers.some((c) => c.Next === name)));
    return { StartAt: 'T', States: { T: { Type: 'Task', Resource: FN, Catch: catchers, End: true }, ...reached } };
  };

  test('default ResultPath $ replaces the input with { Error, Cause }', async () => {
    const execution = await run(withCatch([{ ErrorEquals: ['Boom'], Next: 'Handle' }]), { a: 1 }, { work: () => { throw failure('Boom', 'bang'); } });
    expect(execution.status).toBe('SUCCEEDED');
    const output = execution.output as { Error: string; Cause: string };
    expect(output.Error).toBe('Boom');
    expect(JSON.parse(output.Cause)).toMatchObject({ errorMessage: 'bang', errorType: 'Boom' });
  });

  test('ResultPath puts the error output beside the original input', async () => {
    const execution = await run(withCatch([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Handle' }]), { a: 1 }, { work: () => { throw failure('Boom'); } });
    expect(execution.output).toMatchObject({ a: 1, error: { Error: 'Boom' } });
  });

  test('catchers are tried in order; the first match picks Next', async () => {
    const definition = withCatch([
      { ErrorEquals: ['Nope'], Next: 'Other' },
      { ErrorEquals: ['Boom', 'Bang'], Next: 'Handle' },
      { ErrorEquals: ['States.ALL'], Next: 'Other' },
    ]);
    const execution = await run(definition, {}, { work: () => { throw failure('Bang'); } });
    expect((execution.output as { Error: string }).Error).toBe('Bang');
  });

  test('retry runs before catch', async () => {
    const definition = {
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: FN, Retry: [{ ErrorEquals: ['Transient'], MaxAttempts: 2 }], Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handle' }], End: true },
        Handle: { Type: 'Pass', Result: 'caught', End: true },
      },
    };
    const execution = await run(definition, {}, { work: flaky(10) });
    expect(execution.output).toBe('caught');
    expect(execution.calls).toHaveLength(3);
  });

  test('an uncaught error fails the execution', async () => {
    const execution = await run(withCatch([{ ErrorEquals: ['Other'], Next: 'Handle' }]), {}, { work: () => { throw failure('Boom'); } });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Boom');
  });

  // "A retry or catch on States.ALL won't catch States.Runtime errors" (Error handling, error names).
  test('States.Runtime is not caught by States.ALL and not retried', async () => {
    const definition = {
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: FN, Parameters: { 'x.$': '$.missing' }, Retry: [{ ErrorEquals: ['States.ALL'] }], Catch: [{ ErrorEquals: ['States.ALL'], Next: 'H' }], End: true },
        H: { Type: 'Pass', End: true },
      },
    };
    const execution = await run(definition, {}, { work: () => 'never' });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.Runtime');
    expect(execution.calls).toHaveLength(0);
  });

  test('JSONata Catch: Output and Assign see $states.errorOutput', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: FN,
          Catch: [{ ErrorEquals: ['States.ALL'], Assign: { failedWith: '{% $states.errorOutput.Error %}' }, Output: { original: '{% $states.input %}', error: '{% $states.errorOutput.Error %}' }, Next: 'H' }],
          End: true,
        },
        H: { Type: 'Pass', Output: { seen: '{% $states.input %}', variable: '{% $failedWith %}' }, End: true },
      },
    };
    const execution = await run(definition, { a: 1 }, { work: () => { throw failure('Boom'); } });
    expect(execution.output).toEqual({ seen: { original: { a: 1 }, error: 'Boom' }, variable: 'Boom' });
  });

  test('JSONata Catch without Output passes the error output on', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: FN, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'H' }], End: true }, H: { Type: 'Pass', End: true } },
    };
    const execution = await run(definition, {}, { work: () => { throw failure('Boom', 'bang'); } });
    expect((execution.output as { Error: string }).Error).toBe('Boom');
  });

  test('Catch on a Parallel state catches a branch failure', async () => {
    const definition = {
      StartAt: 'P',
      States: {
        P: { Type: 'Parallel', Branches: [{ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'BranchFailed', Cause: 'c' } } }], Catch: [{ ErrorEquals: ['BranchFailed'], Next: 'H' }], End: true },
        H: { Type: 'Pass', End: true },
      },
    };
    expect((await run(definition, {})).output).toEqual({ Error: 'BranchFailed', Cause: 'c' });
  });
});
