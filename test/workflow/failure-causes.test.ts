/**
 * How a caught error's Cause becomes `$failure.cause`, run on the local engine (the JSONata version
 * and `$parse` that Step Functions has) with the saga's own rendered Catch `Assign`, for every shape
 * of Cause AWS produces: a handler's error, the runtime's own errors, service errors, no cause, and a
 * Cause that Step Functions cut short (it is then not JSON: a `$parse` of it would fail the Catch).
 */
import { StateMachine } from '../../local/engine';
import { renderDefinition } from '../support/render-definition';
import { synthesizeOrderSaga } from '../support/synth';

const states = renderDefinition(synthesizeOrderSaga().template).States;

/**
 * Runs a Task that fails with `error`/`cause` (or, with no cause, that times out: Step Functions'
 * own States.Timeout), caught by ReserveInventory's own `States.ALL` Catch Assign.
 */
async function remembered(error: string, cause?: string): Promise<unknown> {
  const catcher = states.ReserveInventory.Catch!.find((c) => c.ErrorEquals.includes('States.ALL'))!;
  const machine = new StateMachine(
    {
      QueryLanguage: 'JSONata',
      StartAt: 'Fails',
      States: {
        Fails: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:fails',
          TimeoutSeconds: 1,
          Catch: [{ ErrorEquals: ['States.ALL'], Assign: catcher.Assign, Next: 'Remembered' }],
          End: true,
        },
        Remembered: { Type: 'Pass', Output: '{% $failure %}', End: true },
      },
    },
    {
      timeScale: 0.001,
      invokeFunction: () => {
        if (cause === undefined) return new Promise(() => undefined);
        throw Object.assign(new Error('unused'), { name: error, cause });
      },
    },
  );
  const execution = await machine.start({});
  expect(execution.status).toBe('SUCCEEDED');
  return (execution.output as { cause: unknown }).cause;
}

describe("a caught error's cause, as the outcome events report it", () => {
  test("a Node.js handler's error (errorType first, with a trace): its message", async () => {
    const cause = JSON.stringify({ errorType: 'OutOfStock', errorMessage: 'not enough stock for SKU-RARE-006', trace: ['OutOfStock: not enough stock', '    at handler (/var/task/index.mjs:1:2)'] });
    expect(await remembered('OutOfStock', cause)).toBe('not enough stock for SKU-RARE-006');
  });

  test('the other key order, spaces after the colons, escapes and non-ASCII text in the message', async () => {
    const cause = '{"errorMessage": "line 1\\nsaid \\"no\\" to C:\\\\temp, caf\\u00e9 \u00fc", "errorType": "ValueError", "stackTrace": []}';
    expect(await remembered('ValueError', cause)).toBe('line 1\nsaid "no" to C:\\temp, café ü');
  });

  test("the runtime's own errors: Sandbox.Timedout and Runtime.ExitError", async () => {
    const timedOut = '{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: 5ded4dda-8418-4114-9c52-a1b2c3d4e5f6 Error: Task timed out after 20.00 seconds"}';
    expect(await remembered('Sandbox.Timedout', timedOut)).toBe('RequestId: 5ded4dda-8418-4114-9c52-a1b2c3d4e5f6 Error: Task timed out after 20.00 seconds');
    const exited = '{"errorType":"Runtime.ExitError","errorMessage":"RequestId: 59f8af4e-3e1c-4ad1-b6b9-a220f7fceb05 Error: Runtime exited with error: exit status 1"}';
    expect(await remembered('Runtime.ExitError', exited)).toBe('RequestId: 59f8af4e-3e1c-4ad1-b6b9-a220f7fceb05 Error: Runtime exited with error: exit status 1');
  });

  test('a cause cut short after the message keeps the message; one cut inside it is kept as it is, and the Catch still works', async () => {
    const trace = Array.from({ length: 2000 }, (_, i) => `    at frame${i} (/var/task/index.mjs:${i}:1)`);
    const whole = JSON.stringify({ errorType: 'Error', errorMessage: 'gateway said no', trace });
    expect(await remembered('Error', whole.slice(0, 32768))).toBe('gateway said no');
    const cutInMessage = '{"errorType":"Error","errorMessage":"a very long message that was cut';
    expect(await remembered('Error', cutInMessage)).toBe(cutInMessage);
  });

  test('service errors and States.* errors keep their text; no cause is ""', async () => {
    const service = 'Rate Exceeded. (Service: AWSLambda; Status Code: 429; Error Code: TooManyRequestsException; Request ID: 1; Proxy: null)';
    expect(await remembered('Lambda.TooManyRequestsException', service)).toBe(service);
    expect(await remembered('States.Timeout', 'The task timed out.')).toBe('The task timed out.');
    expect(await remembered('States.Timeout')).toBe('');
    expect(await remembered('Error', '{"errorType":"Error"}')).toBe('{"errorType":"Error"}');
  });
});
