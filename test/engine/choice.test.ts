// Choice rules, per the ASL spec's comparison operators: a rule whose value has the wrong type is
// simply false; the first matching rule wins; no match and no Default is States.NoChoiceMatched.
import { run } from './support';

function choiceMachine(rule: Record<string, unknown>, queryLanguage?: 'JSONata') {
  return {
    ...(queryLanguage ? { QueryLanguage: queryLanguage } : {}),
    StartAt: 'Decide',
    States: {
      Decide: { Type: 'Choice', Choices: [{ ...rule, Next: 'Yes' }], Default: 'No' },
      Yes: queryLanguage ? { Type: 'Pass', Output: 'yes', End: true } : { Type: 'Pass', Result: 'yes', End: true },
      No: queryLanguage ? { Type: 'Pass', Output: 'no', End: true } : { Type: 'Pass', Result: 'no', End: true },
    },
  };
}

const decide = async (rule: Record<string, unknown>, input: unknown) => (await run(choiceMachine(rule), input)).output;

describe('Choice (JSONPath) comparison operators', () => {
  const v = (value: unknown) => ({ v: value, other: { s: 'b', n: 5, t: '2024-06-01T00:00:00Z', b: true } });
  test.each([
    // strings
    [{ StringEquals: 'abc' }, 'abc', 'yes'],
    [{ StringEquals: 'abc' }, 'abd', 'no'],
    [{ StringEquals: 'abc' }, 7, 'no'],
    [{ StringLessThan: 'b' }, 'a', 'yes'],
    [{ StringLessThan: 'b' }, 'b', 'no'],
    [{ StringGreaterThan: 'b' }, 'c', 'yes'],
    [{ StringLessThanEquals: 'b' }, 'b', 'yes'],
    [{ StringGreaterThanEquals: 'b' }, 'a', 'no'],
    [{ StringMatches: 'log-*.txt' }, 'log-2024.txt', 'yes'],
    [{ StringMatches: 'log-*.txt' }, 'log-2024.csv', 'no'],
    [{ StringMatches: 'a\\*b' }, 'a*b', 'yes'],
    [{ StringMatches: 'a\\*b' }, 'axb', 'no'],
    [{ StringEqualsPath: '$.other.s' }, 'b', 'yes'],
    [{ StringLessThanPath: '$.other.s' }, 'a', 'yes'],
    [{ StringGreaterThanPath: '$.other.s' }, 'a', 'no'],
    [{ StringLessThanEqualsPath: '$.other.s' }, 'b', 'yes'],
    [{ StringGreaterThanEqualsPath: '$.other.s' }, 'c', 'yes'],
    // numbers
    [{ NumericEquals: 1 }, 1.0, 'yes'],
    [{ NumericEquals: 1 }, '1', 'no'],
    [{ NumericLessThan: 5 }, 4.5, 'yes'],
    [{ NumericLessThan: 5 }, 5, 'no'],
    [{ NumericGreaterThan: 5 }, 6, 'yes'],
    [{ NumericLessThanEquals: 5 }, 5, 'yes'],
    [{ NumericGreaterThanEquals: 5 }, 4, 'no'],
    [{ NumericEqualsPath: '$.other.n' }, 5, 'yes'],
    [{ NumericLessThanPath: '$.other.n' }, 4, 'yes'],
    [{ NumericGreaterThanPath: '$.other.n' }, 4, 'no'],
    [{ NumericLessThanEqualsPath: '$.other.n' }, 5, 'yes'],
    [{ NumericGreaterThanEqualsPath: '$.other.n' }, 6, 'yes'],
    // booleans
    [{ BooleanEquals: true }, true, 'yes'],
    [{ BooleanEquals: true }, 'true', 'no'],
    [{ BooleanEqualsPath: '$.other.b' }, true, 'yes'],
    [{ BooleanEqualsPath: '$.other.b' }, false, 'no'],
    // timestamps
    [{ TimestampEquals: '2024-06-01T00:00:00Z' }, '2024-06-01T00:00:00Z', 'yes'],
    [{ TimestampLessThan: '2024-06-01T00:00:00Z' }, '2024-05-31T23:59:59Z', 'yes'],
    [{ TimestampGreaterThan: '2024-06-01T00:00:00Z' }, '2024-05-31T23:59:59Z', 'no'],
    [{ TimestampLessThanEquals: '2024-06-01T00:00:00Z' }, '2024-06-01T00:00:00Z', 'yes'],
    [{ TimestampGreaterThanEquals: '2024-06-01T00:00:00Z' }, '2024-06-02T00:00:00Z', 'yes'],
    [{ TimestampEquals: '2024-06-01T00:00:00Z' }, 'not a time', 'no'],
    [{ TimestampEqualsPath: '$.other.t' }, '2024-06-01T00:00:00Z', 'yes'],
    [{ TimestampLessThanPath: '$.other.t' }, '2024-01-01T00:00:00Z', 'yes'],
    [{ TimestampGreaterThanPath: '$.other.t' }, '2024-01-01T00:00:00Z', 'no'],
    [{ TimestampLessThanEqualsPath: '$.other.t' }, '2024-06-01T00:00:00Z', 'yes'],
    [{ TimestampGreaterThanEqualsPath: '$.other.t' }, '2025-01-01T00:00:00Z', 'yes'],
    // type tests
    [{ IsNull: true }, null, 'yes'],
    [{ IsNull: true }, 0, 'no'],
    [{ IsNull: false }, 'x', 'yes'],
    [{ IsNumeric: true }, 3.5, 'yes'],
    [{ IsNumeric: true }, '3.5', 'no'],
    [{ IsString: true }, '', 'yes'],
    [{ IsString: false }, 1, 'yes'],
    [{ IsBoolean: true }, false, 'yes'],
    [{ IsBoolean: true }, 'false', 'no'],
    [{ IsTimestamp: true }, '2024-06-01T00:00:00Z', 'yes'],
    [{ IsTimestamp: true }, 'yesterday', 'no'],
  ])('%j on %j → %s', async (operator, value, expected) => {
    expect(await decide({ Variable: '$.v', ...operator }, v(value))).toBe(expected);
  });

  test('IsPresent is true for a present value and false (no error) for a missing one', async () => {
    expect(await decide({ Variable: '$.v', IsPresent: true }, { v: null })).toBe('yes');
    expect(await decide({ Variable: '$.v', IsPresent: true }, {})).toBe('no');
    expect(await decide({ Variable: '$.v', IsPresent: false }, {})).toBe('yes');
  });

  test('And, Or and Not combine rules, nested', async () => {
    const rule = {
      And: [
        { Variable: '$.n', NumericGreaterThan: 0 },
        { Or: [{ Variable: '$.s', StringEquals: 'a' }, { Not: { Variable: '$.s', StringEquals: 'b' } }] },
      ],
    };
    expect(await decide(rule, { n: 1, s: 'a' })).toBe('yes');
    expect(await decide(rule, { n: 1, s: 'c' })).toBe('yes');
    expect(await decide(rule, { n: 1, s: 'b' })).toBe('no');
    expect(await decide(rule, { n: 0, s: 'a' })).toBe('no');
  });

  test('the first matching rule wins and Choice passes its input through', async () => {
    const definition = {
      StartAt: 'Decide',
      States: {
        Decide: {
          Type: 'Choice',
          Choices: [
            { Variable: '$.n', NumericGreaterThan: 10, Next: 'Big' },
            { Variable: '$.n', NumericGreaterThan: 0, Next: 'Small' },
            { Variable: '$.n', NumericGreaterThan: 1, Next: 'Big' },
          ],
        },
        Big: { Type: 'Pass', Result: 'big', ResultPath: '$.size', End: true },
        Small: { Type: 'Pass', Result: 'small', ResultPath: '$.size', End: true },
      },
    };
    expect((await run(definition, { n: 5 })).output).toEqual({ n: 5, size: 'small' });
  });

  test('no match and no Default fails with States.NoChoiceMatched', async () => {
    const definition = {
      StartAt: 'Decide',
      States: { Decide: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericEquals: 1, Next: 'End' }] }, End: { Type: 'Succeed' } },
    };
    const execution = await run(definition, { n: 2 });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.NoChoiceMatched');
  });

  test('a comparison on a missing Variable fails with States.Runtime', async () => {
    const execution = await run(choiceMachine({ Variable: '$.missing', StringEquals: 'x' }), {});
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.Runtime');
  });

  test('Choice OutputPath and InputPath apply', async () => {
    const definition = {
      StartAt: 'Decide',
      States: {
        Decide: { Type: 'Choice', InputPath: '$.in', OutputPath: '$.x', Choices: [{ Variable: '$.x', NumericEquals: 1, Next: 'End' }] },
        End: { Type: 'Succeed' },
      },
    };
    expect((await run(definition, { in: { x: 1 } })).output).toBe(1);
  });
});

describe('Choice (JSONata)', () => {
  const decideJsonata = async (condition: string, input: unknown) => (await run(choiceMachine({ Condition: condition }, 'JSONata'), input)).output;

  test.each([
    ['{% $states.input.n > 3 %}', { n: 4 }, 'yes'],
    ['{% $states.input.n > 3 %}', { n: 3 }, 'no'],
    ['{% $states.input.s = "a" and $states.input.n < 10 %}', { s: 'a', n: 1 }, 'yes'],
    ['{% $states.input.s = "a" or $states.input.n < 10 %}', { s: 'b', n: 11 }, 'no'],
    ['{% $not($exists($states.input.missing)) %}', {}, 'yes'],
    ['{% $type($states.input.v) = "null" %}', { v: null }, 'yes'],
    ['{% $contains($states.input.s, /^log-.*\\.txt$/) %}', { s: 'log-1.txt' }, 'yes'],
  ])('%s on %j → %s', async (condition, input, expected) => {
    expect(await decideJsonata(condition, input)).toBe(expected);
  });

  test('Choice Output and Assign in JSONata apply when a rule matches', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'Decide',
      States: {
        Decide: {
          Type: 'Choice',
          Choices: [{ Condition: '{% $states.input.n = 1 %}', Assign: { picked: 'one' }, Output: { n: '{% $states.input.n %}', rule: 'first' }, Next: 'End' }],
          Default: 'End',
        },
        End: { Type: 'Pass', Output: { input: '{% $states.input %}', picked: '{% $picked %}' }, End: true },
      },
    };
    expect((await run(definition, { n: 1 })).output).toEqual({ input: { n: 1, rule: 'first' }, picked: 'one' });
  });

  test('a Condition that is not boolean fails with States.QueryEvaluationError', async () => {
    const execution = await run(choiceMachine({ Condition: '{% $states.input.n %}' }, 'JSONata'), { n: 'text' });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.QueryEvaluationError');
  });

  test('no match and no Default fails with States.NoChoiceMatched', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'Decide',
      States: { Decide: { Type: 'Choice', Choices: [{ Condition: '{% false %}', Next: 'End' }] }, End: { Type: 'Succeed' } },
    };
    expect((await run(definition)).error).toBe('States.NoChoiceMatched');
  });
});
