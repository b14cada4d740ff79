// Workflow variables (Assign) and their scoping, per "Passing data between states with variables":
// values are assigned after the state's work, every expression in one Assign sees the values at
// state entry, inner workflows (Map/Parallel) read outer variables but their own stay inside.
import { failure, run } from './support';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:f';

describe('variables in JSONPath states', () => {
  test('Assign literals and .$ paths; later states read them with $name', async () => {
    const definition = {
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: { 'fromInput.$': '$.v', lit: 42, literalText: '$.not.evaluated', nested: { 'x.$': '$.v' } }, Next: 'B' },
        B: { Type: 'Pass', Parameters: { 'a.$': '$fromInput', 'b.$': '$lit', 'c.$': '$literalText', 'd.$': '$nested.x' }, End: true },
      },
    };
    expect((await run(definition, { v: 'V' })).output).toEqual({ a: 'V', b: 42, c: '$.not.evaluated', d: 'V' });
  });

  test('in a Pass, $ in Assign is the state result (Result/Parameters), not the raw input', async () => {
    const definition = {
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Result: { answer: 42 }, Assign: { 'theAnswer.$': '$.answer' }, Next: 'B' },
        B: { Type: 'Pass', OutputPath: '$theAnswer', End: true },
      },
    };
    expect((await run(definition, {})).output).toBe(42);
  });

  test('in a Task, $ in Assign is the task result', async () => {
    const definition = {
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: FN, ResultPath: '$.r', Assign: { 'got.$': '$.value' }, Next: 'B' },
        B: { Type: 'Pass', Parameters: { 'got.$': '$got', 'input.$': '$' }, End: true },
      },
    };
    expect((await run(definition, { a: 1 }, { f: () => ({ value: 'x' }) })).output).toEqual({ got: 'x', input: { a: 1, r: { value: 'x' } } });
  });

  test('a variable is not visible in the state that assigns it (Parameters sees the old value)', async () => {
    const definition = {
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: { v: 'old' }, Next: 'B' },
        B: { Type: 'Pass', Assign: { v: 'new' }, Parameters: { 'seen.$': '$v' }, Next: 'C' },
        C: { Type: 'Pass', Parameters: { 'before.$': '$.seen', 'after.$': '$v' }, End: true },
      },
    };
    expect((await run(definition, {})).output).toEqual({ before: 'old', after: 'new' });
  });

  test('Choice: the matching rule\'s Assign applies, else the state\'s own Assign with Default', async () => {
    const definition = {
      StartAt: 'Check',
      States: {
        Check: {
          Type: 'Choice',
          Choices: [{ Variable: '$.v', NumericEquals: 42, Assign: { status: 'CORRECT' }, Next: 'Final' }],
          Assign: { status: 'INCORRECT' },
          Default: 'Final',
        },
        Final: { Type: 'Pass', Parameters: { 'status.$': '$status' }, End: true },
      },
    };
    expect((await run(definition, { v: 42 })).output).toEqual({ status: 'CORRECT' });
    expect((await run(definition, { v: '42' })).output).toEqual({ status: 'INCORRECT' });
  });

  test('variables work in SecondsPath, ItemsPath and ErrorPath/CausePath', async () => {
    const definition = {
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: { wait: 1, list: [1, 2], err: 'Custom', why: 'because' }, Next: 'W' },
        W: { Type: 'Wait', SecondsPath: '$wait', Next: 'M' },
        M: { Type: 'Map', ItemsPath: '$list', ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } }, Next: 'F' },
        F: { Type: 'Fail', ErrorPath: '$err', CausePath: '$why' },
      },
    };
    const execution = await run(definition, {});
    expect([execution.error, execution.cause]).toEqual(['Custom', 'because']);
  });

  test('a reference to an unassigned variable fails with States.Runtime', async () => {
    const definition = { StartAt: 'A', States: { A: { Type: 'Pass', Parameters: { 'x.$': '$nope' }, End: true } } };
    const execution = await run(definition, {});
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.Runtime');
  });
});

describe('variables in JSONata states', () => {
  test('all Assign expressions and the Output see the values from state entry', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: { x: 1 }, Next: 'B' },
        B: { Type: 'Pass', Assign: { x: '{% $x + 1 %}', y: '{% $x %}' }, Output: { xInOutput: '{% $x %}' }, Next: 'C' },
        C: { Type: 'Pass', Output: { x: '{% $x %}', y: '{% $y %}', previous: '{% $states.input %}' }, End: true },
      },
    };
    expect((await run(definition, {})).output).toEqual({ x: 2, y: 1, previous: { xInOutput: 1 } });
  });

  test('variables cross query languages in one machine', async () => {
    const definition = {
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', QueryLanguage: 'JSONata', Assign: { fromJsonata: '{% $states.input.v & "!" %}' }, Next: 'B' },
        B: { Type: 'Pass', Assign: { 'fromJsonPath.$': '$.v' }, Next: 'C' },
        C: { Type: 'Pass', QueryLanguage: 'JSONata', Output: ['{% $fromJsonata %}', '{% $fromJsonPath %}'], End: true },
      },
    };
    expect((await run(definition, { v: 'hi' })).output).toEqual(['hi!', 'hi']);
  });

  test('a failed state does not apply its own Assign; the Catch Assign applies instead', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Assign: { result: 'initial', other: 'kept' }, Next: 'T' },
        T: {
          Type: 'Task', Resource: FN, Assign: { result: 'SUCCESS', other: 'changed' },
          Catch: [{ ErrorEquals: ['States.ALL'], Assign: { result: '{% $states.errorOutput.Error %}' }, Next: 'After' }],
          End: true,
        },
        After: { Type: 'Pass', Output: { result: '{% $result %}', other: '{% $other %}' }, End: true },
      },
    };
    expect((await run(definition, {}, { f: () => { throw failure('Boom'); } })).output).toEqual({ result: 'Boom', other: 'kept' });
  });

  test('Map iterations read outer variables; their own assignments stay inside', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: { factor: 10 }, Next: 'M' },
        M: {
          Type: 'Map',
          Items: [1, 2],
          ItemProcessor: {
            StartAt: 'Inner',
            States: {
              Inner: { Type: 'Pass', Assign: { innerOnly: '{% $states.input %}' }, Next: 'Use' },
              Use: { Type: 'Pass', Output: '{% $innerOnly * $factor %}', End: true },
            },
          },
          Next: 'After',
        },
        After: { Type: 'Pass', Output: { results: '{% $states.input %}', innerVisible: '{% $exists($innerOnly) %}' }, End: true },
      },
    };
    expect((await run(definition, {})).output).toEqual({ results: [10, 20], innerVisible: false });
  });

  test('a Parallel state\'s Assign can use its $states.result', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'B', States: { B: { Type: 'Pass', Output: 7, End: true } } }],
          Assign: { first: '{% $states.result[0] %}' },
          Next: 'After',
        },
        After: { Type: 'Pass', Output: '{% $first %}', End: true },
      },
    };
    expect((await run(definition, {})).output).toBe(7);
  });

  test('an Assign expression that returns nothing fails with States.QueryEvaluationError', async () => {
    const definition = { QueryLanguage: 'JSONata', StartAt: 'A', States: { A: { Type: 'Pass', Assign: { result: '{% $doesNotExist %}' }, End: true } } };
    const execution = await run(definition, {});
    expect(execution.error).toBe('States.QueryEvaluationError');
    expect(execution.cause).toContain('Assign/result');
  });
});
