// Parallel and inline Map states, in both query languages: outputs in branch/item order,
// failure of a branch or iteration, MaxConcurrency and the tolerated-failure thresholds.
import { expectChain, failure, run, types } from './support';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:work';

describe('Parallel', () => {
  const branch = (result: unknown) => ({ StartAt: 'B', States: { B: { Type: 'Pass', Result: result, End: true } } });

  test('the output is the array of branch outputs in branch order', async () => {
    const definition = { StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [branch('one'), branch('two'), { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } }], End: true } } };
    const execution = await run(definition, { in: 1 });
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toEqual(['one', 'two', { in: 1 }]);
  });

  test('each branch gets the effective input (InputPath/Parameters) and ResultPath/ResultSelector apply', async () => {
    const definition = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Parameters: { 'v.$': '$.v' },
          Branches: [{ StartAt: 'B', States: { B: { Type: 'Pass', OutputPath: '$.v', End: true } } }, branch('x')],
          ResultSelector: { 'first.$': '$[0]' },
          ResultPath: '$.result',
          End: true,
        },
      },
    };
    expect((await run(definition, { v: 3 })).output).toEqual({ v: 3, result: { first: 3 } });
  });

  test('history: Parallel events wrap the branches and the chain points backwards', async () => {
    const definition = { StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [branch(1), branch(2)], End: true } } };
    const execution = await run(definition, {});
    const t = types(execution.history);
    expect(t.slice(0, 3)).toEqual(['ExecutionStarted', 'ParallelStateEntered', 'ParallelStateStarted']);
    expect(t.slice(-3)).toEqual(['ParallelStateSucceeded', 'ParallelStateExited', 'ExecutionSucceeded']);
    expect(t.filter((x) => x === 'PassStateEntered')).toHaveLength(2);
    expectChain(execution.history);
  });

  test('a failing branch fails the state with its error', async () => {
    const definition = { StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [branch(1), { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'FailureType', Cause: 'why' } } }], End: true } } };
    const execution = await run(definition, {});
    expect(execution.status).toBe('FAILED');
    expect([execution.error, execution.cause]).toEqual(['FailureType', 'why']);
    expect(types(execution.history)).toContain('ParallelStateFailed');
  });

  test('Retry on a Parallel state re-runs all branches', async () => {
    let calls = 0;
    const work = () => { calls += 1; if (calls === 1) throw failure('Transient'); return calls; };
    const definition = {
      StartAt: 'P',
      States: { P: { Type: 'Parallel', Branches: [{ StartAt: 'T', States: { T: { Type: 'Task', Resource: FN, End: true } } }], Retry: [{ ErrorEquals: ['Transient'], MaxAttempts: 1 }], End: true } },
    };
    const execution = await run(definition, {}, { work });
    expect(execution.output).toEqual([2]);
  });

  test('JSONata: Arguments feed every branch and Output sees the array as $states.result', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Arguments: { n: '{% $states.input.n %}' },
          Branches: [
            { StartAt: 'A', States: { A: { Type: 'Pass', Output: '{% $states.input.n + 1 %}', End: true } } },
            { StartAt: 'B', States: { B: { Type: 'Pass', Output: '{% $states.input.n * 10 %}', End: true } } },
          ],
          Output: { sum: '{% $sum($states.result) %}' },
          End: true,
        },
      },
    };
    expect((await run(definition, { n: 2 })).output).toEqual({ sum: 23 });
  });
});

describe('Map (inline)', () => {
  const processor = (states: Record<string, unknown>, startAt = Object.keys(states)[0]) => ({ ProcessorConfig: { Mode: 'INLINE' }, StartAt: startAt, States: states });

  test('ItemsPath iterates the selected array and keeps item order', async () => {
    const definition = {
      StartAt: 'M',
      States: { M: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: processor({ T: { Type: 'Task', Resource: FN, End: true } }), End: true } },
    };
    const execution = await run(definition, { items: [1, 2, 3] }, { work: (n) => (n as number) * 2 });
    expect(execution.output).toEqual([2, 4, 6]);
  });

  test('Iterator (the older field name) still works', async () => {
    const definition = { StartAt: 'M', States: { M: { Type: 'Map', Iterator: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } } };
    expect((await run(definition, ['a', 'b'])).output).toEqual(['a', 'b']);
  });

  test('ItemSelector builds each item input with $$.Map.Item.Index and Value', async () => {
    const definition = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemSelector: { 'index.$': '$$.Map.Item.Index', 'value.$': '$$.Map.Item.Value', 'tag.$': '$.tag' },
          ItemProcessor: processor({ P: { Type: 'Pass', End: true } }),
          ResultPath: '$.out',
          End: true,
        },
      },
    };
    expect((await run(definition, { tag: 't', items: ['a', 'b'] })).output).toEqual({
      tag: 't', items: ['a', 'b'], out: [{ index: 0, value: 'a', tag: 't' }, { index: 1, value: 'b', tag: 't' }],
    });
  });

  test('history: Map state and iteration events, with the iteration index', async () => {
    const definition = { StartAt: 'M', States: { M: { Type: 'Map', MaxConcurrency: 1, ItemProcessor: processor({ P: { Type: 'Pass', End: true } }), End: true } } };
    const execution = await run(definition, ['x', 'y']);
    expect(types(execution.history)).toEqual([
      'ExecutionStarted', 'MapStateEntered', 'MapStateStarted',
      'MapIterationStarted', 'PassStateEntered', 'PassStateExited', 'MapIterationSucceeded',
      'MapIterationStarted', 'PassStateEntered', 'PassStateExited', 'MapIterationSucceeded',
      'MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded',
    ]);
    const started = execution.history.find((e) => e.type === 'MapStateStarted');
    expect(started?.mapStateStartedEventDetails).toEqual({ length: 2 });
    const iterations = execution.history.filter((e) => e.type === 'MapIterationStarted');
    expect(iterations.map((e) => e.mapIterationStartedEventDetails)).toEqual([{ name: 'M', index: 0 }, { name: 'M', index: 1 }]);
    expectChain(execution.history);
  });

  test('an empty array gives an empty output', async () => {
    const definition = { StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: processor({ P: { Type: 'Pass', End: true } }), End: true } } };
    expect((await run(definition, [])).output).toEqual([]);
  });

  test('a failing iteration fails the Map with the iteration error', async () => {
    const definition = { StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: processor({ T: { Type: 'Task', Resource: FN, End: true } }), End: true } } };
    const execution = await run(definition, [1, 2, 3], { work: (n) => { if (n === 2) throw failure('ItemFailed', 'item 2'); return n; } });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('ItemFailed');
    const t = types(execution.history);
    expect(t).toContain('MapIterationFailed');
    expect(t).toContain('MapStateFailed');
  });

  test('Catch on a Map state catches an iteration failure, with ResultPath', async () => {
    const definition = {
      StartAt: 'M',
      States: {
        M: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: processor({ T: { Type: 'Task', Resource: FN, End: true } }), Catch: [{ ErrorEquals: ['ItemFailed'], ResultPath: '$.error', Next: 'H' }], End: true },
        H: { Type: 'Pass', End: true },
      },
    };
    const execution = await run(definition, { items: [1] }, { work: () => { throw failure('ItemFailed', 'no'); } });
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toMatchObject({ items: [1], error: { Error: 'ItemFailed' } });
  });

  test('Parameters (the older name of ItemSelector) and MaxConcurrencyPath from a variable', async () => {
    const definition = {
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: { limit: 1 }, Next: 'M' },
        M: { Type: 'Map', MaxConcurrencyPath: '$limit', Parameters: { 'v.$': '$$.Map.Item.Value' }, Iterator: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true },
      },
    };
    expect((await run(definition, [7, 8])).output).toEqual([{ v: 7 }, { v: 8 }]);
  });

  test('an ItemsPath that matches nothing fails with States.Runtime', async () => {
    const definition = { StartAt: 'M', States: { M: { Type: 'Map', ItemsPath: '$.nothing', ItemProcessor: processor({ P: { Type: 'Pass', End: true } }), End: true } } };
    expect((await run(definition, {})).error).toBe('States.Runtime');
  });

  test('a non-array ItemsPath fails with States.Runtime', async () => {
    const definition = { StartAt: 'M', States: { M: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: processor({ P: { Type: 'Pass', End: true } }), End: true } } };
    const execution = await run(definition, { items: 'nope' });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.Runtime');
  });

  async function peakConcurrency(maxConcurrency: number, items: number) {
    let inFlight = 0;
    let peak = 0;
    const work = async (n: unknown) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return n;
    };
    const definition = { StartAt: 'M', States: { M: { Type: 'Map', MaxConcurrency: maxConcurrency, ItemProcessor: processor({ T: { Type: 'Task', Resource: FN, End: true } }), End: true } } };
    const execution = await run(definition, Array.from({ length: items }, (_, i) => i), { work });
    expect(execution.output).toEqual(Array.from({ length: items }, (_, i) => i));
    return peak;
  }

  test('MaxConcurrency 1 runs iterations one at a time', async () => {
    expect(await peakConcurrency(1, 4)).toBe(1);
  });

  test('MaxConcurrency 2 runs at most two at once', async () => {
    expect(await peakConcurrency(2, 6)).toBe(2);
  });

  test('MaxConcurrency 0 (the default) does not serialize', async () => {
    expect(await peakConcurrency(0, 4)).toBeGreaterThan(1);
  });

  const failingOn = (bad: number[]) => (n: unknown) => { if (bad.includes(n as number)) throw failure('ItemFailed'); return n; };
  // Tolerated failures are a Distributed Map feature ("Map state in Distributed mode"); an inline
  // Map fails on its first failed iteration (tested above).
  const tolerant = (fields: Record<string, unknown>) => ({
    StartAt: 'M',
    States: { M: { Type: 'Map', ...fields, ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'T', States: { T: { Type: 'Task', Resource: FN, End: true } } }, End: true } },
  });

  test.each([
    [{ ToleratedFailureCount: 1 }, [2], 'SUCCEEDED'],
    [{ ToleratedFailureCount: 1 }, [1, 2], 'FAILED'],
    [{ ToleratedFailurePercentage: 50 }, [1], 'SUCCEEDED'],
    [{ ToleratedFailurePercentage: 50 }, [1, 2, 3], 'FAILED'],
  ])('distributed %j with failing items %j → %s', async (fields, bad, status) => {
    const execution = await run(tolerant(fields), [1, 2, 3, 4], { work: failingOn(bad) });
    expect(execution.status).toBe(status);
    if (status === 'FAILED') expect(execution.error).toBe('States.ExceedToleratedFailureThreshold');
  });

  test('a negative ToleratedFailureCountPath value fails with States.Runtime', async () => {
    const execution = await run(tolerant({ ItemsPath: '$.items', ToleratedFailureCountPath: '$.count' }), { items: [1], count: -1 }, { work: (n) => n });
    expect(execution.error).toBe('States.Runtime');
  });

  test('JSONata: Items, ItemSelector with $states.context.Map.Item, Output', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          Items: '{% $states.input.list %}',
          ItemSelector: { value: '{% $states.context.Map.Item.Value %}', index: '{% $states.context.Map.Item.Index %}' },
          ItemProcessor: processor({ P: { Type: 'Pass', Output: '{% $states.input.value * 10 + $states.input.index %}', End: true } }),
          Output: { results: '{% $states.result %}' },
          End: true,
        },
      },
    };
    expect((await run(definition, { list: [1, 2] })).output).toEqual({ results: [10, 21] });
  });

  test('JSONata Items may be a literal array', async () => {
    const definition = { QueryLanguage: 'JSONata', StartAt: 'M', States: { M: { Type: 'Map', Items: [1, 2], ItemProcessor: processor({ P: { Type: 'Pass', End: true } }), End: true } } };
    expect((await run(definition, {})).output).toEqual([1, 2]);
  });

  test('JSONata Items that is not an array fails with States.QueryEvaluationError', async () => {
    const definition = { QueryLanguage: 'JSONata', StartAt: 'M', States: { M: { Type: 'Map', Items: '{% $states.input.v %}', ItemProcessor: processor({ P: { Type: 'Pass', End: true } }), End: true } } };
    const execution = await run(definition, { v: { foo: 'bar' } });
    expect(execution.error).toBe('States.QueryEvaluationError');
  });

  test('JSONata Map without Items iterates an array input, and fails on a non-array one', async () => {
    const definition = { QueryLanguage: 'JSONata', StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: processor({ P: { Type: 'Pass', End: true } }), End: true } } };
    expect((await run(definition, [3, 4])).output).toEqual([3, 4]);
    expect((await run(definition, { foo: 'bar' })).error).toBe('States.QueryEvaluationError');
  });
});

// AWS fails a Parallel or Map as soon as one branch or iteration fails; invocations already
// running in the others are not cancelled but run to their end, unobserved. Jest fails a test on
// an unhandled promise rejection, so the late rejections below also check that none escapes.
describe('a failing branch or iteration fails the state at once', () => {
  const SLOW = 300;
  /** A handler that answers after SLOW ms of real time; `settled` resolves once it has answered. */
  function late(answer: () => unknown) {
    const state = { done: false };
    let finish!: () => void;
    const settled = new Promise<void>((resolve) => (finish = resolve));
    const handler = () =>
      new Promise((resolve) => setTimeout(resolve, SLOW)).then(() => {
        state.done = true;
        finish();
        return answer();
      });
    return { handler, settled, state };
  }
  /** Lets what the engine still runs after the late answer (its continuations) take its turn. */
  const afterwards = async (settled: Promise<void>) => {
    await settled;
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  const FAST_FN = 'arn:aws:lambda:us-east-1:123456789012:function:fast';
  const SLOW_FN = 'arn:aws:lambda:us-east-1:123456789012:function:slow';
  const task = (resource: string) => ({ StartAt: 'T', States: { T: { Type: 'Task', Resource: resource, End: true } } });
  const caughtBy = (state: Record<string, unknown>, next: Record<string, unknown> = { Type: 'Pass', End: true }) => ({
    StartAt: 'S',
    States: { S: { ...state, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }], End: true }, Caught: next },
  });
  const mapOf = (workByItem: Record<number, () => unknown>) => ({
    definition: caughtBy({ Type: 'Map', ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, ...task(FN) } }),
    handlers: { work: (n: unknown) => workByItem[n as number]() },
  });

  test('Map: the Catch runs and the execution ends while another iteration\'s invocation still runs; that invocation completes, unrecorded', async () => {
    const slow = late(() => 'late result');
    const { definition, handlers } = mapOf({ 0: () => { throw failure('ItemFailed', 'item 0'); }, 1: slow.handler });
    const execution = await run(definition, [0, 1], handlers);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toMatchObject({ Error: 'ItemFailed' });
    expect(execution.calls).toHaveLength(2);
    expect(slow.state.done).toBe(false);
    const recorded = execution.history.length;
    await afterwards(slow.settled);
    expect(slow.state.done).toBe(true);
    expect(execution.history).toHaveLength(recorded);
    expect(types(execution.history)).not.toContain('LambdaFunctionSucceeded');
    expect(types(execution.history)).not.toContain('MapIterationSucceeded');
    expect(types(execution.history).slice(-6)).toEqual(['MapIterationFailed', 'MapStateFailed', 'MapStateExited', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
    expectChain(execution.history);
  });

  test('Map: the Catch sees the first failure, not a later one from another iteration', async () => {
    const slow = late(() => { throw failure('LateFailure'); });
    const { definition, handlers } = mapOf({ 0: slow.handler, 1: () => { throw failure('FirstFailure'); } });
    const execution = await run(definition, [0, 1], handlers);
    expect(execution.output).toMatchObject({ Error: 'FirstFailure' });
    expect(slow.state.done).toBe(false);
    const recorded = execution.history.length;
    await afterwards(slow.settled);
    expect(execution.history).toHaveLength(recorded);
    expect(execution.history.filter((e) => e.type === 'LambdaFunctionFailed')).toHaveLength(1);
  });

  test('an iteration left running that answers while the execution goes on records nothing and does not move the chain', async () => {
    const slow = late(() => 'late result');
    // the Catch target waits for the abandoned invocation to answer before it answers itself
    const definition = caughtBy(
      { Type: 'Map', ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, ...task(FN) } },
      { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:after', End: true },
    );
    const execution = await run(definition, [0, 1], {
      work: (n) => (n === 0 ? Promise.reject(failure('ItemFailed')) : slow.handler()),
      after: async () => {
        await afterwards(slow.settled);
        return 'after';
      },
    });
    expect(slow.state.done).toBe(true);
    expect(execution.output).toBe('after');
    const history = execution.history;
    expect(types(history)).not.toContain('MapIterationSucceeded');
    const failed = history.findIndex((e) => e.type === 'MapStateFailed');
    const rest = history.slice(failed);
    expect(types(rest)).toEqual(['MapStateFailed', 'MapStateExited', 'TaskStateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
    rest.slice(1).forEach((event, i) => expect(event.previousEventId).toBe(rest[i].id));
    expectChain(history);
  });

  test('a Wait after the Catch does not wait for the abandoned invocation (timeScale 0)', async () => {
    const slow = late(() => 'late result');
    const { handlers } = mapOf({ 0: () => { throw failure('ItemFailed'); }, 1: slow.handler });
    const definition = caughtBy(
      { Type: 'Map', ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, ...task(FN) } },
      { Type: 'Wait', Seconds: 3600, End: true },
    );
    const execution = await run(definition, [0, 1], handlers, { timeScale: 0 });
    expect(execution.status).toBe('SUCCEEDED');
    expect(slow.state.done).toBe(false);
    await afterwards(slow.settled);
  });

  test('Parallel: a failing branch fails the state while another branch\'s invocation runs; its late failure is swallowed', async () => {
    const slow = late(() => { throw failure('LateFailure'); });
    const definition = caughtBy({ Type: 'Parallel', Branches: [task(SLOW_FN), task(FAST_FN)] });
    const execution = await run(definition, {}, { slow: slow.handler, fast: () => { throw failure('BranchFailed', 'fast branch'); } });
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toMatchObject({ Error: 'BranchFailed' });
    expect(execution.calls.map((c) => c.fn)).toEqual([SLOW_FN, FAST_FN]);
    expect(slow.state.done).toBe(false);
    const recorded = execution.history.length;
    await afterwards(slow.settled);
    expect(slow.state.done).toBe(true);
    expect(execution.history).toHaveLength(recorded);
    expect(execution.history.filter((e) => e.type === 'LambdaFunctionFailed')).toHaveLength(1);
    expect(types(execution.history).slice(-5)).toEqual(['ParallelStateFailed', 'ParallelStateExited', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
    expectChain(execution.history);
  });

  test('Parallel without a Catch: the execution fails at once with the branch error', async () => {
    const slow = late(() => 'late result');
    const definition = { StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [task(SLOW_FN), { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Broken', Cause: 'why' } } }], End: true } } };
    const execution = await run(definition, {}, { slow: slow.handler });
    expect([execution.status, execution.error, execution.cause]).toEqual(['FAILED', 'Broken', 'why']);
    expect(slow.state.done).toBe(false);
    const recorded = execution.history.length;
    await afterwards(slow.settled);
    expect(execution.history).toHaveLength(recorded);
    expect(execution.history[recorded - 1].type).toBe('ExecutionFailed');
  });
});
