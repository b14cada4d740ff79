/**
 * Every path of the order saga, end to end: the synthesized definition on the local engine, the real
 * handler bundles in their own sandboxes, DynamoDB Local seeded as a deploy seeds it, and the stack's
 * own bus rules. One test per row of the README's outcomes table, then the faults that are not
 * business outcomes (throttling, timeouts, refused service calls), and last the transition coverage
 * of everything this file ran. Expected values are written from docs/design.md and the README.
 *
 * One file, one emulator: synthesizing and starting DynamoDB Local take seconds, and the coverage
 * needs every execution's history in one process (jest isolates files).
 */
import type { Emulator, ExecutionResult } from '../../local/emulator';
import { formatCoverage, TransitionCoverage } from '../../local/coverage';
import {
  balance,
  expectTablesUntouched,
  failedAttempts,
  ledger,
  orderRows,
  outcomeEvents,
  shipments,
  statePath,
  stockChanges,
} from './support/observations';
import { example, SagaEmulator, startSagaEmulator } from './support/saga-emulator';
import { ServiceFaults } from './support/service-faults';

let saga: SagaEmulator;
let emulator: Emulator;
let serviceFaults: ServiceFaults;
let coverage: TransitionCoverage;

beforeAll(async () => {
  saga = await startSagaEmulator();
  emulator = saga.emulator;
  serviceFaults = new ServiceFaults(emulator);
  coverage = new TransitionCoverage(emulator.stack.stateMachine.definition);
}, 120_000);

afterAll(async () => {
  await emulator?.stop();
}, 30_000);

beforeEach(async () => {
  // Also forgets injected faults, once every late invocation of the test before has landed.
  await emulator.reset();
}, 30_000);

/** Runs an execution to its end and keeps its history for the coverage. */
async function run(input: unknown, name?: string): Promise<ExecutionResult> {
  const execution = await emulator.startExecution(input, { name });
  await coverage.record(execution.history);
  return execution;
}

const SHIPMENT_ID = expect.stringMatching(/^shp_/);
const TRACKING_NUMBER = expect.stringMatching(/^\S+$/);

/** The order row, the ledger and the shipments of a confirmed order, as this execution left them. */
async function expectConfirmed(execution: ExecutionResult, orderId: string, total: number, warehouses: string[]) {
  const parcels = warehouses.map((warehouse) => ({ parcelId: `${orderId}-${warehouse}`, shipmentId: SHIPMENT_ID, trackingNumber: TRACKING_NUMBER }));
  expect(execution.status).toBe('SUCCEEDED');
  expect(execution.output).toEqual({ orderId, status: 'CONFIRMED', shipments: parcels });
  const shipped = (execution.output as { shipments: Array<{ shipmentId: string; trackingNumber: string }> }).shipments;

  const [row] = await orderRows(emulator);
  expect(await orderRows(emulator)).toHaveLength(1);
  expect(row).toMatchObject({ orderId, status: 'CONFIRMED', executionId: execution.executionArn, total });
  expect(row.shipments).toEqual(expect.arrayContaining(shipped.map((s) => expect.objectContaining({ shipmentId: s.shipmentId }))));
  expect(await ledger(emulator)).toEqual([
    expect.objectContaining({ orderId, entry: 'CHARGE', status: 'CAPTURED', amount: total, executionId: execution.executionArn }),
  ]);
  expect(await balance(emulator, orderId)).toBe(total);
  expect(await shipments(emulator)).toEqual(
    warehouses.map((warehouse, i) =>
      expect.objectContaining({
        orderId,
        parcelId: `${orderId}-${warehouse}`,
        warehouse,
        status: 'CREATED',
        shipmentId: shipped[i].shipmentId,
        trackingNumber: shipped[i].trackingNumber,
        executionId: execution.executionArn,
      }),
    ),
  );
  expect(outcomeEvents(emulator)).toEqual([
    ['OrderConfirmed', { executionId: execution.executionArn, orderId, customerId: expect.any(String), total, currency: expect.any(String), shipments: shipped }],
  ]);
}

/** After a failure that was fully compensated: row RELEASED (if reserved), stock back, no money kept. */
async function expectCompensated(execution: ExecutionResult, orderId: string) {
  expect(await stockChanges(emulator)).toEqual({});
  expect(await balance(emulator, orderId)).toBe(0);
  expect(await orderRows(emulator)).toEqual([expect.objectContaining({ orderId, status: 'RELEASED', executionId: execution.executionArn })]);
  for (const shipment of await shipments(emulator)) expect(shipment.status).toBe('CANCELLED');
}

describe('confirmed and rejected orders', () => {
  test('happy.json: one parcel, confirmed', async () => {
    const execution = await run(example('happy.json'));
    expect(statePath(execution)).toEqual([
      'ValidateOrder', 'IsHighValue?', 'ReserveInventory', 'ChargePayment', 'IsPaymentSettled?',
      'ShipParcels', 'CreateShipment', 'ConfirmOrder', 'PublishOrderConfirmed', 'OrderConfirmed',
    ]);
    // 2 × 1999 + 1 × 1299
    await expectConfirmed(execution, 'ord-happy-0001', 5297, ['WH-DUBLIN']);
    expect(outcomeEvents(emulator)[0][1]).toMatchObject({ customerId: 'cust-42', currency: 'EUR' });
    expect(await stockChanges(emulator)).toEqual({ 'SKU-BOOK-001': -2, 'SKU-MUG-002': -1 });
  });

  test('happy-two-parcels.json: one parcel per warehouse, both shipped', async () => {
    const execution = await run(example('happy-two-parcels.json'));
    expect(statePath(execution)).toEqual([
      'ValidateOrder', 'IsHighValue?', 'ReserveInventory', 'ChargePayment', 'IsPaymentSettled?',
      'ShipParcels', 'CreateShipment', 'CreateShipment', 'ConfirmOrder', 'PublishOrderConfirmed', 'OrderConfirmed',
    ]);
    // 1999 + 12900; parcels sorted by warehouse
    await expectConfirmed(execution, 'ord-two-parcels-0001', 14899, ['WH-BERLIN', 'WH-DUBLIN']);
    expect(await stockChanges(emulator)).toEqual({ 'SKU-BOOK-001': -1, 'SKU-LAMP-003': -1 });
  });

  test('high-value-accepted.json: risk checks pass, confirmed', async () => {
    const execution = await run(example('high-value-accepted.json'));
    expect(statePath(execution)).toEqual([
      'ValidateOrder', 'IsHighValue?', 'RiskChecks', 'AssessFraudRisk', 'VerifyAddress', 'IsRiskAcceptable?',
      'ReserveInventory', 'ChargePayment', 'IsPaymentSettled?',
      'ShipParcels', 'CreateShipment', 'ConfirmOrder', 'PublishOrderConfirmed', 'OrderConfirmed',
    ]);
    // 89900 + 12900 ≥ 100000: one Berlin parcel of 25000 + 2000 g
    await expectConfirmed(execution, 'ord-high-value-0001', 102800, ['WH-BERLIN']);
    expect(await stockChanges(emulator)).toEqual({ 'SKU-DESK-004': -1, 'SKU-LAMP-003': -1 });
    const [row] = await orderRows(emulator);
    expect(row.parcels).toEqual([expect.objectContaining({ parcelId: 'ord-high-value-0001-WH-BERLIN', weightGrams: 27000 })]);
  });

  test('fraud-rejected.json: a risky customer is rejected before anything is written', async () => {
    const execution = await run(example('fraud-rejected.json'));
    expect(statePath(execution)).toEqual([
      'ValidateOrder', 'IsHighValue?', 'RiskChecks', 'AssessFraudRisk', 'VerifyAddress', 'IsRiskAcceptable?',
      'PublishOrderRejected', 'OrderRejected',
    ]);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'FraudRiskTooHigh', cause: expect.stringMatching(/^fraud risk HIGH/) });
    expect(outcomeEvents(emulator)).toEqual([
      ['OrderRejected', { executionId: execution.executionArn, orderId: 'ord-fraud-0001', reason: 'FraudRiskTooHigh', message: execution.cause }],
    ]);
    await expectTablesUntouched(emulator);
  });

  test('address-rejected.json: an address we do not ship to is rejected before anything is written', async () => {
    const execution = await run(example('address-rejected.json'));
    expect(statePath(execution)).toEqual([
      'ValidateOrder', 'IsHighValue?', 'RiskChecks', 'AssessFraudRisk', 'VerifyAddress', 'IsRiskAcceptable?',
      'PublishOrderRejected', 'OrderRejected',
    ]);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'AddressUndeliverable', cause: expect.stringMatching(/^address undeliverable/) });
    expect(outcomeEvents(emulator)).toEqual([
      ['OrderRejected', { executionId: execution.executionArn, orderId: 'ord-address-0001', reason: 'AddressUndeliverable', message: execution.cause }],
    ]);
    await expectTablesUntouched(emulator);
  });

  test('invalid.json: rejected with the offending field named', async () => {
    const execution = await run(example('invalid.json'));
    expect(statePath(execution)).toEqual(['ValidateOrder', 'PublishOrderRejected', 'OrderRejected']);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'InvalidOrder', cause: expect.stringMatching(/^items\[0\]\.quantity: /) });
    expect(outcomeEvents(emulator)).toEqual([
      ['OrderRejected', { executionId: execution.executionArn, orderId: 'ord-invalid-0001', reason: 'InvalidOrder', message: execution.cause }],
    ]);
    await expectTablesUntouched(emulator);
  });
});

describe('stock and payment outcomes', () => {
  test('out-of-stock.json: fails at the reservation, which is all or nothing', async () => {
    const execution = await run(example('out-of-stock.json'));
    expect(statePath(execution)).toEqual(['ValidateOrder', 'IsHighValue?', 'ReserveInventory', 'PublishOrderFailed', 'OrderFailed']);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'OutOfStock' });
    expect(outcomeEvents(emulator)).toEqual([
      ['OrderFailed', { executionId: execution.executionArn, orderId: 'ord-out-of-stock-0001', error: 'OutOfStock', cause: execution.cause, step: 'ReserveInventory', errorKind: 'business' }],
    ]);
    // The book line in stock is not decremented either. The row remembers the rejection, so a
    // duplicate delivery that comes after stock is back cannot reserve for a failed order.
    expect(await orderRows(emulator)).toEqual([
      expect.objectContaining({ orderId: 'ord-out-of-stock-0001', status: 'REJECTED', error: 'OutOfStock', lines: [], executionId: execution.executionArn }),
    ]);
    expect(await stockChanges(emulator)).toEqual({});
    expect(await ledger(emulator)).toEqual([]);
    expect(await shipments(emulator)).toEqual([]);
  });

  test('declined.json: nothing to refund, the stock is released', async () => {
    const execution = await run(example('declined.json'));
    expect(statePath(execution)).toEqual([
      'ValidateOrder', 'IsHighValue?', 'ReserveInventory', 'ChargePayment',
      'RefundPayment', 'ReleaseInventory', 'PublishOrderFailed', 'OrderFailed',
    ]);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'PaymentDeclined' });
    expect(outcomeEvents(emulator)).toEqual([
      ['OrderFailed', { executionId: execution.executionArn, orderId: 'ord-declined-0001', error: 'PaymentDeclined', cause: execution.cause, step: 'ChargePayment', errorKind: 'business' }],
    ]);
    expect(await ledger(emulator)).toEqual([expect.objectContaining({ entry: 'CHARGE', status: 'DECLINED', amount: 1999 })]);
    expect(await shipments(emulator)).toEqual([]);
    await expectCompensated(execution, 'ord-declined-0001');
  });

  test('settled-after-polling.json: PENDING, settled at the second check, confirmed', async () => {
    const execution = await run(example('settled-after-polling.json'));
    expect(statePath(execution)).toEqual([
      'ValidateOrder', 'IsHighValue?', 'ReserveInventory', 'ChargePayment', 'IsPaymentSettled?',
      'WaitForSettlement', 'CheckPayment', 'IsPaymentSettled?',
      'WaitForSettlement', 'CheckPayment', 'IsPaymentSettled?',
      'ShipParcels', 'CreateShipment', 'ConfirmOrder', 'PublishOrderConfirmed', 'OrderConfirmed',
    ]);
    await expectConfirmed(execution, 'ord-settles-0001', 2598, ['WH-DUBLIN']);
    expect((await ledger(emulator))[0]).toMatchObject({ checks: 2 });
    expect(await stockChanges(emulator)).toEqual({ 'SKU-MUG-002': -2 });
  });

  test('never-settled.json: still PENDING after the last check, voided and released', async () => {
    const execution = await run(example('never-settled.json'));
    const poll = ['WaitForSettlement', 'CheckPayment', 'IsPaymentSettled?'];
    expect(statePath(execution)).toEqual([
      'ValidateOrder', 'IsHighValue?', 'ReserveInventory', 'ChargePayment', 'IsPaymentSettled?',
      ...poll, ...poll, ...poll, ...poll, ...poll, // maxPaymentChecks = 5
      'RefundPayment', 'ReleaseInventory', 'PublishOrderFailed', 'OrderFailed',
    ]);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'PaymentDeclined', cause: 'the payment was still pending after 5 checks' });
    expect(outcomeEvents(emulator)).toEqual([
      ['OrderFailed', { executionId: execution.executionArn, orderId: 'ord-never-settles-0001', error: 'PaymentDeclined', cause: execution.cause, step: 'CheckPayment', errorKind: 'business' }],
    ]);
    expect(await ledger(emulator)).toEqual([expect.objectContaining({ entry: 'CHARGE', status: 'VOIDED', amount: 1299, checks: 5 })]);
    await expectCompensated(execution, 'ord-never-settles-0001');
  });

  test('charged-then-timed-out.json: the task times out after the charge, which is refunded', async () => {
    const execution = await run(example('charged-then-timed-out.json'));
    expect(statePath(execution)).toEqual([
      'ValidateOrder', 'IsHighValue?', 'ReserveInventory', 'ChargePayment',
      'RefundPayment', 'ReleaseInventory', 'PublishOrderFailed', 'OrderFailed',
    ]);
    expect(failedAttempts(execution, 'ChargePayment')).toEqual(['States.Timeout']);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect(outcomeEvents(emulator)).toEqual([
      ['OrderFailed', { executionId: execution.executionArn, orderId: 'ord-timeout-0001', error: 'States.Timeout', cause: expect.any(String), step: 'ChargePayment', errorKind: 'technical' }],
    ]);
    expect(await ledger(emulator)).toEqual([
      expect.objectContaining({ entry: 'CHARGE', status: 'REFUNDED', amount: 1999 }),
      expect.objectContaining({ entry: 'REFUND', amount: 1999 }),
    ]);
    await expectCompensated(execution, 'ord-timeout-0001');
  });

  test('transient-fault-recovered.json: the gateway is unavailable twice, the Retry charges on the third attempt', async () => {
    const execution = await run(example('transient-fault-recovered.json'));
    expect(statePath(execution)).toEqual([
      'ValidateOrder', 'IsHighValue?', 'ReserveInventory', 'ChargePayment', 'IsPaymentSettled?',
      'ShipParcels', 'CreateShipment', 'ConfirmOrder', 'PublishOrderConfirmed', 'OrderConfirmed',
    ]);
    expect(failedAttempts(execution, 'ChargePayment')).toEqual(['PaymentGatewayUnavailable', 'PaymentGatewayUnavailable']);
    await expectConfirmed(execution, 'ord-transient-0001', 3298, ['WH-DUBLIN']);
    expect((await ledger(emulator))[0]).toMatchObject({ attempts: 3 });
    expect(await stockChanges(emulator)).toEqual({ 'SKU-BOOK-001': -1, 'SKU-MUG-002': -1 });
  });
});

describe('shipping, compensations, duplicates and events', () => {
  test('undeliverable-parcel.json: the piano is too heavy; the book shipment is cancelled, the charge refunded, the stock released', async () => {
    const execution = await run(example('undeliverable-parcel.json'));
    // Both parcels start at once (MaxConcurrency 4): Dublin's book ships, Madrid's piano cannot.
    expect(statePath(execution)).toEqual([
      'ValidateOrder', 'IsHighValue?', 'RiskChecks', 'AssessFraudRisk', 'VerifyAddress', 'IsRiskAcceptable?',
      'ReserveInventory', 'ChargePayment', 'IsPaymentSettled?', 'ShipParcels', 'CreateShipment', 'CreateShipment',
      'CancelShipments', 'RefundPayment', 'ReleaseInventory', 'PublishOrderFailed', 'OrderFailed',
    ]);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'ParcelUndeliverable' });
    expect(outcomeEvents(emulator)).toEqual([
      ['OrderFailed', { executionId: execution.executionArn, orderId: 'ord-piano-0001', error: 'ParcelUndeliverable', cause: execution.cause, step: 'ShipParcels', errorKind: 'business' }],
    ]);
    // 1999 + 499900
    expect(await ledger(emulator)).toEqual([
      expect.objectContaining({ entry: 'CHARGE', status: 'REFUNDED', amount: 501899 }),
      expect.objectContaining({ entry: 'REFUND', amount: 501899 }),
    ]);
    // None left booked: Dublin's shipment cancelled, Madrid's parcel withdrawn (no shipment was ever made for it).
    const rows = await shipments(emulator);
    expect(rows).toEqual([
      expect.objectContaining({ parcelId: 'ord-piano-0001-WH-DUBLIN', status: 'CANCELLED', executionId: execution.executionArn }),
      expect.objectContaining({ parcelId: 'ord-piano-0001-WH-MADRID', status: 'CANCELLED', executionId: execution.executionArn }),
    ]);
    expect(rows[1].shipmentId).toBeUndefined();
    await expectCompensated(execution, 'ord-piano-0001');
  });

  test('compensation-failed.json: the refund is refused after every retry, a human must finish', async () => {
    const execution = await run(example('compensation-failed.json'));
    expect(statePath(execution)).toEqual([
      'ValidateOrder', 'IsHighValue?', 'RiskChecks', 'AssessFraudRisk', 'VerifyAddress', 'IsRiskAcceptable?',
      'ReserveInventory', 'ChargePayment', 'IsPaymentSettled?', 'ShipParcels', 'CreateShipment',
      'CancelShipments', 'RefundPayment', 'PublishOrderCompensationFailed', 'CompensationFailed',
    ]);
    // One attempt and five retries (compensationRetry.maxAttempts)
    expect(failedAttempts(execution, 'RefundPayment')).toEqual(Array(6).fill('RefundFailed'));
    expect(execution).toMatchObject({ status: 'FAILED', error: 'RefundFailed' });
    expect(outcomeEvents(emulator)).toEqual([
      ['OrderCompensationFailed', {
        executionId: execution.executionArn,
        orderId: 'ord-compensation-failed-0001', error: 'RefundFailed', cause: expect.any(String), step: 'ShipParcels', compensation: 'RefundPayment',
        // What a human must finish: the refund of what may be charged, and the stock release.
        undone: { compensations: ['RefundPayment', 'ReleaseInventory'], amount: 179800, lines: [{ sku: 'SKU-DESK-004', quantity: 2 }], parcelIds: [] },
      }],
    ]);
    // What is left for a human: the reservation (2 desks) and the captured 2 × 89900.
    expect(await orderRows(emulator)).toEqual([expect.objectContaining({ status: 'RESERVED', executionId: execution.executionArn })]);
    expect(await stockChanges(emulator)).toEqual({ 'SKU-DESK-004': -2 });
    expect(await ledger(emulator)).toEqual([expect.objectContaining({ entry: 'CHARGE', status: 'CAPTURED', amount: 179800 })]);
    expect(await balance(emulator, 'ord-compensation-failed-0001')).toBe(179800);
    // The desks' parcel was never booked: CancelShipments withdrew it (a CANCELLED row, no shipment).
    const rows = await shipments(emulator);
    expect(rows).toEqual([expect.objectContaining({ parcelId: 'ord-compensation-failed-0001-WH-BERLIN', status: 'CANCELLED' })]);
    expect(rows[0].shipmentId).toBeUndefined();
  });

  test('duplicate.json twice: the second execution stops at the reservation and undoes nothing', async () => {
    const first = await run(example('duplicate.json'), 'duplicate-first');
    expect(first.status).toBe('SUCCEEDED');
    const second = await run(example('duplicate.json'), 'duplicate-second');
    expect(statePath(second)).toEqual(['ValidateOrder', 'IsHighValue?', 'ReserveInventory', 'DuplicateOrder']);
    expect(second).toMatchObject({ status: 'FAILED', error: 'DuplicateOrder' });
    // The first execution's work, untouched; only its own outcome event.
    await expectConfirmed(first, 'ord-duplicate-0001', 1999, ['WH-DUBLIN']);
    expect(await stockChanges(emulator)).toEqual({ 'SKU-BOOK-001': -1 });
  });

  test('order-placed-event.json: an OrderPlaced event on the bus starts the saga; outcome events start nothing', async () => {
    const entries = example<Array<Record<string, unknown>>>('order-placed-event.json').map((entry) => ({
      ...entry,
      EventBusName: emulator.outputs.EventBusName,
    }));
    await emulator.putEvents(entries);
    expect(emulator.executionsFromEvents).toHaveLength(1);
    const execution = await emulator.executionsFromEvents[0];
    await coverage.record(execution.history);
    expect(statePath(execution)).toEqual([
      'ValidateOrder', 'IsHighValue?', 'ReserveInventory', 'ChargePayment', 'IsPaymentSettled?',
      'ShipParcels', 'CreateShipment', 'ConfirmOrder', 'PublishOrderConfirmed', 'OrderConfirmed',
    ]);
    // 1999 + 2 × 1299
    await expectConfirmed(execution, 'ord-event-0001', 4597, ['WH-DUBLIN']);
    expect(await stockChanges(emulator)).toEqual({ 'SKU-BOOK-001': -1, 'SKU-MUG-002': -2 });
    // The OrderConfirmed event the workflow put matched no rule that starts an execution.
    expect(emulator.bus.events.map((event) => event['detail-type'])).toEqual(['OrderPlaced', 'OrderConfirmed']);
    expect(emulator.executionsFromEvents).toHaveLength(1);
  });
});

describe('faults injected at the invoke layer and in the service calls', () => {
  test.each([
    ['throttling', { kind: 'throttle' }, 'Lambda.TooManyRequestsException'],
    // The handler ran and committed; its Retry runs it again over what it already did.
    ['a service error after the handler ran', { kind: 'service-error-after-commit' }, 'Lambda.ServiceException'],
  ] as const)('Lambda %s on every forward function is retried, and the order goes through', async (_, fault, error) => {
    for (const handler of ['validateOrder', 'assessFraudRisk', 'verifyAddress', 'reserveInventory', 'createShipment'] as const) {
      emulator.injectFaults(saga.functionId(handler), fault);
    }
    emulator.injectFaults(saga.functionId('chargePayment'), fault, fault);
    const execution = await run(example('high-value-accepted.json'));
    expect(statePath(execution)).toEqual([
      'ValidateOrder', 'IsHighValue?', 'RiskChecks', 'AssessFraudRisk', 'VerifyAddress', 'IsRiskAcceptable?',
      'ReserveInventory', 'ChargePayment', 'IsPaymentSettled?',
      'ShipParcels', 'CreateShipment', 'ConfirmOrder', 'PublishOrderConfirmed', 'OrderConfirmed',
    ]);
    for (const state of ['ValidateOrder', 'AssessFraudRisk', 'VerifyAddress', 'ReserveInventory', 'CreateShipment']) {
      expect([state, failedAttempts(execution, state)]).toEqual([state, [error]]);
    }
    expect(failedAttempts(execution, 'ChargePayment')).toEqual([error, error]);
    await expectConfirmed(execution, 'ord-high-value-0001', 102800, ['WH-BERLIN']);
    expect(await stockChanges(emulator)).toEqual({ 'SKU-DESK-004': -1, 'SKU-LAMP-003': -1 });
  });

  test('a function that times out while shipping: the step fails with States.Timeout and everything is undone', async () => {
    emulator.injectFaults(saga.functionId('createShipment'), { kind: 'timeout' });
    const execution = await run(example('happy.json'));
    expect(statePath(execution)).toEqual([
      'ValidateOrder', 'IsHighValue?', 'ReserveInventory', 'ChargePayment', 'IsPaymentSettled?', 'ShipParcels', 'CreateShipment',
      'CancelShipments', 'RefundPayment', 'ReleaseInventory', 'PublishOrderFailed', 'OrderFailed',
    ]);
    expect(failedAttempts(execution, 'CreateShipment')).toEqual(['States.Timeout']);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect(outcomeEvents(emulator)).toEqual([
      ['OrderFailed', { executionId: execution.executionArn, orderId: 'ord-happy-0001', error: 'States.Timeout', cause: expect.any(String), step: 'ShipParcels', errorKind: 'technical' }],
    ]);
    expect(await ledger(emulator)).toEqual([
      expect.objectContaining({ entry: 'CHARGE', status: 'REFUNDED', amount: 5297 }),
      expect.objectContaining({ entry: 'REFUND', amount: 5297 }),
    ]);
    await expectCompensated(execution, 'ord-happy-0001');
  });

  test('ValidateOrder times out: a technical failure, published after EventBridge refused it once', async () => {
    emulator.injectFaults(saga.functionId('validateOrder'), { kind: 'timeout' });
    serviceFaults.failPutEvents('OrderFailed', 'InternalException');
    const execution = await run(example('happy.json'));
    expect(statePath(execution)).toEqual(['ValidateOrder', 'PublishOrderFailed', 'OrderFailed']);
    expect(failedAttempts(execution, 'PublishOrderFailed')).toEqual(['EventBridge.InternalException']);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect(outcomeEvents(emulator)).toEqual([
      ['OrderFailed', { executionId: execution.executionArn, orderId: 'ord-happy-0001', error: 'States.Timeout', cause: expect.any(String), step: 'ValidateOrder', errorKind: 'technical' }],
    ]);
    await expectTablesUntouched(emulator);
  });

  test('a risk check times out: the order fails before anything is reserved', async () => {
    emulator.injectFaults(saga.functionId('verifyAddress'), { kind: 'timeout' });
    const execution = await run(example('high-value-accepted.json'));
    expect(statePath(execution)).toEqual([
      'ValidateOrder', 'IsHighValue?', 'RiskChecks', 'AssessFraudRisk', 'VerifyAddress', 'PublishOrderFailed', 'OrderFailed',
    ]);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect(outcomeEvents(emulator)).toEqual([
      ['OrderFailed', { executionId: execution.executionArn, orderId: 'ord-high-value-0001', error: 'States.Timeout', cause: expect.any(String), step: 'RiskChecks', errorKind: 'technical' }],
    ]);
    await expectTablesUntouched(emulator);
  });

  test('ReserveInventory times out: the release finds nothing to put back and fences the order', async () => {
    emulator.injectFaults(saga.functionId('reserveInventory'), { kind: 'timeout' });
    const execution = await run(example('happy.json'));
    expect(statePath(execution)).toEqual([
      'ValidateOrder', 'IsHighValue?', 'ReserveInventory', 'ReleaseInventory', 'PublishOrderFailed', 'OrderFailed',
    ]);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect(outcomeEvents(emulator)).toEqual([
      ['OrderFailed', { executionId: execution.executionArn, orderId: 'ord-happy-0001', error: 'States.Timeout', cause: expect.any(String), step: 'ReserveInventory', errorKind: 'technical' }],
    ]);
    // A RELEASED row without lines: a reservation still on its way would fail its condition.
    expect(await orderRows(emulator)).toEqual([expect.objectContaining({ orderId: 'ord-happy-0001', status: 'RELEASED', lines: [], executionId: execution.executionArn })]);
    expect(await stockChanges(emulator)).toEqual({});
    expect(await ledger(emulator)).toEqual([]);
  });

  test('ReserveInventory starts late and commits after its step timed out: the fence refuses it, nothing is held', async () => {
    emulator.injectFaults(saga.functionId('reserveInventory'), { kind: 'late' });
    const execution = await run(example('happy.json'));
    expect(statePath(execution)).toEqual([
      'ValidateOrder', 'IsHighValue?', 'ReserveInventory', 'ReleaseInventory', 'PublishOrderFailed', 'OrderFailed',
    ]);
    // The step gave up; its invocation runs on and commits after the release wrote the fence.
    expect(emulator.lambda.running).toBeGreaterThan(0);
    await emulator.settle();
    expect(await orderRows(emulator)).toEqual([expect.objectContaining({ status: 'RELEASED', lines: [] })]);
    expect(await stockChanges(emulator)).toEqual({});
  });

  test('PublishOrderConfirmed refused by EventBridge on every attempt: OutcomeNotPublished, the order stays confirmed', async () => {
    serviceFaults.failPutEvents('OrderConfirmed', ...Array(4).fill('ThrottlingException'));
    const execution = await run(example('happy.json'));
    expect(statePath(execution)).toEqual([
      'ValidateOrder', 'IsHighValue?', 'ReserveInventory', 'ChargePayment', 'IsPaymentSettled?',
      'ShipParcels', 'CreateShipment', 'ConfirmOrder', 'PublishOrderConfirmed', 'OutcomeNotPublished',
    ]);
    expect(failedAttempts(execution, 'PublishOrderConfirmed')).toEqual(Array(4).fill('EventBridge.ThrottlingException'));
    expect(execution).toMatchObject({
      status: 'FAILED',
      error: 'OutcomeNotPublished',
      cause: expect.stringMatching(/^OrderConfirmed of order ord-happy-0001 was not published \(EventBridge\.ThrottlingException\): /),
    });
    expect(outcomeEvents(emulator)).toEqual([]);
    // Never compensated: charged, shipped and confirmed, as the customer was told at checkout.
    expect(await orderRows(emulator)).toEqual([expect.objectContaining({ status: 'CONFIRMED' })]);
    expect(await balance(emulator, 'ord-happy-0001')).toBe(5297);
    expect(await shipments(emulator)).toEqual([expect.objectContaining({ status: 'CREATED' })]);
  });

  test.each([
    ['PublishOrderRejected', 'OrderRejected', 'invalid.json', 'ord-invalid-0001', ['ValidateOrder', 'PublishOrderRejected', 'OutcomeNotPublished']],
    ['PublishOrderFailed', 'OrderFailed', 'declined.json', 'ord-declined-0001', ['ValidateOrder', 'IsHighValue?', 'ReserveInventory', 'ChargePayment', 'RefundPayment', 'ReleaseInventory', 'PublishOrderFailed', 'OutcomeNotPublished']],
    [
      'PublishOrderCompensationFailed', 'OrderCompensationFailed', 'compensation-failed.json', 'ord-compensation-failed-0001',
      ['ValidateOrder', 'IsHighValue?', 'RiskChecks', 'AssessFraudRisk', 'VerifyAddress', 'IsRiskAcceptable?', 'ReserveInventory', 'ChargePayment', 'IsPaymentSettled?', 'ShipParcels', 'CreateShipment', 'CancelShipments', 'RefundPayment', 'PublishOrderCompensationFailed', 'OutcomeNotPublished'],
    ],
  ])('%s refused for good: OutcomeNotPublished names the %s it could not publish', async (state, outcome, file, orderId, path) => {
    serviceFaults.failPutEvents(outcome, ...Array(4).fill('InternalException'));
    const execution = await run(example(file));
    expect(statePath(execution)).toEqual(path);
    expect(failedAttempts(execution, state)).toEqual(Array(4).fill('EventBridge.InternalException'));
    expect(execution).toMatchObject({ status: 'FAILED', error: 'OutcomeNotPublished', cause: expect.stringMatching(new RegExp(`^${outcome} of order ${orderId} was not published \\(EventBridge\\.InternalException\\): `)) });
    expect(outcomeEvents(emulator)).toEqual([]);
  });

  test('CheckPayment is throttled, refused by Lambda, then times out: the pending charge is voided and the stock released', async () => {
    emulator.injectFaults(saga.functionId('checkPayment'), { kind: 'throttle' }, { kind: 'service-error', name: 'ServiceException' }, { kind: 'timeout' });
    const execution = await run(example('settled-after-polling.json'));
    expect(statePath(execution)).toEqual([
      'ValidateOrder', 'IsHighValue?', 'ReserveInventory', 'ChargePayment', 'IsPaymentSettled?', 'WaitForSettlement', 'CheckPayment',
      'RefundPayment', 'ReleaseInventory', 'PublishOrderFailed', 'OrderFailed',
    ]);
    expect(failedAttempts(execution, 'CheckPayment')).toEqual(['Lambda.TooManyRequestsException', 'Lambda.ServiceException', 'States.Timeout']);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect(outcomeEvents(emulator)).toEqual([
      ['OrderFailed', { executionId: execution.executionArn, orderId: 'ord-settles-0001', error: 'States.Timeout', cause: expect.any(String), step: 'CheckPayment', errorKind: 'technical' }],
    ]);
    expect(await ledger(emulator)).toEqual([expect.objectContaining({ entry: 'CHARGE', status: 'VOIDED', amount: 2598 })]);
    await expectCompensated(execution, 'ord-settles-0001');
  });

  test('CancelShipments keeps failing: CompensationFailed, published after one refusal, the rest left as it is', async () => {
    const failure = { kind: 'service-error', name: 'ServiceException' } as const;
    emulator.injectFaults(saga.functionId('cancelShipments'), ...Array(6).fill(failure));
    serviceFaults.failPutEvents('OrderCompensationFailed', 'InternalException');
    const execution = await run(example('undeliverable-parcel.json'));
    expect(statePath(execution)).toEqual([
      'ValidateOrder', 'IsHighValue?', 'RiskChecks', 'AssessFraudRisk', 'VerifyAddress', 'IsRiskAcceptable?',
      'ReserveInventory', 'ChargePayment', 'IsPaymentSettled?', 'ShipParcels', 'CreateShipment', 'CreateShipment',
      'CancelShipments', 'PublishOrderCompensationFailed', 'CompensationFailed',
    ]);
    expect(failedAttempts(execution, 'CancelShipments')).toEqual(Array(6).fill('Lambda.ServiceException'));
    expect(execution).toMatchObject({ status: 'FAILED', error: 'Lambda.ServiceException' });
    expect(outcomeEvents(emulator)).toEqual([
      ['OrderCompensationFailed', {
        executionId: execution.executionArn,
        orderId: 'ord-piano-0001', error: 'Lambda.ServiceException', cause: expect.any(String), step: 'ShipParcels', compensation: 'CancelShipments',
        undone: {
          compensations: ['CancelShipments', 'RefundPayment', 'ReleaseInventory'],
          amount: 501899,
          lines: [{ sku: 'SKU-BOOK-001', quantity: 1 }, { sku: 'SKU-PIANO-005', quantity: 1 }],
          parcelIds: ['ord-piano-0001-WH-DUBLIN', 'ord-piano-0001-WH-MADRID'],
        },
      }],
    ]);
    // Nothing was undone: the book shipment still booked, both lines reserved, the 501899 captured.
    expect(await shipments(emulator)).toEqual([expect.objectContaining({ parcelId: 'ord-piano-0001-WH-DUBLIN', status: 'CREATED' })]);
    expect(await orderRows(emulator)).toEqual([expect.objectContaining({ status: 'RESERVED' })]);
    expect(await stockChanges(emulator)).toEqual({ 'SKU-BOOK-001': -1, 'SKU-PIANO-005': -1 });
    expect(await balance(emulator, 'ord-piano-0001')).toBe(501899);
  });

  test('ReleaseInventory keeps failing: CompensationFailed with the reservation left', async () => {
    const failure = { kind: 'service-error', name: 'ServiceException' } as const;
    emulator.injectFaults(saga.functionId('releaseInventory'), ...Array(6).fill(failure));
    const execution = await run(example('declined.json'));
    expect(statePath(execution)).toEqual([
      'ValidateOrder', 'IsHighValue?', 'ReserveInventory', 'ChargePayment', 'RefundPayment', 'ReleaseInventory',
      'PublishOrderCompensationFailed', 'CompensationFailed',
    ]);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'Lambda.ServiceException' });
    expect(outcomeEvents(emulator)).toEqual([
      ['OrderCompensationFailed', {
        executionId: execution.executionArn,
        orderId: 'ord-declined-0001', error: 'Lambda.ServiceException', cause: expect.any(String), step: 'ChargePayment', compensation: 'ReleaseInventory',
        // RefundPayment ran: no amount is left; the stock of the book still is.
        undone: { compensations: ['ReleaseInventory'], amount: 0, lines: [{ sku: 'SKU-BOOK-001', quantity: 1 }], parcelIds: [] },
      }],
    ]);
    expect(await orderRows(emulator)).toEqual([expect.objectContaining({ status: 'RESERVED' })]);
    expect(await stockChanges(emulator)).toEqual({ 'SKU-BOOK-001': -1 });
    expect(await balance(emulator, 'ord-declined-0001')).toBe(0);
  });

  test('ConfirmOrder throttled by DynamoDB and the confirmation refused by EventBridge once: both retried', async () => {
    serviceFaults.failDynamoDb('UpdateItemCommand', 'OrdersTableName', 'ProvisionedThroughputExceededException');
    serviceFaults.failPutEvents('OrderConfirmed', 'InternalException');
    const execution = await run(example('happy.json'));
    expect(statePath(execution)).toEqual([
      'ValidateOrder', 'IsHighValue?', 'ReserveInventory', 'ChargePayment', 'IsPaymentSettled?',
      'ShipParcels', 'CreateShipment', 'ConfirmOrder', 'PublishOrderConfirmed', 'OrderConfirmed',
    ]);
    expect(failedAttempts(execution, 'ConfirmOrder')).toEqual(['DynamoDB.ProvisionedThroughputExceededException']);
    expect(failedAttempts(execution, 'PublishOrderConfirmed')).toEqual(['EventBridge.InternalException']);
    await expectConfirmed(execution, 'ord-happy-0001', 5297, ['WH-DUBLIN']);
  });

  test('ConfirmOrder fails for good: the shipment is cancelled, the charge refunded, the stock released', async () => {
    serviceFaults.failDynamoDb('UpdateItemCommand', 'OrdersTableName', 'ConditionalCheckFailedException');
    const execution = await run(example('happy.json'));
    expect(statePath(execution)).toEqual([
      'ValidateOrder', 'IsHighValue?', 'ReserveInventory', 'ChargePayment', 'IsPaymentSettled?', 'ShipParcels', 'CreateShipment',
      'ConfirmOrder', 'CancelShipments', 'RefundPayment', 'ReleaseInventory', 'PublishOrderFailed', 'OrderFailed',
    ]);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'DynamoDB.ConditionalCheckFailedException' });
    expect(outcomeEvents(emulator)).toEqual([
      ['OrderFailed', expect.objectContaining({ orderId: 'ord-happy-0001', error: 'DynamoDB.ConditionalCheckFailedException', step: 'ConfirmOrder', errorKind: 'technical' })],
    ]);
    expect(await shipments(emulator)).toEqual([expect.objectContaining({ parcelId: 'ord-happy-0001-WH-DUBLIN', status: 'CANCELLED' })]);
    await expectCompensated(execution, 'ord-happy-0001');
  });

  test('a rejection that EventBridge refuses once is published on the retry', async () => {
    serviceFaults.failPutEvents('OrderRejected', 'InternalException');
    const execution = await run(example('invalid.json'));
    expect(statePath(execution)).toEqual(['ValidateOrder', 'PublishOrderRejected', 'OrderRejected']);
    expect(failedAttempts(execution, 'PublishOrderRejected')).toEqual(['EventBridge.InternalException']);
    expect(outcomeEvents(emulator)).toEqual([['OrderRejected', expect.objectContaining({ orderId: 'ord-invalid-0001', reason: 'InvalidOrder' })]]);
  });
});

// Last, on purpose: jest runs a file's tests in order, so every execution above is recorded by now.
test('transition coverage: every state, transition, Catch and Retry of the definition was taken', () => {
  const report = coverage.report();
  console.log(formatCoverage(report));
  expect(report.unexplained).toEqual([]);
  expect(report.transitions.missing.map((t) => t.id)).toEqual([]);
  expect(report.states.missing).toEqual([]);
});
