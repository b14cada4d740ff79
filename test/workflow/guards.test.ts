/**
 * The guards of the workflow, run end to end: the synthesized definition on the local engine, the
 * real handler bundles, DynamoDB Local seeded as a deploy seeds it. Each guard is shown by the
 * execution that only it stops, so that losing it changes what an execution does, not only how
 * the template reads:
 *
 * - IsHighValue? sends an order whose total is exactly the stack's highValueThreshold through
 *   RiskChecks ("at least", docs/design.md), and one a minor unit below it past them;
 * - ConfirmOrder confirms only the order row its own execution reserved: its UpdateItem carries
 *   `executionId = :executionId` in its ConditionExpression. On AWS a condition that does not hold
 *   fails the call with ConditionalCheckFailedException, which a Step Functions DynamoDB task
 *   reports as the error `DynamoDB.ConditionalCheckFailedException`.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ORDER_SAGA_DEFAULTS } from '../../lib/order-saga-stack';
import type { Emulator, ExecutionResult, HistoryEvent } from '../../local/emulator';
import { balance, failedAttempts, orderRows, outcomeEvents, statePath, stockChanges } from './support/observations';
import { example, startSagaEmulator } from './support/saga-emulator';

let emulator: Emulator;

beforeAll(async () => {
  emulator = (await startSagaEmulator()).emulator;
}, 120_000);

afterAll(async () => {
  await emulator?.stop();
}, 30_000);

beforeEach(async () => {
  await emulator.reset();
}, 30_000);

/** happy.json with one line of one standing desk (in stock, one Berlin parcel) at this price. */
function orderTotalling(orderId: string, total: number): Record<string, unknown> {
  return { ...example('happy.json'), orderId, items: [{ sku: 'SKU-DESK-004', quantity: 1, unitPrice: total }] };
}

const RISK_CHECKS = ['RiskChecks', 'AssessFraudRisk', 'VerifyAddress', 'IsRiskAcceptable?'];
const CONFIRMED_PATH_AFTER_CHOICE = [
  'ReserveInventory', 'ChargePayment', 'IsPaymentSettled?', 'ShipParcels', 'CreateShipment', 'ConfirmOrder',
  'PublishOrderConfirmed', 'OrderConfirmed',
];

describe('IsHighValue?: at least the threshold is high value', () => {
  // The deployed stack's threshold: bin/ and the tests build the stack with the defaults' value.
  const threshold = ORDER_SAGA_DEFAULTS.highValueThreshold;

  test(`an order of exactly the threshold (${threshold}) goes through RiskChecks`, async () => {
    const execution = await emulator.startExecution(orderTotalling('ord-threshold-at', threshold));
    expect(execution.status).toBe('SUCCEEDED');
    expect(statePath(execution)).toEqual(['ValidateOrder', 'IsHighValue?', ...RISK_CHECKS, ...CONFIRMED_PATH_AFTER_CHOICE]);
    expect(await orderRows(emulator)).toEqual([expect.objectContaining({ orderId: 'ord-threshold-at', total: threshold, status: 'CONFIRMED' })]);
  });

  test('an order of one minor unit less does not', async () => {
    const execution = await emulator.startExecution(orderTotalling('ord-threshold-below', threshold - 1));
    expect(execution.status).toBe('SUCCEEDED');
    expect(statePath(execution)).toEqual(['ValidateOrder', 'IsHighValue?', ...CONFIRMED_PATH_AFTER_CHOICE]);
    expect(await orderRows(emulator)).toEqual([expect.objectContaining({ orderId: 'ord-threshold-below', total: threshold - 1, status: 'CONFIRMED' })]);
  });
});

describe('ConfirmOrder confirms only the order row of its own execution', () => {
  test('a row that another execution owns by then is left as it is; the order is compensated and reported failed', async () => {
    const orderId = 'ord-happy-0001';
    const ordersTable = emulator.outputs.OrdersTableName;
    const otherExecution = `${emulator.stack.stateMachine.arn.replace(':stateMachine:', ':execution:')}:another-execution`;

    // ConfirmOrder's UpdateItem reaches DynamoDB 3 s late (0.3 s at the emulator's time scale, well
    // inside its 10 s timeout); meanwhile, once the state is entered, the row changes hands. The
    // change goes through TransactWriteItems, which the fault (UpdateItem only) leaves alone.
    emulator.injectServiceFaults({ dynamodb: 'UpdateItemCommand', table: ordersTable }, { kind: 'late', delaySeconds: 3 });
    let handOver: Promise<unknown> | undefined;
    const onEvent = (event: HistoryEvent) => {
      if (event.type === 'TaskStateEntered' && event.stateEnteredEventDetails?.name === 'ConfirmOrder') {
        handOver = emulator.dynamodb.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: ordersTable,
                  Key: { orderId },
                  UpdateExpression: 'SET executionId = :other',
                  ConditionExpression: '#status = :reserved',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: { ':other': otherExecution, ':reserved': 'RESERVED' },
                },
              },
            ],
          }),
        );
      }
    };

    const execution: ExecutionResult = await emulator.startExecution(example('happy.json'), { onEvent });
    expect(handOver).toBeDefined();
    await handOver;
    await emulator.settle();

    expect(statePath(execution)).toEqual([
      'ValidateOrder', 'IsHighValue?', 'ReserveInventory', 'ChargePayment', 'IsPaymentSettled?', 'ShipParcels', 'CreateShipment',
      'ConfirmOrder', 'CancelShipments', 'RefundPayment', 'ReleaseInventory', 'PublishOrderFailed', 'OrderFailed',
    ]);
    // Refused for its condition, and not retried (a States.Timeout before it would be, on a loaded machine).
    const attempts = failedAttempts(execution, 'ConfirmOrder');
    expect(attempts.at(-1)).toBe('DynamoDB.ConditionalCheckFailedException');
    expect(attempts.slice(0, -1).filter((error) => error !== 'States.Timeout')).toEqual([]);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'DynamoDB.ConditionalCheckFailedException' });
    expect(outcomeEvents(emulator)).toEqual([
      ['OrderFailed', expect.objectContaining({ orderId, error: 'DynamoDB.ConditionalCheckFailedException', step: 'ConfirmOrder' })],
    ]);

    // Not overwritten: still the other execution's reservation, not confirmed, no shipments written.
    const [row] = await orderRows(emulator);
    expect(await orderRows(emulator)).toHaveLength(1);
    expect(row).toMatchObject({ orderId, status: 'RESERVED', executionId: otherExecution });
    expect(row).not.toHaveProperty('confirmedAt');
    expect(row).not.toHaveProperty('shipments');
    // ReleaseInventory leaves another execution's reservation alone; this execution's charge is refunded.
    expect(await stockChanges(emulator)).toEqual({ 'SKU-BOOK-001': -2, 'SKU-MUG-002': -1 });
    expect(await balance(emulator, orderId)).toBe(0);
  });
});
