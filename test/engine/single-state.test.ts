// One state run on its own (SingleState, what TestState builds on): the state's own processing,
// with a probe that sees each intermediate value under AWS's inspectionData names and may stand
// in for a Parallel's branches or a Map's iterations, and the Retry/Catch decision reported
// instead of carried out (ASL spec "Error handling"; AWS's TestState statuses).
import { InvalidDefinitionError, SingleState, StatesError, type InspectionField, type StateWork } from '../../local/engine';
import { failure, lambdas } from './support';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:work';

function recorder() {
  const seen: Partial<Record<InspectionField, unknown>> = {};
  return { seen, probe: { record: (field: InspectionField, value: unknown) => void (seen[field] = value) } };
}

describe('a state given alone', () => {
  test('its transitions may name states that are not there; nextState says where it goes', async () => {
    const state = SingleState.fromState({ Type: 'Pass', Result: { a: 1 }, ResultPath: '$.r', Next: 'Elsewhere' }, 'Alone');
    const result = await state.run({ input: { x: 1 } });
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: { x: 1, r: { a: 1 } }, nextState: 'Elsewhere' });
  });

  test('a definition that is not valid ASL is refused with the engine’s InvalidDefinitionError', () => {
    expect(() => SingleState.fromState({ Type: 'Pass', Next: 'A', End: true }, 'Alone')).toThrow(InvalidDefinitionError);
    expect(() => SingleState.fromState('{"Type": "Wait"', 'Alone')).toThrow(InvalidDefinitionError);
  });
});

describe('a state picked from a full machine', () => {
  const machine = {
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Map',
        ItemProcessor: { StartAt: 'Inner', States: { Inner: { Type: 'Pass', Parameters: { 'v.$': '$.v' }, End: true } } },
        End: true,
      },
    },
  };

  test('it is found inside a Map’s item processor, and runs in the machine’s language', async () => {
    const state = SingleState.fromMachine(machine, 'Inner')!;
    expect(state.type).toBe('Pass');
    expect(state.queryLanguage).toBe('JSONPath');
    expect((await state.run({ input: { v: 3, w: 4 } })).output).toEqual({ v: 3 });
  });

  test('an unknown name gives undefined; an invalid machine is refused whole', () => {
    expect(SingleState.fromMachine(machine, 'Nope')).toBeUndefined();
    expect(() => SingleState.fromMachine({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Z' } } }, 'A')).toThrow(InvalidDefinitionError);
  });
});

describe('the probe sees the input and output processing', () => {
  test('a JSONPath Task: InputPath, Parameters, the raw result, ResultSelector, ResultPath', async () => {
    const { invokeFunction } = lambdas({ work: (p) => ({ echo: p }) });
    const state = SingleState.fromState(
      { Type: 'Task', Resource: FN, InputPath: '$.in', Parameters: { 'n.$': '$.n' }, ResultSelector: { 'e.$': '$.echo' }, ResultPath: '$.out', End: true },
      'T',
      { invokeFunction },
    );
    const { seen, probe } = recorder();
    const result = await state.run({ input: { in: { n: 7 } }, probe });
    expect(seen).toEqual({
      afterInputPath: { n: 7 },
      afterParameters: { n: 7 },
      result: { echo: { n: 7 } },
      afterResultSelector: { e: { n: 7 } },
      afterResultPath: { in: { n: 7 }, out: { e: { n: 7 } } },
    });
    expect(result.output).toEqual({ in: { n: 7 }, out: { e: { n: 7 } } });
  });

  test('a Pass with Result: Result is the result, InputPath and Parameters do not apply', async () => {
    const state = SingleState.fromState({ Type: 'Pass', InputPath: '$.a', Parameters: { p: 1 }, Result: { r: 2 }, ResultPath: '$.m', End: true }, 'P');
    const { seen, probe } = recorder();
    const result = await state.run({ input: { a: 1 }, probe });
    expect(seen).toEqual({ result: { r: 2 }, afterResultSelector: { r: 2 }, afterResultPath: { a: 1, m: { r: 2 } } });
    expect(result.output).toEqual({ a: 1, m: { r: 2 } });
  });

  test('a JSONata Task: the evaluated Arguments and the raw result', async () => {
    const { invokeFunction } = lambdas({ work: () => 'done' });
    const state = SingleState.fromState(
      { Type: 'Task', QueryLanguage: 'JSONata', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: FN, Payload: '{% $states.input.x * 2 %}' }, Output: '{% $states.result.Payload %}', End: true },
      'T',
      { invokeFunction },
    );
    const { seen, probe } = recorder();
    const result = await state.run({ input: { x: 21 }, probe });
    expect(seen.afterArguments).toEqual({ FunctionName: FN, Payload: 42 });
    expect(seen.result).toMatchObject({ Payload: 'done', StatusCode: 200 });
    expect(result.output).toBe('done');
  });
});

describe('a probe stands in for a Map’s iterations and a Parallel’s branches', () => {
  test('a Map: the work sees the items and the limits it resolved; its value is the result', async () => {
    const state = SingleState.fromState(
      { Type: 'Map', ItemsPath: '$.items', MaxConcurrency: 2, ToleratedFailureCount: 1, ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } }, End: true },
      'M',
    );
    const works: StateWork[] = [];
    const { seen, probe } = recorder();
    const result = await state.run({ input: { items: [1, 2, 3] }, probe: { ...probe, work: (w: StateWork) => (works.push(w), ['a', 'b', 'c']) } });
    expect(works).toEqual([{ type: 'Map', items: [1, 2, 3], maxConcurrency: 2, toleratedFailureCount: 1, toleratedFailurePercentage: undefined }]);
    expect(seen).toMatchObject({ afterItemsPath: [1, 2, 3], maxConcurrency: 2, toleratedFailureCount: 1 });
    expect(result.output).toEqual(['a', 'b', 'c']);
  });

  test('a Parallel: what the work throws is the state’s error, and Catch decides', async () => {
    const state = SingleState.fromState(
      {
        Type: 'Parallel',
        Branches: [{ StartAt: 'B', States: { B: { Type: 'Pass', End: true } } }],
        Catch: [{ ErrorEquals: ['BranchBroke'], Next: 'Recover' }],
        End: true,
      },
      'P',
    );
    const result = await state.run({ input: {}, probe: { record: () => undefined, work: () => { throw new StatesError('BranchBroke', 'why'); } } });
    expect(result).toMatchObject({ status: 'CAUGHT_ERROR', nextState: 'Recover', catcher: 0, error: 'BranchBroke', output: { Error: 'BranchBroke', Cause: 'why' } });
  });
});

describe('errors: the Retry and Catch decision is reported, not carried out', () => {
  const task = {
    Type: 'Task',
    Resource: FN,
    Retry: [
      { ErrorEquals: ['Other'], MaxAttempts: 1 },
      { ErrorEquals: ['Flaky'], IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 2 },
    ],
    Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Handle' }],
    End: true,
  };
  const { invokeFunction, calls } = lambdas({ work: () => { throw failure('Flaky', 'try again'); } });
  const state = SingleState.fromState(task, 'T', { invokeFunction });

  test('RETRIABLE while the matching retrier has attempts left, with its index and backoff', async () => {
    const first = await state.run({ input: {} });
    expect(first).toMatchObject({ status: 'RETRIABLE', error: 'Flaky', retry: { retrier: 1, backoffSeconds: 2 } });
    const second = await state.run({ input: {}, retryCount: 1 });
    expect(second.retry).toEqual({ retrier: 1, backoffSeconds: 6 });
    expect(calls).toHaveLength(2);
  });

  test('CAUGHT_ERROR once the retries are spent, with the catcher’s output and next state', async () => {
    const result = await state.run({ input: { a: 1 }, retryCount: 2 });
    expect(result.status).toBe('CAUGHT_ERROR');
    expect(result).toMatchObject({ catcher: 0, nextState: 'Handle', output: { a: 1, error: { Error: 'Flaky' } } });
  });

  test('FAILED when nothing handles the error', async () => {
    const lone = SingleState.fromState({ Type: 'Fail', Error: 'Stop', Cause: 'because' }, 'F');
    expect(await lone.run({ input: {} })).toMatchObject({ status: 'FAILED', error: 'Stop', cause: 'because' });
  });
});

describe('variables and the context object', () => {
  test('variables given are visible; the result lists them with what the state assigned', async () => {
    const state = SingleState.fromState({ Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $base + 1 %}', Assign: { next: '{% $base * 10 %}' }, End: true }, 'P');
    const result = await state.run({ input: {}, variables: { base: 4 } });
    expect(result).toMatchObject({ output: 5, variables: { base: 4, next: 40 } });
  });

  test('a context object given whole is what $$ and $states.context read', async () => {
    const context = { Execution: { Id: 'exec-1' }, Task: { Token: 'tok' } };
    const jsonPath = SingleState.fromState({ Type: 'Pass', Parameters: { 'token.$': '$$.Task.Token', 'all.$': '$$' }, End: true }, 'P');
    expect((await jsonPath.run({ input: {}, context })).output).toEqual({ token: 'tok', all: context });
    const jsonata = SingleState.fromState({ Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $states %}', End: true }, 'P');
    expect((await jsonata.run({ input: { i: 1 }, context })).output).toEqual({ input: { i: 1 }, context });
  });
});
