// Pass states and input/output processing: JSONPath's five steps (InputPath, Parameters,
// ResultSelector, ResultPath, OutputPath) and JSONata's Arguments/Output, per the ASL spec.
import { run, single } from './support';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:echo';

describe('Pass (JSONPath)', () => {
  test('without Result the input passes through', async () => {
    const execution = await run(single({ Type: 'Pass' }), { a: 1 });
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toEqual({ a: 1 });
  });

  test('Result replaces the input when ResultPath is the default $', async () => {
    const execution = await run(single({ Type: 'Pass', Result: { fixed: true } }), { a: 1 });
    expect(execution.output).toEqual({ fixed: true });
  });

  test('Result placed with ResultPath keeps the rest of the input', async () => {
    const execution = await run(single({ Type: 'Pass', Result: 'x', ResultPath: '$.deep.here' }), { a: 1 });
    expect(execution.output).toEqual({ a: 1, deep: { here: 'x' } });
  });

  test('ResultPath null discards the result', async () => {
    const execution = await run(single({ Type: 'Pass', Result: 'x', ResultPath: null }), { a: 1 });
    expect(execution.output).toEqual({ a: 1 });
  });

  test('Parameters builds a new object with .$ fields, literals and $$', async () => {
    const definition = single({
      Type: 'Pass',
      Parameters: { 'copy.$': '$.a', literal: '$.not.a.path', nested: { 'b.$': '$.b[1]' }, 'state.$': '$$.State.Name' },
    });
    const execution = await run(definition, { a: 'A', b: [10, 20] });
    expect(execution.output).toEqual({ copy: 'A', literal: '$.not.a.path', nested: { b: 20 }, state: 'S' });
  });

  test('InputPath and OutputPath select, OutputPath null gives {}', async () => {
    expect((await run(single({ Type: 'Pass', InputPath: '$.a' }), { a: { x: 1 } })).output).toEqual({ x: 1 });
    expect((await run(single({ Type: 'Pass', OutputPath: '$.a.x' }), { a: { x: 1 } })).output).toBe(1);
    expect((await run(single({ Type: 'Pass', OutputPath: null }), { a: 1 })).output).toEqual({});
    expect((await run(single({ Type: 'Pass', InputPath: null, Parameters: { k: 1 } }), { a: 1 })).output).toEqual({ k: 1 });
  });

  test('a .$ path that matches nothing fails with States.Runtime', async () => {
    const execution = await run(single({ Type: 'Pass', Parameters: { 'v.$': '$.missing' } }), { a: 1 });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.Runtime');
    expect(execution.cause).toContain('$.missing');
  });

  test('an InputPath that matches nothing fails with States.Runtime', async () => {
    const execution = await run(single({ Type: 'Pass', InputPath: '$.missing' }), { a: 1 });
    expect(execution.error).toBe('States.Runtime');
  });

  test('a ResultPath that cannot be applied fails with States.ResultPathMatchFailure', async () => {
    const execution = await run(single({ Type: 'Pass', Result: 1, ResultPath: '$.x' }), 'just a string');
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.ResultPathMatchFailure');
  });
});

describe('JSONPath five-step processing on a Task', () => {
  test('InputPath → Parameters → task → ResultSelector → ResultPath (on the raw input) → OutputPath', async () => {
    const definition = single({
      Type: 'Task',
      Resource: FN,
      InputPath: '$.a',
      Parameters: { 'x.$': '$.b', lit: 'v' },
      ResultSelector: { 'v.$': '$.value' },
      ResultPath: '$.res',
      OutputPath: '$.res',
    });
    const execution = await run(definition, { a: { b: 1, c: 2 }, keep: 'k' }, {
      echo: (payload) => ({ value: (payload as { x: number }).x + 10, noise: true }),
    });
    expect(execution.calls).toEqual([{ fn: FN, payload: { x: 1, lit: 'v' } }]);
    expect(execution.output).toEqual({ v: 11 });
  });

  test('ResultPath merges into the state input, not the InputPath selection', async () => {
    const definition = single({ Type: 'Task', Resource: FN, InputPath: '$.a', ResultPath: '$.res' });
    const execution = await run(definition, { a: { b: 1 }, keep: 'k' }, { echo: () => 'r' });
    expect(execution.output).toEqual({ a: { b: 1 }, keep: 'k', res: 'r' });
  });
});

describe('Pass and Task (JSONata)', () => {
  test('Pass without Output passes the input through', async () => {
    const execution = await run(single({ Type: 'Pass' }, 'JSONata'), { a: 1 });
    expect(execution.output).toEqual({ a: 1 });
  });

  test('Pass Output evaluates {% %} anywhere in a structure', async () => {
    const definition = single({ Type: 'Pass', Output: { sum: '{% $states.input.a + 1 %}', list: ['{% $states.input.a * 2 %}', 'plain'] } }, 'JSONata');
    expect((await run(definition, { a: 1 })).output).toEqual({ sum: 2, list: [2, 'plain'] });
  });

  test('Output can be a single expression of any type', async () => {
    expect((await run(single({ Type: 'Pass', Output: '{% $states.input.a & "!" %}' }, 'JSONata'), { a: 'hi' })).output).toBe('hi!');
  });

  test('Task Arguments are the payload and the result is the output by default', async () => {
    const definition = single({ Type: 'Task', Resource: FN, Arguments: { n: '{% $states.input.n %}' } }, 'JSONata');
    const execution = await run(definition, { n: 4, other: 1 }, { echo: (p) => ({ doubled: (p as { n: number }).n * 2 }) });
    expect(execution.calls[0].payload).toEqual({ n: 4 });
    expect(execution.output).toEqual({ doubled: 8 });
  });

  test('Task Output combines $states.input and $states.result', async () => {
    const definition = single({ Type: 'Task', Resource: FN, Output: { before: '{% $states.input.n %}', after: '{% $states.result %}' } }, 'JSONata');
    const execution = await run(definition, { n: 4 }, { echo: () => 'done' });
    expect(execution.output).toEqual({ before: 4, after: 'done' });
  });

  test('an expression returning nothing fails with States.QueryEvaluationError naming the field', async () => {
    const execution = await run(single({ Type: 'Pass', Output: { result: '{% $doesNotExist %}' } }, 'JSONata'));
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.QueryEvaluationError');
    expect(execution.cause).toContain('$doesNotExist');
  });

  test('a JSONata runtime error fails with States.QueryEvaluationError', async () => {
    const execution = await run(single({ Type: 'Pass', Output: '{% $states.input.s + 1 %}' }, 'JSONata'), { s: 'text' });
    expect(execution.error).toBe('States.QueryEvaluationError');
  });

  test('a state can switch query language inside a JSONPath machine', async () => {
    const definition = {
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Parameters: { 'v.$': '$.v' }, Next: 'B' },
        B: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $states.input.v * 3 %}', End: true },
      },
    };
    expect((await run(definition, { v: 2 })).output).toBe(6);
  });
});
