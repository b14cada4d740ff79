// JSONata specifics (the $states variable, Step Functions' own functions) and the context object
// ($$ in JSONPath, $states.context in JSONata), per "Transforming data with JSONata in Step
// Functions" and "Accessing execution data from the Context object".
import { createHash } from 'node:crypto';
import { machine, run, single } from './support';

const evaluate = async (expression: string, input: unknown = {}) => {
  const execution = await run(single({ Type: 'Pass', Output: `{% ${expression} %}` }, 'JSONata'), input);
  if (execution.status !== 'SUCCEEDED') throw new Error(`${expression}: ${execution.error} ${execution.cause}`);
  return execution.output;
};
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('Step Functions JSONata functions', () => {
  test.each([
    ['$partition([1,2,3,4,5], 2)', [[1, 2], [3, 4], [5]]],
    ['$range(0, 10, 2)', [0, 2, 4, 6, 8, 10]],
    ['$parse(\'{"a":[1,{"b":null}]}\')', { a: [1, { b: null }] }],
    ['$hash("input data", "SHA-256")', createHash('sha256').update('input data').digest('hex')],
    ['$hash("input data", "MD5")', createHash('md5').update('input data').digest('hex')],
  ])('%s', async (expression, expected) => {
    expect(await evaluate(expression)).toEqual(expected);
  });

  test('$random() is in [0, 1) and $random(seed) is repeatable', async () => {
    const value = (await evaluate('$random()')) as number;
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThan(1);
    expect(await evaluate('$random(42)')).toBe(await evaluate('$random(42)'));
  });

  test('$uuid() is a v4 UUID', async () => {
    expect(await evaluate('$uuid()')).toMatch(UUID_V4);
  });

  // "Supported JSONata version": AWS implements 2.0.6 without $eval ("use $parse instead"). The
  // definition is accepted; the call fails when it runs (T1006, as measured on AWS in
  // floci-io/floci#2737), with States.QueryEvaluationError that a Catch can take.
  test('$eval is not available: the definition builds, the call fails with States.QueryEvaluationError', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'E',
      States: {
        E: { Type: 'Pass', Output: { r: '{% $eval("1+1") %}' }, End: true },
      },
    };
    const execution = await run(definition, {});
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.QueryEvaluationError');
    expect(execution.cause).toBe(
      "An error occurred while executing the state 'E' (entered at the event id #2). The JSONata expression '$eval(\"1+1\")' specified for the field 'Output/r' threw an error during evaluation. T1006: Attempted to invoke a non-function",
    );
    expect(await evaluate('$parse("1")')).toBe(1);
  });

  test('the JSONata error code leads the message of an expression that throws', async () => {
    const execution = await run(single({ Type: 'Pass', Output: '{% $sum("a") %}' }, 'JSONata'), {});
    expect(execution.error).toBe('States.QueryEvaluationError');
    expect(execution.cause).toMatch(/threw an error during evaluation\. T0412: Argument 1 of function "sum" must be an array of "numbers"$/);
  });

  test('intrinsic functions are plain text in a JSONata state', async () => {
    expect(await evaluate('"States.Format(\'{}\', 1)"')).toBe("States.Format('{}', 1)");
    const literal = await run(single({ Type: 'Pass', Output: { v: "States.Array(1)", p: '$.not.a.path' } }, 'JSONata'), {});
    expect(literal.output).toEqual({ v: 'States.Array(1)', p: '$.not.a.path' });
  });

  test('standard JSONata functions are available', async () => {
    expect(await evaluate('$sum($states.input.n) & "-" & $uppercase($states.input.s)', { n: [1, 2], s: 'ab' })).toBe('3-AB');
  });

  test('a failing Step Functions function (invalid $parse input) is States.QueryEvaluationError', async () => {
    const execution = await run(single({ Type: 'Pass', Output: '{% $parse("{not json") %}' }, 'JSONata'));
    expect(execution.error).toBe('States.QueryEvaluationError');
  });
});

describe('the $states variable', () => {
  test('$states.input is the state input in Arguments, Output and Assign', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: { saved: '{% $states.input.v %}' }, Output: { doubled: '{% $states.input.v * 2 %}' }, Next: 'B' },
        B: { Type: 'Pass', Output: { input: '{% $states.input %}', saved: '{% $saved %}' }, End: true },
      },
    };
    expect((await run(definition, { v: 5 })).output).toEqual({ input: { doubled: 10 }, saved: 5 });
  });

  test('$states.result is available to Output and Assign of a Task', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', Assign: { r: '{% $states.result.x %}' }, Output: '{% $states.result.x + 1 %}', Next: 'P' },
        P: { Type: 'Pass', Output: { out: '{% $states.input %}', r: '{% $r %}' }, End: true },
      },
    };
    expect((await run(definition, {}, { f: () => ({ x: 1 }) })).output).toEqual({ out: 2, r: 1 });
  });
});

describe('context object', () => {
  test('JSONPath $$ exposes Execution, State and StateMachine fields', async () => {
    const definition = single({
      Type: 'Pass',
      Parameters: {
        'executionName.$': '$$.Execution.Name',
        'executionId.$': '$$.Execution.Id',
        'executionInput.$': '$$.Execution.Input',
        'startTime.$': '$$.Execution.StartTime',
        'stateName.$': '$$.State.Name',
        'enteredTime.$': '$$.State.EnteredTime',
        'stateMachineId.$': '$$.StateMachine.Id',
      },
    });
    const { sm } = machine(definition);
    const execution = await sm.start({ order: 1 }, { name: 'my-run' });
    const output = execution.output as Record<string, string>;
    expect(output.executionName).toBe('my-run');
    expect(output.executionId).toMatch(/^arn:aws:states:[a-z0-9-]+:\d{12}:execution:[^:]+:my-run$/);
    expect(output.executionInput).toEqual({ order: 1 });
    expect(Number.isNaN(Date.parse(output.startTime))).toBe(false);
    expect(output.stateName).toBe('S');
    expect(Number.isNaN(Date.parse(output.enteredTime))).toBe(false);
    expect(output.stateMachineId).toMatch(/^arn:aws:states:[a-z0-9-]+:\d{12}:stateMachine:/);
  });

  test('the execution name defaults to a uuid', async () => {
    const { sm } = machine(single({ Type: 'Pass', Parameters: { 'name.$': '$$.Execution.Name' } }));
    expect(((await sm.start({})).output as { name: string }).name).toMatch(UUID_V4);
  });

  test('JSONata $states.context mirrors $$', async () => {
    const { sm } = machine(single({ Type: 'Pass', Output: { name: '{% $states.context.Execution.Name %}', state: '{% $states.context.State.Name %}', input: '{% $states.context.Execution.Input %}' } }, 'JSONata'));
    expect((await sm.start({ a: 1 }, { name: 'ctx' })).output).toEqual({ name: 'ctx', state: 'S', input: { a: 1 } });
  });

  test('$states.context inside a larger expression (an object constructor, as in a Task payload)', async () => {
    const definition = single(
      { Type: 'Pass', Output: '{% {"executionId": $states.context.Execution.Id, "name": $states.context.Execution.Name, "x": $states.input.x} %}' },
      'JSONata',
    );
    const { sm } = machine(definition, {}, { region: 'eu-west-1', accountId: '111122223333', stateMachineName: 'Saga' });
    const execution = await sm.start({ x: 7 }, { name: 'order-1' });
    expect(execution.output).toEqual({
      executionId: 'arn:aws:states:eu-west-1:111122223333:execution:Saga:order-1',
      name: 'order-1',
      x: 7,
    });
  });

  test('State.RetryCount counts the retries of the current state', async () => {
    let calls = 0;
    const definition = single({
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f',
      Parameters: { 'retry.$': '$$.State.RetryCount' },
      Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }],
    });
    const execution = await run(definition, {}, { f: (p) => { calls += 1; if (calls < 3) throw new Error('again'); return p; } });
    expect(execution.output).toEqual({ retry: 2 });
  });

  test('$$.Map.Item inside an ItemSelector; $$ in a JSONPath Map iteration still sees the Execution', async () => {
    const definition = single({
      Type: 'Map',
      ItemSelector: { 'i.$': '$$.Map.Item.Index', 'v.$': '$$.Map.Item.Value' },
      ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', Parameters: { 'i.$': '$.i', 'v.$': '$.v', 'name.$': '$$.Execution.Name' }, End: true } } },
    });
    const { sm } = machine(definition);
    expect((await sm.start(['a'], { name: 'n1' })).output).toEqual([{ i: 0, v: 'a', name: 'n1' }]);
  });
});
