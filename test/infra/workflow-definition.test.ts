import jsonata from 'jsonata';
import { OUTCOME_NOT_PUBLISHED } from '../../lib/monitoring/outcome-not-published';
import { renderDefinition, AslDefinition, AslState } from '../support/render-definition';
import { synthesizeOrderSaga } from '../support/synth';
import { allStates, edges } from './definition-walk';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const aslValidator = require('asl-validator') as (d: unknown) => { isValid: boolean; errorsText: () => string };

let definition: AslDefinition;
let states: Record<string, AslState>;

beforeAll(() => {
  definition = renderDefinition(synthesizeOrderSaga().template);
  states = allStates(definition.States);
}, 120_000);

// The list of "Handle transient Lambda service exceptions" (Step Functions guide).
const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
];
const lambdaRetry = {
  ErrorEquals: LAMBDA_SERVICE_ERRORS,
  IntervalSeconds: 1,
  MaxAttempts: 3,
  BackoffRate: 2,
  MaxDelaySeconds: 8,
  JitterStrategy: 'FULL',
};
// Throttling lasts as long as a surge: a longer budget than a service error's.
const throttlingRetry = {
  ErrorEquals: ['Lambda.TooManyRequestsException'],
  IntervalSeconds: 2,
  MaxAttempts: 10,
  BackoffRate: 2,
  MaxDelaySeconds: 30,
  JitterStrategy: 'FULL',
};
const compensationRetry = {
  ErrorEquals: ['States.ALL'],
  IntervalSeconds: 2,
  MaxAttempts: 5,
  BackoffRate: 2,
  MaxDelaySeconds: 30,
  JitterStrategy: 'FULL',
};
const publishRetry = { ...lambdaRetry, ErrorEquals: ['States.ALL'] };

describe('the rendered definition', () => {
  test('is a JSONata state machine with exactly the states of docs/design.md', () => {
    expect(definition.QueryLanguage).toBe('JSONata');
    expect(definition.StartAt).toBe('ValidateOrder');
    expect(Object.keys(states).sort()).toEqual(
      [
        'ValidateOrder', 'IsHighValue?', 'RiskChecks', 'AssessFraudRisk', 'VerifyAddress', 'IsRiskAcceptable?',
        'ReserveInventory', 'ChargePayment', 'IsPaymentSettled?', 'WaitForSettlement', 'CheckPayment',
        'ShipParcels', 'CreateShipment', 'ConfirmOrder', 'PublishOrderConfirmed', 'OrderConfirmed',
        'PublishOrderRejected', 'OrderRejected', 'PublishOrderFailed', 'OrderFailed', 'DuplicateOrder',
        'CancelShipments', 'RefundPayment', 'ReleaseInventory', 'PublishOrderCompensationFailed', 'CompensationFailed',
        'OutcomeNotPublished',
      ].sort(),
    );
    expect(states.RiskChecks.Branches!.map((b) => b.StartAt)).toEqual(['AssessFraudRisk', 'VerifyAddress']);
    expect(states.ShipParcels.ItemProcessor!.StartAt).toBe('CreateShipment');
    expect(states.ShipParcels.MaxConcurrency).toBe(4);
    expect(states.OrderConfirmed.Type).toBe('Succeed');
    for (const fail of ['OrderRejected', 'OrderFailed', 'DuplicateOrder', 'CompensationFailed', 'OutcomeNotPublished']) {
      expect(states[fail].Type).toBe('Fail');
    }
  });

  test('has exactly the transitions of the saga, Catch order included', () => {
    const actual = edges(states).map((e) => `${e.from} --${e.via.startsWith('{%') ? 'Choice' : e.via}--> ${e.to}`);
    expect(actual.sort()).toEqual(
      [
        'ValidateOrder --Next--> IsHighValue?',
        'ValidateOrder --Catch [InvalidOrder]--> PublishOrderRejected',
        'ValidateOrder --Catch [States.ALL]--> PublishOrderFailed',
        'IsHighValue? --Choice--> RiskChecks',
        'IsHighValue? --Default--> ReserveInventory',
        'RiskChecks --Next--> IsRiskAcceptable?',
        'RiskChecks --Catch [States.ALL]--> PublishOrderFailed',
        'IsRiskAcceptable? --Choice--> PublishOrderRejected',
        'IsRiskAcceptable? --Choice--> PublishOrderRejected',
        'IsRiskAcceptable? --Default--> ReserveInventory',
        'ReserveInventory --Next--> ChargePayment',
        'ReserveInventory --Catch [DuplicateOrder]--> DuplicateOrder',
        'ReserveInventory --Catch [OutOfStock, UnknownSku]--> PublishOrderFailed',
        'ReserveInventory --Catch [States.ALL]--> ReleaseInventory',
        'ChargePayment --Next--> IsPaymentSettled?',
        'ChargePayment --Catch [States.ALL]--> RefundPayment',
        'IsPaymentSettled? --Choice--> ShipParcels',
        'IsPaymentSettled? --Choice--> WaitForSettlement',
        'IsPaymentSettled? --Choice--> RefundPayment',
        'WaitForSettlement --Next--> CheckPayment',
        'CheckPayment --Next--> IsPaymentSettled?',
        'CheckPayment --Catch [States.ALL]--> RefundPayment',
        'ShipParcels --Next--> ConfirmOrder',
        'ShipParcels --Catch [States.ALL]--> CancelShipments',
        'ConfirmOrder --Next--> PublishOrderConfirmed',
        'ConfirmOrder --Catch [States.ALL]--> CancelShipments',
        'PublishOrderConfirmed --Next--> OrderConfirmed',
        'PublishOrderConfirmed --Catch [States.ALL]--> OutcomeNotPublished',
        'CancelShipments --Next--> RefundPayment',
        'CancelShipments --Catch [States.ALL]--> PublishOrderCompensationFailed',
        'RefundPayment --Next--> ReleaseInventory',
        'RefundPayment --Catch [States.ALL]--> PublishOrderCompensationFailed',
        'ReleaseInventory --Next--> PublishOrderFailed',
        'ReleaseInventory --Catch [States.ALL]--> PublishOrderCompensationFailed',
        'PublishOrderRejected --Next--> OrderRejected',
        'PublishOrderRejected --Catch [States.ALL]--> OutcomeNotPublished',
        'PublishOrderFailed --Next--> OrderFailed',
        'PublishOrderFailed --Catch [States.ALL]--> OutcomeNotPublished',
        'PublishOrderCompensationFailed --Next--> CompensationFailed',
        'PublishOrderCompensationFailed --Catch [States.ALL]--> OutcomeNotPublished',
      ].sort(),
    );
    // DuplicateOrder must be caught before States.ALL, or the duplicate would release the first order's stock.
    expect(states.ReserveInventory.Catch!.map((c) => c.ErrorEquals.join(','))).toEqual([
      'DuplicateOrder',
      'OutOfStock,UnknownSku',
      'States.ALL',
    ]);
    expect(states.ValidateOrder.Catch!.map((c) => c.ErrorEquals.join(','))).toEqual(['InvalidOrder', 'States.ALL']);
  });

  test('choices branch on the documented conditions', () => {
    expect(states['IsHighValue?'].Choices!.map((c) => c.Condition)).toEqual(['{% $total >= 100000 %}']);
    expect(states['IsPaymentSettled?'].Choices!.map((c) => [c.Condition, c.Next])).toEqual([
      ['{% $states.input.status = "CAPTURED" %}', 'ShipParcels'],
      ['{% $states.input.status = "PENDING" and $pollCount < 5 %}', 'WaitForSettlement'],
      ['{% true %}', 'RefundPayment'],
    ]);
    expect(states.WaitForSettlement.Seconds).toBe(10);
  });

  test('every Task has its own TimeoutSeconds, as the handler specs say', () => {
    const expected: Record<string, number> = {
      ValidateOrder: 10, AssessFraudRisk: 10, VerifyAddress: 10, ReserveInventory: 15, ChargePayment: 15,
      CheckPayment: 10, CreateShipment: 15, CancelShipments: 15, RefundPayment: 15, ReleaseInventory: 15,
      ConfirmOrder: 10, PublishOrderConfirmed: 10, PublishOrderRejected: 10, PublishOrderFailed: 10,
      PublishOrderCompensationFailed: 10,
    };
    const tasks = Object.entries(states).filter(([, s]) => s.Type === 'Task');
    expect(Object.fromEntries(tasks.map(([n, s]) => [n, s.TimeoutSeconds]))).toEqual(expected);
  });

  test('forward Lambda steps retry only throttling and Lambda service errors (and ChargePayment the unavailable gateway)', () => {
    for (const name of ['ValidateOrder', 'AssessFraudRisk', 'VerifyAddress', 'ReserveInventory', 'CheckPayment', 'CreateShipment']) {
      expect({ name, retry: states[name].Retry }).toEqual({ name, retry: [throttlingRetry, lambdaRetry] });
    }
    expect(states.ChargePayment.Retry).toEqual([
      throttlingRetry,
      lambdaRetry,
      { ...lambdaRetry, ErrorEquals: ['PaymentGatewayUnavailable'] },
    ]);
  });

  test('no business error is ever retried', () => {
    const business = ['InvalidOrder', 'FraudRiskTooHigh', 'AddressUndeliverable', 'OutOfStock', 'UnknownSku', 'DuplicateOrder', 'PaymentDeclined', 'ParcelUndeliverable', 'States.ALL', 'States.TaskFailed'];
    const forward = ['ValidateOrder', 'AssessFraudRisk', 'VerifyAddress', 'ReserveInventory', 'ChargePayment', 'CheckPayment', 'CreateShipment', 'ConfirmOrder'];
    for (const name of forward) {
      const retried = (states[name].Retry ?? []).flatMap((r) => r.ErrorEquals);
      expect({ name, retried: retried.filter((e) => business.includes(e)) }).toEqual({ name, retried: [] });
    }
  });

  test('compensations retry everything with backoff, then give up to PublishOrderCompensationFailed', () => {
    for (const name of ['CancelShipments', 'RefundPayment', 'ReleaseInventory']) {
      expect(states[name].Retry).toEqual([compensationRetry]);
      expect(states[name].Catch).toEqual([
        {
          ErrorEquals: ['States.ALL'],
          Next: 'PublishOrderCompensationFailed',
          Assign: { compensationFailure: expect.stringContaining(`"compensation": "${name}"`) },
        },
      ]);
    }
    for (const name of ['RefundPayment', 'ReleaseInventory']) {
      expect(states[name].Arguments.Payload).toBe(
        '{% {"orderId": $order.orderId, "executionId": $states.context.Execution.Id} %}',
      );
    }
    // CancelShipments also withdraws the parcels not booked yet, so it gets all of them.
    expect(states.CancelShipments.Arguments.Payload).toBe(
      '{% {"orderId": $order.orderId, "executionId": $states.context.Execution.Id, "parcelIds": [$parcels.parcelId]} %}',
    );
  });

  test('ConfirmOrder and the publishing steps retry their service errors', () => {
    // States.Timeout too: ConfirmOrder's condition accepts the row this execution already confirmed.
    expect(states.ConfirmOrder.Retry).toEqual([
      {
        ...lambdaRetry,
        ErrorEquals: [
          'DynamoDB.ProvisionedThroughputExceededException',
          'DynamoDB.ThrottlingException',
          'DynamoDB.RequestLimitExceeded',
          'DynamoDB.InternalServerErrorException',
          'States.Timeout',
        ],
      },
    ]);
    for (const name of ['PublishOrderConfirmed', 'PublishOrderRejected', 'PublishOrderFailed', 'PublishOrderCompensationFailed']) {
      expect(states[name].Retry).toEqual([publishRetry]);
      expect(states[name].Resource).toBe('arn:aws:states:::events:putEvents');
      expect(states[name].Arguments.Entries[0]).toMatchObject({ EventBusName: 'bus', Source: 'order-saga.workflow' });
    }
  });

  test('every Catch on a forward step remembers the failure and where it happened', () => {
    const steps: Record<string, string> = {
      RiskChecks: 'RiskChecks', ReserveInventory: 'ReserveInventory', ChargePayment: 'ChargePayment',
      CheckPayment: 'CheckPayment', ShipParcels: 'ShipParcels', ConfirmOrder: 'ConfirmOrder',
    };
    for (const [name, step] of Object.entries(steps)) {
      for (const c of states[name].Catch!) expect(c.Assign!.failure).toContain(`"step": "${step}"`);
    }
    expect(states.ValidateOrder.Catch![0].Assign).toHaveProperty('rejection');
    expect(states.ValidateOrder.Catch![1].Assign).toHaveProperty('failure');
  });

  test('handlers are invoked through the Lambda integration with their own names', () => {
    const invoked = Object.entries(states)
      .filter(([, s]) => s.Resource === 'arn:aws:states:::lambda:invoke')
      .map(([n, s]) => [n, s.Arguments.FunctionName]);
    expect(Object.fromEntries(invoked)).toEqual({
      ValidateOrder: 'validateOrder', AssessFraudRisk: 'assessFraudRisk', VerifyAddress: 'verifyAddress',
      ReserveInventory: 'reserveInventory', ChargePayment: 'chargePayment', CheckPayment: 'checkPayment',
      CreateShipment: 'createShipment', CancelShipments: 'cancelShipments', RefundPayment: 'refundPayment',
      ReleaseInventory: 'releaseInventory',
    });
    expect(states.ConfirmOrder.Resource).toBe('arn:aws:states:::dynamodb:updateItem');
    expect(states.ConfirmOrder.Arguments.TableName).toBe('orders');
  });

  test('the Fail states carry the remembered failure', () => {
    expect(states.OrderFailed).toMatchObject({ Error: '{% $failure.error %}', Cause: '{% $failure.cause %}' });
    expect(states.OrderRejected).toMatchObject({ Error: '{% $rejection.error %}', Cause: '{% $rejection.cause %}' });
    expect(states.DuplicateOrder).toMatchObject({ Error: '{% $failure.error %}' });
    expect(states.CompensationFailed).toMatchObject({ Error: '{% $compensationFailure.error %}' });
    // A constant Error, not an expression: the OutcomesNotPublished alarm matches the execution's error on it.
    expect(states[OUTCOME_NOT_PUBLISHED]).toMatchObject({ Type: 'Fail', Error: OUTCOME_NOT_PUBLISHED });
  });

  test('is valid ASL (asl-validator)', () => {
    const result = aslValidator(definition);
    expect(result.errorsText()).toBe('');
    expect(result.isValid).toBe(true);
  });

  test('every {% %} expression compiles as JSONata, Assign and Output included', () => {
    const expressions: string[] = [];
    const collect = (value: unknown): void => {
      if (typeof value === 'string' && value.startsWith('{%')) expressions.push(value);
      else if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    collect(definition.States);
    expect(expressions.length).toBeGreaterThan(50);
    for (const e of expressions) {
      expect(e).toMatch(/^\{%[\s\S]*%\}$/);
      expect(() => jsonata(e.slice(2, -2))).not.toThrow();
    }
  });
});

describe('outcome events', () => {
  const detail = (state: string) => states[state].Arguments.Entries[0].Detail as string;
  // Step Functions adds $parse to JSONata; bound here as Step Functions defines it (JSON.parse).
  const evaluate = (expression: string, bindings: Record<string, unknown>) =>
    jsonata(expression.slice(2, -2)).evaluate({}, { parse: (text: string) => JSON.parse(text), ...bindings });

  test('OrderFailed classifies business and technical errors', async () => {
    const failed = (error: string) =>
      evaluate(detail('PublishOrderFailed'), {
        order: { orderId: 'ord-1' },
        failure: { error, cause: 'why', step: 'ChargePayment' },
      });
    expect(await failed('PaymentDeclined')).toEqual({
      orderId: 'ord-1', error: 'PaymentDeclined', cause: 'why', step: 'ChargePayment', errorKind: 'business',
    });
    for (const e of ['OutOfStock', 'UnknownSku', 'ParcelUndeliverable', 'InvalidOrder']) {
      expect((await failed(e)).errorKind).toBe('business');
    }
    for (const e of ['States.Timeout', 'Lambda.ServiceException', 'IdempotencyConflict', 'States.TaskFailed']) {
      expect((await failed(e)).errorKind).toBe('technical');
    }
  });

  test('OrderRejected, OrderConfirmed and OrderCompensationFailed have the documented shapes', async () => {
    expect(
      await evaluate(detail('PublishOrderRejected'), {
        order: { orderId: 'ord-1' },
        rejection: { error: 'InvalidOrder', cause: 'items[0].quantity: too small' },
      }),
    ).toEqual({ orderId: 'ord-1', reason: 'InvalidOrder', message: 'items[0].quantity: too small' });
    const shipments = [{ parcelId: 'ord-1-WH-DUBLIN', shipmentId: 'shp-1', trackingNumber: 'TRK1' }];
    expect(
      await evaluate(detail('PublishOrderConfirmed'), {
        order: { orderId: 'ord-1', customerId: 'cust-1', currency: 'EUR' },
        total: 3998,
        states: { input: { shipments } },
      }),
    ).toEqual({ orderId: 'ord-1', customerId: 'cust-1', total: 3998, currency: 'EUR', shipments });
    expect(
      await evaluate(detail('PublishOrderCompensationFailed'), {
        order: { orderId: 'ord-1' },
        failure: { error: 'PaymentDeclined', cause: 'declined', step: 'ChargePayment' },
        compensationFailure: { compensation: 'RefundPayment', error: 'RefundFailed', cause: 'refused' },
      }),
    ).toEqual({ orderId: 'ord-1', error: 'RefundFailed', cause: 'refused', step: 'ChargePayment', compensation: 'RefundPayment' });
  });

  test('a caught Lambda error is remembered by its message, other causes as they are', async () => {
    const assign = states.ReserveInventory.Catch![1].Assign!.failure as string;
    const lambdaCause = JSON.stringify({ errorType: 'OutOfStock', errorMessage: 'not enough stock for SKU-RARE-006', trace: [] });
    expect(await evaluate(assign, { states: { errorOutput: { Error: 'OutOfStock', Cause: lambdaCause } } })).toEqual({
      error: 'OutOfStock', cause: 'not enough stock for SKU-RARE-006', step: 'ReserveInventory',
    });
    const timeout = { Error: 'States.Timeout', Cause: 'Task timed out after 15 seconds' };
    expect(await evaluate(assign, { states: { errorOutput: timeout } })).toEqual({
      error: 'States.Timeout', cause: 'Task timed out after 15 seconds', step: 'ReserveInventory',
    });
    expect(await evaluate(assign, { states: { errorOutput: { Error: 'States.TaskFailed' } } })).toEqual({
      error: 'States.TaskFailed', cause: '', step: 'ReserveInventory',
    });
  });
});

describe('targets', () => {
  /**
   * The happy path of a one-parcel order, walked on the rendered definition: tasks succeed, choices
   * are evaluated with JSONata on a low-value, captured order, the Map runs its one parcel.
   */
  async function happyPath(): Promise<string[]> {
    const bindings = { total: 3998, pollCount: 0, states: { input: { status: 'CAPTURED' } } };
    const visited: string[] = [];
    const walk = async (scope: Record<string, AslState>, start: string): Promise<void> => {
      let name: string | undefined = start;
      while (name) {
        const state: AslState = scope[name];
        visited.push(name);
        if (state.Type === 'Map') await walk(state.ItemProcessor!.States, state.ItemProcessor!.StartAt); // one parcel
        if (state.Type === 'Choice') {
          let next = state.Default;
          for (const rule of state.Choices!) {
            if (await jsonata(rule.Condition.slice(2, -2)).evaluate({}, bindings)) {
              next = rule.Next;
              break;
            }
          }
          name = next;
        } else {
          name = state.End ? undefined : state.Next;
        }
      }
    };
    await walk(definition.States, definition.StartAt);
    return visited;
  }

  test('the happy path of a one-parcel order goes straight from ValidateOrder to OrderConfirmed', async () => {
    expect(await happyPath()).toEqual([
      'ValidateOrder', 'IsHighValue?', 'ReserveInventory', 'ChargePayment', 'IsPaymentSettled?',
      'ShipParcels', 'CreateShipment', 'ConfirmOrder', 'PublishOrderConfirmed', 'OrderConfirmed',
    ]);
  });

  // The budget, whichever states the path is made of: a state added to it must take one out.
  test('the happy path of a one-parcel order visits at most 10 states', async () => {
    const visited = await happyPath();
    expect(visited.at(-1)).toBe('OrderConfirmed');
    expect(visited.length).toBeLessThanOrEqual(10);
  });
});
