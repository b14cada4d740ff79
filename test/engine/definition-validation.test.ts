// A definition that is not valid ASL is rejected at construction, before anything runs, with a
// named error that names the state and the field at fault (ASL spec: "Top-level fields",
// "Transitions", "Error names", "Choice Rules"; and the Step Functions validation of JSONata states).
import { StateMachine } from '../../local/engine';

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
