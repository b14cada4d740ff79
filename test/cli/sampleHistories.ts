/**
 * Histories written by hand in GetExecutionHistory's shape (AWS's event types and detail fields,
 * ids linked through previousEventId), for the CLI's tests. Names follow the saga's states.
 */
import { type FakeEvent, history } from './fakeAws';

const lambdaError = (errorType: string, errorMessage: string) =>
  JSON.stringify({ errorType, errorMessage, trace: [`${errorType}: ${errorMessage}`, '    at handler (index.mjs:1:1)'] });

/** A task state that succeeds: entered, scheduled, started, succeeded, exited. */
function task(name: string, output: unknown = {}) {
  return [
    { type: 'TaskStateEntered', stateEnteredEventDetails: { name, input: '{}' } },
    { type: 'TaskScheduled', taskScheduledEventDetails: { resourceType: 'lambda', resource: 'invoke', region: 'us-east-1', parameters: '{}' } },
    { type: 'TaskStarted', taskStartedEventDetails: { resourceType: 'lambda', resource: 'invoke' } },
    { type: 'TaskSucceeded', taskSucceededEventDetails: { resourceType: 'lambda', resource: 'invoke', output: JSON.stringify(output) } },
    { type: 'TaskStateExited', stateExitedEventDetails: { name, output: JSON.stringify(output) } },
  ];
}

const failed = (error: string, message: string) => ({
  type: 'TaskFailed',
  taskFailedEventDetails: { resourceType: 'lambda', resource: 'invoke', error, cause: lambdaError(error, message) },
});
const scheduled = { type: 'TaskScheduled', taskScheduledEventDetails: { resourceType: 'lambda', resource: 'invoke', region: 'us-east-1', parameters: '{}' } };
const started = { type: 'TaskStarted', taskStartedEventDetails: { resourceType: 'lambda', resource: 'invoke' } };

export const HAPPY_OUTPUT = { orderId: 'ord-happy-0001', status: 'CONFIRMED' };

/** ValidateOrder, then ConfirmOrder, succeeded: 12 events. */
export const happyHistory: FakeEvent[] = history([
  { type: 'ExecutionStarted', executionStartedEventDetails: { input: '{"orderId":"ord-happy-0001"}', roleArn: 'arn:aws:iam::000000000000:role/r' } },
  ...task('ValidateOrder', { valid: true }),
  ...task('ConfirmOrder', HAPPY_OUTPUT),
  { type: 'SucceedStateEntered', stateEnteredEventDetails: { name: 'OrderConfirmed', input: '{}' } },
  { type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: JSON.stringify(HAPPY_OUTPUT) } },
]);

/**
 * ChargePayment fails with PaymentGatewayUnavailable, is retried, fails with PaymentDeclined, which
 * its Catch sends to ReleaseInventory (a compensation); the execution fails in OrderFailed. 22 events.
 */
export const declinedHistory: FakeEvent[] = history([
  { type: 'ExecutionStarted', executionStartedEventDetails: { input: '{}', roleArn: 'arn:aws:iam::000000000000:role/r' } },
  ...task('ValidateOrder'),
  { type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'ChargePayment', input: '{}' } },
  scheduled,
  started,
  failed('PaymentGatewayUnavailable', 'gateway busy'),
  scheduled,
  started,
  failed('PaymentDeclined', 'card declined'),
  { type: 'TaskStateExited', stateExitedEventDetails: { name: 'ChargePayment', output: '{}' } },
  ...task('ReleaseInventory'),
  { type: 'FailStateEntered', stateEnteredEventDetails: { name: 'OrderFailed', input: '{}' } },
  { type: 'ExecutionFailed', executionFailedEventDetails: { error: 'PaymentDeclined', cause: 'card declined' } },
]);

/**
 * ValidateOrder fails with InvalidOrder, which its Catch sends to PublishOrderRejected: a rejection,
 * where nothing was done and nothing is undone. The execution fails in OrderRejected.
 */
export const rejectedHistory: FakeEvent[] = history([
  { type: 'ExecutionStarted', executionStartedEventDetails: { input: '{}', roleArn: 'arn:aws:iam::000000000000:role/r' } },
  { type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'ValidateOrder', input: '{}' } },
  scheduled,
  started,
  failed('InvalidOrder', 'no items'),
  { type: 'TaskStateExited', stateExitedEventDetails: { name: 'ValidateOrder', output: '{}' } },
  ...task('PublishOrderRejected'),
  { type: 'FailStateEntered', stateEnteredEventDetails: { name: 'OrderRejected', input: '{}' } },
  { type: 'ExecutionFailed', executionFailedEventDetails: { error: 'InvalidOrder', cause: 'no items' } },
]);

/**
 * ShipParcels maps over two parcels whose events interleave; iteration 1 fails with
 * ParcelUndeliverable, the Map fails and its Catch goes to RefundPayment. Ids are spelled out so
 * that each event's `after` (its previousEventId) shows which iteration it belongs to.
 */
export const mapHistory: FakeEvent[] = history([
  /* 1 */ { type: 'ExecutionStarted', executionStartedEventDetails: { input: '{}' } },
  /* 2 */ { type: 'MapStateEntered', stateEnteredEventDetails: { name: 'ShipParcels', input: '{}' } },
  /* 3 */ { type: 'MapStateStarted', mapStateStartedEventDetails: { length: 2 } },
  /* 4 */ { type: 'MapIterationStarted', mapIterationStartedEventDetails: { name: 'ShipParcels', index: 0 }, after: 3 },
  /* 5 */ { type: 'MapIterationStarted', mapIterationStartedEventDetails: { name: 'ShipParcels', index: 1 }, after: 3 },
  /* 6 */ { type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'ShipParcel', input: '{}' }, after: 4 },
  /* 7 */ { type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'ShipParcel', input: '{}' }, after: 5 },
  /* 8 */ { ...scheduled, after: 6 },
  /* 9 */ { ...scheduled, after: 7 },
  /* 10 */ { ...failed('ParcelUndeliverable', 'parcel too heavy'), after: 9 },
  /* 11 */ { type: 'TaskSucceeded', taskSucceededEventDetails: { output: '{}' }, after: 8 },
  /* 12 */ { type: 'TaskStateExited', stateExitedEventDetails: { name: 'ShipParcel', output: '{}' }, after: 11 },
  /* 13 */ { type: 'MapIterationFailed', mapIterationFailedEventDetails: { name: 'ShipParcels', index: 1 }, after: 10 },
  /* 14 */ { type: 'MapIterationSucceeded', mapIterationSucceededEventDetails: { name: 'ShipParcels', index: 0 }, after: 12 },
  /* 15 */ { type: 'MapStateFailed', after: 13 },
  /* 16 */ { type: 'MapStateExited', stateExitedEventDetails: { name: 'ShipParcels', output: '{}' }, after: 15 },
  /* 17 */ { type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'RefundPayment', input: '{}' }, after: 16 },
  /* 18 */ { type: 'TaskStateExited', stateExitedEventDetails: { name: 'RefundPayment', output: '{}' }, after: 17 },
  /* 19 */ { type: 'ExecutionFailed', executionFailedEventDetails: { error: 'ParcelUndeliverable', cause: 'parcel too heavy' }, after: 18 },
]);
