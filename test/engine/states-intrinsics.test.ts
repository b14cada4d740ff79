// Every States.* intrinsic function, with expected values from the Step Functions docs
// ("Intrinsic functions for JSONPath states") and the ASL spec.
import { createHash } from 'node:crypto';
import { run, single } from './support';

const evaluate = async (expression: string, input: unknown = {}) => {
  const execution = await run(single({ Type: 'Pass', Parameters: { 'r.$': expression } }), input);
  if (execution.status !== 'SUCCEEDED') throw new Error(`${expression}: ${execution.error} ${execution.cause}`);
  return (execution.output as { r: unknown }).r;
};

describe('States.* intrinsic functions', () => {
  test.each([
    ["States.Format('Hello, my name is {}.', $.name)", { name: 'Ada' }, 'Hello, my name is Ada.'],
    ["States.Format('{} has {} items, {}', $.who, $.n, $.ok)", { who: 'cart', n: 3, ok: true }, 'cart has 3 items, true'],
    ["States.Format('escaped \\{\\} and \\'quoted\\' {}', 'x')", {}, "escaped {} and 'quoted' x"],
    ['States.StringToJson($.s)', { s: '{"a":1,"b":[true,null]}' }, { a: 1, b: [true, null] }],
    ['States.JsonToString($.o)', { o: { a: 1, b: 'two' } }, '{"a":1,"b":"two"}'],
    ["States.Array('Foo', 2020, $.x, null)", { x: { y: 1 } }, ['Foo', 2020, { y: 1 }, null]],
    ['States.ArrayPartition($.a, 4)', { a: [1, 2, 3, 4, 5, 6, 7, 8, 9] }, [[1, 2, 3, 4], [5, 6, 7, 8], [9]]],
    ['States.ArrayContains($.a, 5)', { a: [1, 5, 9] }, true],
    ['States.ArrayContains($.a, 4)', { a: [1, 5, 9] }, false],
    ['States.ArrayRange(1, 9, 2)', {}, [1, 3, 5, 7, 9]],
    ['States.ArrayGetItem($.a, 5)', { a: [1, 2, 3, 4, 5, 6, 7, 8, 9] }, 6],
    ['States.ArrayLength($.a)', { a: [1, 2, 3, 4, 5, 6, 7, 8, 9] }, 9],
    ['States.ArrayUnique($.a)', { a: [1, 2, 3, 3, 3, 3, 3, 3, 4] }, [1, 2, 3, 4]],
    ["States.Base64Encode('Data to encode')", {}, 'RGF0YSB0byBlbmNvZGU='],
    ["States.Base64Decode('RGF0YSB0byBlbmNvZGU=')", {}, 'Data to encode'],
    ['States.JsonMerge($.a, $.b, false)', { a: { a: { a1: 1, a2: 2 }, b: 2 }, b: { a: { a3: 1, a4: 2 }, c: 3 } }, { a: { a3: 1, a4: 2 }, b: 2, c: 3 }],
    ['States.MathAdd(111, -1)', {}, 110],
    ['States.MathAdd($.n, 10)', { n: -20 }, -10],
    ["States.StringSplit('1,2,3,4,5', ',')", {}, ['1', '2', '3', '4', '5']],
    ["States.StringSplit('This.is+a,test=string', '.+,=')", {}, ['This', 'is', 'a', 'test', 'string']],
    ["States.Format('{}', States.ArrayLength(States.Array(1, 2)))", {}, '2'],
  ])('%s', async (expression, input, expected) => {
    expect(await evaluate(expression, input)).toEqual(expected);
  });

  test.each(['MD5', 'SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'])('States.Hash with %s is the hex digest', async (algorithm) => {
    const nodeName = algorithm.replace('-', '').toLowerCase();
    const expected = createHash(nodeName).update('input data').digest('hex');
    expect(await evaluate('States.Hash($.d, $.alg)', { d: 'input data', alg: algorithm })).toBe(expected);
  });

  test('States.MathRandom returns an integer within the range', async () => {
    for (let i = 0; i < 20; i++) {
      const value = (await evaluate('States.MathRandom(1, 10)')) as number;
      expect(Number.isInteger(value)).toBe(true);
      expect(value).toBeGreaterThanOrEqual(1);
      expect(value).toBeLessThanOrEqual(10);
    }
  });

  test('States.UUID returns a v4 UUID, different each call', async () => {
    const a = (await evaluate('States.UUID()')) as string;
    const b = (await evaluate('States.UUID()')) as string;
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
  });

  test('intrinsics work in a Task ResultSelector and with the context object', async () => {
    const definition = single({ Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', ResultSelector: { 'msg.$': "States.Format('{} in {}', $.n, $$.State.Name)" } });
    expect((await run(definition, {}, { f: () => ({ n: 2 }) })).output).toEqual({ msg: '2 in S' });
  });

  test('a failing intrinsic (StringToJson on text that is not JSON) fails with States.IntrinsicFailure', async () => {
    const execution = await run(single({ Type: 'Pass', Parameters: { 'r.$': 'States.StringToJson($.s)' } }), { s: '{not json' });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.IntrinsicFailure');
  });

  test('an intrinsic failure can be caught', async () => {
    const definition = {
      StartAt: 'P',
      States: {
        P: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', Parameters: { 'r.$': 'States.StringToJson($.s)' }, Catch: [{ ErrorEquals: ['States.IntrinsicFailure'], Next: 'H' }], End: true },
        H: { Type: 'Pass', Result: 'caught', End: true },
      },
    };
    expect((await run(definition, { s: '{not json' })).output).toBe('caught');
  });
});
