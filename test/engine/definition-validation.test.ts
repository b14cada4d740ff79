// A definition that is not valid ASL is rejected at construction, before anything runs, with a
// named error that names the state and the field at fault (ASL spec: "Top-level fields",
// "Transitions", "Error names", "Choice Rules"; and the Step Functions validation of JSONata states).
import { InvalidDefinitionError, StateMachine } from '../../local/engine';

const options = { invokeFunction: async () => null, timeScale: 0 };

function rejection(definition: unknown): Error {
  try {
    new StateMachine(definition as never, options);
  } catch (error) {
    return error as Error;
  }
  throw new Error('the definition was accepted');
}

function expectRejected(definition: unknown, state: string | undefined, field: RegExp) {
  const error = rejection(definition);
  expect(error.name).toBe('InvalidDefinitionError');
  if (state) expect(error.message).toContain(`'${state}'`);
  expect(error.message).toMatch(field);
}

const ok = { Type: 'Succeed' };

describe('invalid definitions are rejected at construction', () => {
  test.each<[string, unknown, string | undefined, RegExp]>([
    ['no StartAt', { States: { A: ok } }, undefined, /StartAt/],
    ['StartAt names no state', { StartAt: 'Nope', States: { A: ok } }, undefined, /StartAt/],
    ['no States', { StartAt: 'A' }, undefined, /States/],
    ['Next names no state', { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Missing' } } }, 'A', /Next/],
    ['neither Next nor End', { StartAt: 'A', States: { A: { Type: 'Pass' } } }, 'A', /Next|End/],
    ['both Next and End', { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B', End: true }, B: ok } }, 'A', /Next|End/],
    ['unknown Type', { StartAt: 'A', States: { A: { Type: 'Sleep', End: true } } }, 'A', /Type/],
    ['missing Type', { StartAt: 'A', States: { A: { End: true } } }, 'A', /Type/],
    ['Task without Resource', { StartAt: 'A', States: { A: { Type: 'Task', End: true } } }, 'A', /Resource/],
    ['Choice without Choices', { StartAt: 'A', States: { A: { Type: 'Choice', Default: 'B' }, B: ok } }, 'A', /Choices/],
    ['Choice rule with no comparison', { StartAt: 'A', States: { A: { Type: 'Choice', Choices: [{ Variable: '$.x', Next: 'B' }] }, B: ok } }, 'A', /Choices/],
    ['Choice rule Next to nowhere', { StartAt: 'A', States: { A: { Type: 'Choice', Choices: [{ Variable: '$.x', IsNull: true, Next: 'Z' }] } } }, 'A', /Next/],
    ['Fail with Next', { StartAt: 'A', States: { A: { Type: 'Fail', Next: 'B' }, B: ok } }, 'A', /Next/],
    ['Wait with Seconds and Timestamp', { StartAt: 'A', States: { A: { Type: 'Wait', Seconds: 1, Timestamp: '2024-01-01T00:00:00Z', End: true } } }, 'A', /Seconds|Timestamp/],
    ['States.ALL not last in Catch', {
      StartAt: 'A',
      States: { A: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:1:function:f', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'B' }, { ErrorEquals: ['X'], Next: 'B' }], End: true }, B: ok },
    }, 'A', /Catch|ErrorEquals/],
    ['States.ALL together with other names', {
      StartAt: 'A',
      States: { A: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:1:function:f', Retry: [{ ErrorEquals: ['States.ALL', 'X'] }], End: true } },
    }, 'A', /Retry|ErrorEquals/],
    ['Retry BackoffRate below 1', {
      StartAt: 'A',
      States: { A: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:1:function:f', Retry: [{ ErrorEquals: ['X'], BackoffRate: 0.5 }], End: true } },
    }, 'A', /BackoffRate/],
    ['Catch Next to nowhere', {
      StartAt: 'A',
      States: { A: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:1:function:f', Catch: [{ ErrorEquals: ['X'], Next: 'Z' }], End: true } },
    }, 'A', /Next|Catch/],
    ['InputPath that is not a path', { StartAt: 'A', States: { A: { Type: 'Pass', InputPath: 'foo', End: true } } }, 'A', /InputPath/],
    ['unknown intrinsic function', { StartAt: 'A', States: { A: { Type: 'Pass', Parameters: { 'x.$': 'States.Nope($.a)' }, End: true } } }, 'A', /Parameters|States.Nope/],
    ['JSONPath field in a JSONata state', { QueryLanguage: 'JSONata', StartAt: 'A', States: { A: { Type: 'Pass', Parameters: { a: 1 }, End: true } } }, 'A', /Parameters/],
    ['JSONata field in a JSONPath state', { StartAt: 'A', States: { A: { Type: 'Pass', Output: { a: 1 }, End: true } } }, 'A', /Output/],
    ['broken JSONata syntax', { QueryLanguage: 'JSONata', StartAt: 'A', States: { A: { Type: 'Pass', Output: '{% $states.input. %}', End: true } } }, 'A', /Output/],
    ['broken JSONata in a Condition', { QueryLanguage: 'JSONata', StartAt: 'A', States: { A: { Type: 'Choice', Choices: [{ Condition: '{% ( %}', Next: 'B' }] }, B: ok } }, 'A', /Condition|Choices/],
    ['Map without ItemProcessor', { StartAt: 'A', States: { A: { Type: 'Map', End: true } } }, 'A', /ItemProcessor|Iterator/],
    ['Parallel without Branches', { StartAt: 'A', States: { A: { Type: 'Parallel', End: true } } }, 'A', /Branches/],
    ['invalid state inside a Map', {
      StartAt: 'M',
      States: { M: { Type: 'Map', ItemProcessor: { StartAt: 'In', States: { In: { Type: 'Pass', Next: 'Gone' } } }, End: true } },
    }, 'In', /Next/],
    ['unreachable state', { StartAt: 'A', States: { A: ok, Orphan: ok } }, 'Orphan', /reach/i],
  ])('%s', (_name, definition, state, field) => {
    expectRejected(definition, state, field);
  });

  test('a JSON string that does not parse is rejected with the named error', () => {
    expect(rejection('{"StartAt": ').name).toBe('InvalidDefinitionError');
  });

  test('a valid definition given as a JSON string is accepted', async () => {
    const machine = new StateMachine(JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Result: 1, End: true } } }), options);
    expect((await machine.start({})).output).toBe(1);
  });

  test('a machine switching languages per state is valid', () => {
    expect(() => new StateMachine({
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: { A: { Type: 'Pass', Output: '{% 1 %}', Next: 'B' }, B: { Type: 'Pass', QueryLanguage: 'JSONata', End: true } },
    }, options)).not.toThrow();
    expect(() => new StateMachine({
      StartAt: 'A',
      States: { A: { Type: 'Pass', InputPath: '$', Next: 'B' }, B: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% 2 %}', End: true } },
    }, options)).not.toThrow();
  });
});

// AWS refuses a field a state type (or the machine, a branch, an item processor, a retrier, a
// catcher, a choice rule) does not have when the definition is created: "SCHEMA_VALIDATION_FAILED:
// Field 'X' is not supported". The field sets are the ASL spec's ("Table of State Types and
// Fields", JSONata and JSONPath, and each state type's own section).
describe('fields AWS does not support are rejected, naming the state and the field', () => {
  const FN = 'arn:aws:lambda:us-east-1:1:function:f';
  const fields = (definition: unknown) => {
    const error = rejection(definition) as Error & { state?: string; field?: string; reason?: string };
    expect(error.name).toBe('InvalidDefinitionError');
    return { state: error.state, field: error.field, reason: error.reason };
  };
  const machineOf = (state: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ StartAt: 'S', States: { S: state, B: ok }, ...extra });
  const inner = { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } };

  test.each<[string, unknown, string | undefined, string]>([
    ['a typo of Next in a Pass state', machineOf({ Type: 'Pass', Nxt: 'B', End: true }), 'S', 'Nxt'],
    ['TimeoutSeconds on a Map', machineOf({ Type: 'Map', ItemProcessor: inner, TimeoutSeconds: 5, End: true }), 'S', 'TimeoutSeconds'],
    ['TimeoutSeconds on a Parallel', machineOf({ Type: 'Parallel', Branches: [inner], TimeoutSeconds: 5, End: true }), 'S', 'TimeoutSeconds'],
    ['Catch on a Pass', machineOf({ Type: 'Pass', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'B' }], End: true }), 'S', 'Catch'],
    ['Retry on a Choice', machineOf({ Type: 'Choice', Choices: [{ Variable: '$.a', IsNull: true, Next: 'B' }], Retry: [] }), 'S', 'Retry'],
    ['End on a Fail', machineOf({ Type: 'Fail', End: true }), 'S', 'End'],
    ['ResultPath on a Succeed', machineOf({ Type: 'Succeed', ResultPath: '$.x' }), 'S', 'ResultPath'],
    ['Resource on a Pass', machineOf({ Type: 'Pass', Resource: FN, End: true }), 'S', 'Resource'],
    ['Arguments on a JSONata Map', { QueryLanguage: 'JSONata', ...machineOf({ Type: 'Map', ItemProcessor: inner, Arguments: {}, End: true }) }, 'S', 'Arguments'],
    ['an unknown machine field', machineOf({ Type: 'Pass', Next: 'B' }, { Timeout: 5 }), undefined, 'Timeout'],
    ['an unknown field in an ItemProcessor', machineOf({ Type: 'Map', ItemProcessor: { ...inner, Mode: 'INLINE' }, End: true }), 'S', 'ItemProcessor/Mode'],
    ['QueryLanguage on an ItemProcessor', machineOf({ Type: 'Map', ItemProcessor: { ...inner, QueryLanguage: 'JSONPath' }, End: true }), 'S', 'ItemProcessor/QueryLanguage'],
    ['an unknown field in a ProcessorConfig', machineOf({ Type: 'Map', ItemProcessor: { ...inner, ProcessorConfig: { Mode: 'INLINE', Executiontype: 'STANDARD' } }, End: true }), 'S', 'ItemProcessor/ProcessorConfig/Executiontype'],
    ['an unknown field in an Iterator', machineOf({ Type: 'Map', Iterator: { ...inner, Version: '1.0' }, End: true }), 'S', 'Iterator/Version'],
    ['an unknown field in a Parallel branch', machineOf({ Type: 'Parallel', Branches: [inner, { ...inner, TimeoutSeconds: 3 }], End: true }), 'S', 'Branches[1]/TimeoutSeconds'],
    ['an unknown field in a retrier', machineOf({ Type: 'Task', Resource: FN, Retry: [{ ErrorEquals: ['X'], MaxAttempt: 2 }], End: true }), 'S', 'Retry[0]/MaxAttempt'],
    ['an unknown field in a catcher', machineOf({ Type: 'Task', Resource: FN, Catch: [{ ErrorEquals: ['X'], Next: 'B', ResultSelector: {} }], End: true }), 'S', 'Catch[0]/ResultSelector'],
    ['an unknown field in a JSONPath choice rule', machineOf({ Type: 'Choice', Choices: [{ Variable: '$.a', IsNull: true, Next: 'B', Output: {} }] }), 'S', 'Choices[0]/Output'],
    ['Next in a nested choice rule', machineOf({ Type: 'Choice', Choices: [{ Not: { Variable: '$.a', IsNull: true, Next: 'B' }, Next: 'B' }] }), 'S', 'Choices[0]/Not/Next'],
    ['an unknown field in a JSONata choice rule', { QueryLanguage: 'JSONata', ...machineOf({ Type: 'Choice', Choices: [{ Condition: '{% true %}', Variable: '$.a', Next: 'B' }] }) }, 'S', 'Choices[0]/Variable'],
    ['both TimeoutSeconds and TimeoutSecondsPath', machineOf({ Type: 'Task', Resource: FN, TimeoutSeconds: 5, TimeoutSecondsPath: '$.t', End: true }), 'S', 'TimeoutSecondsPath'],
    ['both Error and ErrorPath on a Fail', machineOf({ Type: 'Fail', Error: 'E', ErrorPath: '$.e' }), 'S', 'ErrorPath'],
  ])('%s', (_name, definition, state, field) => {
    const found = fields(definition);
    expect([found.state, found.field]).toEqual([state, field]);
  });

  test('the reason says the field is not supported', () => {
    expect(fields(machineOf({ Type: 'Pass', Nxt: 'B', End: true })).reason).toBe("Field 'Nxt' is not supported in a Pass state");
  });

  test('an unknown field inside a nested state names that state', () => {
    const definition = machineOf({ Type: 'Map', ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', Ned: true, End: true } } }, End: true });
    expect(fields(definition)).toMatchObject({ state: 'I', field: 'Ned' });
  });

  // Task state, "Timeouts": "the HeartbeatSeconds interval MUST be smaller than the TimeoutSeconds value"
  test.each([[10, 10], [30, 10]])('HeartbeatSeconds %i with TimeoutSeconds %i is rejected', (heartbeat, timeout) => {
    const found = fields(machineOf({ Type: 'Task', Resource: FN, TimeoutSeconds: timeout, HeartbeatSeconds: heartbeat, End: true }));
    expect([found.state, found.field]).toEqual(['S', 'HeartbeatSeconds']);
  });

  test('HeartbeatSeconds smaller than TimeoutSeconds is accepted', () => {
    expect(() => new StateMachine(machineOf({ Type: 'Task', Resource: FN, TimeoutSeconds: 10, HeartbeatSeconds: 9, Next: 'B' }), options)).not.toThrow();
  });

  test('every field the spec gives a state, a retrier, a catcher and a choice rule is accepted', () => {
    const definition = {
      Comment: 'c', Version: '1.0', TimeoutSeconds: 60, QueryLanguage: 'JSONPath',
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task', Comment: 'c', Resource: FN, Credentials: { RoleArn: 'arn:aws:iam::1:role/r' },
          InputPath: '$', Parameters: {}, ResultSelector: {}, ResultPath: '$.r', OutputPath: '$', Assign: {},
          TimeoutSeconds: 10, HeartbeatSeconds: 5,
          Retry: [{ ErrorEquals: ['X'], IntervalSeconds: 1, MaxAttempts: 1, BackoffRate: 2, MaxDelaySeconds: 5, JitterStrategy: 'FULL', Comment: 'r' }],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.e', Assign: {}, Next: 'C', Comment: 'k' }],
          Next: 'C',
        },
        C: {
          Type: 'Choice', Comment: 'c', InputPath: '$', OutputPath: '$', Assign: {}, Default: 'M',
          Choices: [{ And: [{ Variable: '$.a', IsPresent: true, Comment: 'n' }], Assign: {}, Comment: 'r', Next: 'M' }],
        },
        M: {
          Type: 'Map', Label: 'L', ItemsPath: '$.items', ItemSelector: {}, MaxConcurrency: 2, ResultSelector: {}, ResultPath: '$.m',
          ItemProcessor: { Comment: 'p', ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'I', States: { I: { Type: 'Pass', End: true } } },
          ToleratedFailureCount: 1, ToleratedFailurePercentage: 10, Next: 'P',
        },
        P: { Type: 'Parallel', Branches: [{ Comment: 'b', StartAt: 'Q', States: { Q: { Type: 'Succeed', InputPath: '$', OutputPath: '$' } } }], Next: 'W' },
        W: { Type: 'Wait', SecondsPath: '$.s', InputPath: '$', OutputPath: '$', Assign: {}, Next: 'F' },
        F: { Type: 'Fail', Comment: 'c', ErrorPath: '$.e', CausePath: '$.c' },
      },
    };
    expect(() => new StateMachine(definition, options)).not.toThrow();
  });
});

// "Supported JSONata version": Step Functions implements JSONata 2.0.6, which has no `??` or `?:`
// (added in 2.1); such an expression fails to parse (S0211) when the definition is created.
describe('JSONata 2.0.6 syntax', () => {
  test.each([
    ['??', '{% $states.input.a ?? 1 %}'],
    ['?:', '{% $states.input.a ?: 1 %}'],
  ])('%s is rejected at construction, naming the state and the field', (_operator, expression) => {
    const error = rejection({ QueryLanguage: 'JSONata', StartAt: 'S', States: { S: { Type: 'Pass', Output: { v: expression }, End: true } } }) as InvalidDefinitionError;
    expect(error).toBeInstanceOf(InvalidDefinitionError);
    expect([error.state, error.field]).toEqual(['S', 'Output/v']);
    expect(error.reason).toMatch(/S0211/);
  });

  test('the ternary operator of 2.0.6 still works', async () => {
    const machine = new StateMachine({ QueryLanguage: 'JSONata', StartAt: 'S', States: { S: { Type: 'Pass', Output: '{% $exists($states.input.a) ? $states.input.a : 1 %}', End: true } } }, options);
    expect((await machine.start({})).output).toBe(1);
  });
});
