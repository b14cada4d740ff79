// Step Functions Local's MockConfigFile (AWS developer guide, "Configuration File for Mocked Service
// Integrations"): test cases map Task states to mocked responses, answered per invocation ("0",
// "1-2", retries counted). Loading refuses a bad file with the place at fault; an execution of
// `machine#TestCase` runs with the mocked answers, on JSONPath and JSONata machines alike (the saga
// itself runs here with every integration mocked: no function, table or bus is reached).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StateMachine } from '../../local/engine';
import { loadMockConfig, mockedEngineOptions, MockConfigError, parseMockConfig, type MockConfig } from '../../local/server/mocks/mock-config';
import { renderDefinition } from '../support/render-definition';
import { synthesizeOrderSaga } from '../support/synth';
import happyOrder from '../../examples/happy.json';

const dir = mkdtempSync(path.join(tmpdir(), 'mock-config-'));
// The files written below are this run's only; left behind, every run would add a folder to /tmp.
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: unknown) => {
  const full = path.join(dir, name);
  writeFileSync(full, typeof content === 'string' ? content : JSON.stringify(content));
  return full;
};

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:charge';
const lambdaState = (fields: object) => ({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', ...fields });
const retryPath: MockConfig = {
  StateMachines: { Checkout: { TestCases: { RetryPath: { Charge: 'FailsTwiceThenCharges' }, Hybrid: {} } } },
  MockedResponses: {
    FailsTwiceThenCharges: {
      '0': { Throw: { Error: 'Lambda.ServiceException', Cause: 'first' } },
      '1-2': { Throw: { Error: 'Lambda.TooManyRequestsException', Cause: 'later' } },
      '3': { Return: { StatusCode: 200, Payload: { charged: true } } },
    },
  },
};

describe('loadMockConfig', () => {
  test('reads a valid file', () => {
    expect(loadMockConfig(file('ok.json', retryPath))).toEqual(retryPath);
  });

  test.each<[string, unknown, RegExp]>([
    ['not JSON', '{"StateMachines": ', /not JSON/],
    ['no MockedResponses', { StateMachines: {} }, /MockedResponses must be an object/],
    ['a test case naming a response that is not there', { StateMachines: { M: { TestCases: { T: { S: 'Nope' } } } }, MockedResponses: {} }, /StateMachines\.M\.TestCases\.T\.S names the mocked response "Nope"/],
    ['an invocation key that is not a number or range', { StateMachines: {}, MockedResponses: { R: { first: { Return: 1 } } } }, /MockedResponses\.R: "first" is not an invocation number/],
    ['overlapping invocation ranges', { StateMachines: {}, MockedResponses: { R: { '0-2': { Return: 1 }, '2': { Return: 2 } } } }, /MockedResponses\.R: "0-2" and "2" both cover invocation 2/],
    ['both Return and Throw', { StateMachines: {}, MockedResponses: { R: { '0': { Return: 1, Throw: { Error: 'E' } } } } }, /exactly one field, Return or Throw/],
    ['a Throw without Error', { StateMachines: {}, MockedResponses: { R: { '0': { Throw: { Cause: 'c' } } } } }, /Throw must have an Error string/],
  ])('refuses %s, naming the file and the place', (name, content, reason) => {
    const where = file(`${name.replace(/\W+/g, '-')}.json`, content);
    let error: unknown;
    try {
      loadMockConfig(where);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MockConfigError);
    expect((error as MockConfigError).name).toBe('MockConfigError');
    expect((error as Error).message).toContain(where);
    expect((error as Error).message).toMatch(reason);
  });

  test('a file that cannot be read says so', () => {
    expect(() => loadMockConfig(path.join(dir, 'missing.json'))).toThrow(/cannot read it \(ENOENT\)/);
  });
});

describe('mockedEngineOptions', () => {
  test('an unknown state machine or test case is a ValidationException', () => {
    expect(() => mockedEngineOptions(retryPath, 'Other', 'RetryPath', {})).toThrow(expect.objectContaining({ name: 'ValidationException' }));
    expect(() => mockedEngineOptions(retryPath, 'Checkout', 'Nope', {})).toThrow(/no test case 'Nope' for state machine 'Checkout'/);
  });

  test('JSONPath: mocked errors are retried until the invocation that returns', async () => {
    const definition = {
      StartAt: 'Charge',
      States: { Charge: lambdaState({ Parameters: { FunctionName: FN }, Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 3 }], OutputPath: '$.Payload', End: true }) },
    };
    const sm = new StateMachine(definition, mockedEngineOptions(retryPath, 'Checkout', 'RetryPath', { timeScale: 0 }));
    const execution = await sm.start({});
    expect(execution).toMatchObject({ status: 'SUCCEEDED', output: { charged: true } });
    const failed = execution.history.filter((e) => e.type === 'TaskFailed').map((e) => e.taskFailedEventDetails?.error);
    expect(failed).toEqual(['Lambda.ServiceException', 'Lambda.TooManyRequestsException', 'Lambda.TooManyRequestsException']);
  });

  test('JSONata: an invocation the response does not cover fails the execution, naming it', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'Charge',
      States: { Charge: lambdaState({ Arguments: { FunctionName: FN }, Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 5 }], End: true }) },
    };
    const config = parseMockConfig(JSON.stringify({ ...retryPath, MockedResponses: { FailsTwiceThenCharges: { '0-1': { Throw: { Error: 'Busy' } } } } }));
    const execution = await new StateMachine(definition, mockedEngineOptions(config, 'Checkout', 'RetryPath', { timeScale: 0 })).start({});
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.Runtime');
    expect(execution.cause).toBe("The mocked response 'FailsTwiceThenCharges' has no answer for invocation 2 of the state.");
  });

  test('a state the test case does not name makes its real call', async () => {
    const calls: string[] = [];
    const base = { timeScale: 0, invokeFunction: async (fn: string) => (calls.push(fn), { real: true }) };
    const definition = { StartAt: 'Charge', States: { Charge: lambdaState({ Parameters: { FunctionName: FN }, End: true }) } };
    const execution = await new StateMachine(definition, mockedEngineOptions(retryPath, 'Checkout', 'Hybrid', base)).start({});
    expect(calls).toEqual([FN]);
    expect(execution.output).toMatchObject({ Payload: { real: true } });
  });
});

describe('the saga with every integration mocked', () => {
  let definition: unknown;
  beforeAll(() => {
    definition = renderDefinition(synthesizeOrderSaga().template);
  }, 120_000);

  const responses = {
    Validated: { '0': { Return: { StatusCode: 200, Payload: { ...happyOrder, total: 1999 } } } },
    Reserved: { '0': { Return: { StatusCode: 200, Payload: { orderId: happyOrder.orderId, parcels: [{ parcelId: 'p-1', items: [] }] } } } },
    ChargedAfterTwoOutages: {
      '0-1': { Throw: { Error: 'PaymentGatewayUnavailable', Cause: '{"errorType":"PaymentGatewayUnavailable","errorMessage":"down"}' } },
      '2': { Return: { StatusCode: 200, Payload: { paymentId: 'pay-1', status: 'CAPTURED' } } },
    },
    Declined: { '0': { Throw: { Error: 'PaymentDeclined', Cause: '{"errorType":"PaymentDeclined","errorMessage":"card declined"}' } } },
    Refunded: { '0': { Return: { StatusCode: 200, Payload: { refunded: true } } } },
    Released: { '0': { Return: { StatusCode: 200, Payload: { released: true } } } },
    Shipped: { '0': { Return: { StatusCode: 200, Payload: { parcelId: 'p-1', shipmentId: 's-1', trackingNumber: 't-1' } } } },
    Confirmed: { '0': { Return: {} } },
    Published: { '0': { Return: { Entries: [{ EventId: 'e-1' }], FailedEntryCount: 0 } } },
  };
  const config = parseMockConfig(
    JSON.stringify({
      StateMachines: {
        OrderSaga: {
          TestCases: {
            HappyAfterOutages: {
              ValidateOrder: 'Validated', ReserveInventory: 'Reserved', ChargePayment: 'ChargedAfterTwoOutages',
              CreateShipment: 'Shipped', ConfirmOrder: 'Confirmed', PublishOrderConfirmed: 'Published',
            },
            Declined: {
              ValidateOrder: 'Validated', ReserveInventory: 'Reserved', ChargePayment: 'Declined',
              RefundPayment: 'Refunded', ReleaseInventory: 'Released', PublishOrderFailed: 'Published',
            },
          },
        },
      },
      MockedResponses: responses,
    }),
  );
  // no invokeFunction, DynamoDB client or bus: an unmocked call would fail the execution
  const run = (testCase: string) => new StateMachine(definition as object, mockedEngineOptions(config, 'OrderSaga', testCase, { timeScale: 0 })).start(happyOrder);

  test('two gateway outages are retried, then the order is confirmed', async () => {
    const execution = await run('HappyAfterOutages');
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toEqual({ orderId: happyOrder.orderId, status: 'CONFIRMED', shipments: [{ parcelId: 'p-1', shipmentId: 's-1', trackingNumber: 't-1' }] });
    expect(execution.history.filter((e) => e.type === 'TaskFailed').map((e) => e.taskFailedEventDetails?.error)).toEqual(['PaymentGatewayUnavailable', 'PaymentGatewayUnavailable']);
  });

  test('a declined card is compensated: refund, release, OrderFailed', async () => {
    const execution = await run('Declined');
    expect(execution).toMatchObject({ status: 'FAILED', error: 'PaymentDeclined' });
    const entered = execution.history.filter((e) => e.type?.endsWith('StateEntered')).map((e) => e.stateEnteredEventDetails?.name);
    expect(entered).toEqual(expect.arrayContaining(['RefundPayment', 'ReleaseInventory', 'PublishOrderFailed', 'OrderFailed']));
  });
});
