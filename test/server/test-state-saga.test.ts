// TestState on the saga's own states, picked by stateName from the rendered definition (what
// deploys): a Retry decision (RETRIABLE), a Catch decision (CAUGHT_ERROR) and Choices, with mocks
// standing in for the Lambda functions, the risk checks' branches and the parcels' Map.
import type { TestStateInput } from '@aws-sdk/client-sfn';
import { testState } from '../../local/server/test-state/test-state';
import { validateStateMachineDefinition } from '../../local/server/validation/validate';
import { renderDefinition, type AslState } from '../support/render-definition';
import { synthesizeOrderSaga } from '../support/synth';

let definition: string;
let chargePayment: AslState;
beforeAll(() => {
  const rendered = renderDefinition(synthesizeOrderSaga().template);
  definition = JSON.stringify(rendered);
  chargePayment = rendered.States.ChargePayment;
}, 120_000);

/** ChargePayment's retrier for an unavailable gateway, as the workflow defines it. */
function gatewayRetrier() {
  const index = chargePayment.Retry!.findIndex((r) => r.ErrorEquals.includes('PaymentGatewayUnavailable'));
  const r = chargePayment.Retry![index];
  const backoff = (retries: number) => Math.min((r.IntervalSeconds ?? 1) * (r.BackoffRate ?? 2) ** retries, r.MaxDelaySeconds ?? Infinity);
  return { index, maxAttempts: r.MaxAttempts ?? 3, backoff };
}

// a Task tested with a mock calls nothing: these options are never used
const ctx = { engineOptions: {} };
const order = { orderId: 'o-1', customerId: 'c-1', currency: 'EUR', payment: { token: 'tok' } };
const parse = (text: string | undefined) => JSON.parse(text as string);
const test_ = (stateName: string, input: Partial<TestStateInput>) =>
  testState({ definition, stateName, inspectionLevel: 'DEBUG', variables: JSON.stringify({ order, total: 4200 }), ...input }, ctx);
const gatewayDown = { errorOutput: { error: 'PaymentGatewayUnavailable', cause: '{"errorType":"PaymentGatewayUnavailable","errorMessage":"gateway down"}' } };

test('the rendered saga is a definition AWS accepts', async () => {
  expect(await validateStateMachineDefinition({ definition })).toEqual({ result: 'OK', diagnostics: [], truncated: false });
});

describe('ChargePayment: Retry, then Catch', () => {
  test('an unavailable gateway is RETRIABLE by its own retrier, the backoff growing per retry', async () => {
    const { index, backoff } = gatewayRetrier();
    expect(index).toBeGreaterThanOrEqual(0);
    const first = await test_('ChargePayment', { mock: gatewayDown });
    expect(first).toMatchObject({ status: 'RETRIABLE', error: 'PaymentGatewayUnavailable', inspectionData: { errorDetails: { retryIndex: index, retryBackoffIntervalSeconds: backoff(0) } } });
    expect(first.output).toBeUndefined();
    expect(first.nextState).toBeUndefined();
    const third = await test_('ChargePayment', { mock: gatewayDown, stateConfiguration: { retrierRetryCount: 2 } });
    expect(third.inspectionData!.errorDetails).toEqual({ retryIndex: index, retryBackoffIntervalSeconds: backoff(2) });
    expect(backoff(2)).toBeGreaterThan(backoff(0));
  });

  test('once its retries are spent the error is CAUGHT_ERROR: RefundPayment, with the failure recorded', async () => {
    const answer = await test_('ChargePayment', { mock: gatewayDown, stateConfiguration: { retrierRetryCount: gatewayRetrier().maxAttempts } });
    expect(answer).toMatchObject({ status: 'CAUGHT_ERROR', nextState: 'RefundPayment', error: 'PaymentGatewayUnavailable', inspectionData: { errorDetails: { catchIndex: 0 } } });
    expect(parse(answer.inspectionData!.variables).failure).toEqual({ error: 'PaymentGatewayUnavailable', cause: 'gateway down', step: 'ChargePayment' });
  });

  test('a declined card is not retried: caught at once', async () => {
    const answer = await test_('ChargePayment', { mock: { errorOutput: { error: 'PaymentDeclined', cause: 'card declined' } } });
    expect(answer).toMatchObject({ status: 'CAUGHT_ERROR', nextState: 'RefundPayment' });
  });

  test('a mocked charge: the payment goes on to IsPaymentSettled?, with the function’s arguments shown', async () => {
    const result = JSON.stringify({ StatusCode: 200, Payload: { paymentId: 'p-1', status: 'CAPTURED' } });
    const answer = await test_('ChargePayment', { mock: { result } });
    expect(answer).toMatchObject({ status: 'SUCCEEDED', nextState: 'IsPaymentSettled?' });
    expect(parse(answer.output)).toEqual({ paymentId: 'p-1', status: 'CAPTURED' });
    expect(parse(answer.inspectionData!.afterArguments)).toMatchObject({ FunctionName: 'chargePayment', Payload: { orderId: 'o-1', amount: 4200, currency: 'EUR' } });
    expect(parse(answer.inspectionData!.variables)).toMatchObject({ paymentId: 'p-1', pollCount: 0 });
  });
});

test('ValidateOrder: an invalid order is caught by its first catcher and goes to PublishOrderRejected', async () => {
  const answer = await test_('ValidateOrder', { input: JSON.stringify({ orderId: 'o-1' }), mock: { errorOutput: { error: 'InvalidOrder', cause: 'no items' } } });
  expect(answer).toMatchObject({ status: 'CAUGHT_ERROR', nextState: 'PublishOrderRejected', inspectionData: { errorDetails: { catchIndex: 0 } } });
});

describe('Choices', () => {
  test('IsHighValue? sends a high total to the risk checks and the rest to ReserveInventory', async () => {
    const high = await test_('IsHighValue?', { variables: JSON.stringify({ order, total: 150_000 }) });
    expect(high).toMatchObject({ status: 'SUCCEEDED', nextState: 'RiskChecks' });
    const low = await test_('IsHighValue?', { variables: JSON.stringify({ order, total: 99_999 }) });
    expect(low.nextState).toBe('ReserveInventory');
  });

  test('IsPaymentSettled? waits while pending and checks are left, and refunds after the last one', async () => {
    const pending = JSON.stringify({ status: 'PENDING' });
    expect((await test_('IsPaymentSettled?', { input: pending, variables: JSON.stringify({ pollCount: 2 }) })).nextState).toBe('WaitForSettlement');
    const gaveUp = await test_('IsPaymentSettled?', { input: pending, variables: JSON.stringify({ pollCount: 5 }) });
    expect(gaveUp.nextState).toBe('RefundPayment');
    expect(parse(gaveUp.inspectionData!.variables).failure).toEqual({ error: 'PaymentDeclined', cause: 'the payment was still pending after 5 checks', step: 'CheckPayment' });
  });
});

describe('Parallel and Map need mocks', () => {
  test('RiskChecks: the branches’ mocked results shape the state’s output', async () => {
    const result = JSON.stringify([{ risk: 'LOW', reasons: [] }, { deliverable: true, reason: 'ok' }]);
    const answer = await test_('RiskChecks', { mock: { result } });
    expect(answer).toMatchObject({ status: 'SUCCEEDED', nextState: 'IsRiskAcceptable?' });
    expect(parse(answer.output)).toEqual({ risk: 'LOW', reasons: [], deliverable: true, addressReason: 'ok' });
    await expect(test_('RiskChecks', {})).rejects.toMatchObject({ name: 'InvalidDefinition' });
  });

  test('ShipParcels: a parcel failing in the Map is caught and cancels the shipments', async () => {
    const answer = await test_('ShipParcels', {
      variables: JSON.stringify({ order, parcels: [{ sku: 'a' }] }),
      mock: { errorOutput: { error: 'CarrierUnavailable', cause: 'no carrier' } },
      stateConfiguration: { errorCausedByState: 'CreateShipment' },
    });
    expect(answer).toMatchObject({ status: 'CAUGHT_ERROR', nextState: 'CancelShipments', inspectionData: { maxConcurrency: 4 } });
  });
});
