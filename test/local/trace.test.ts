import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { causeMessage, traceLines } from '../../local/start/trace';

let id = 0;
const at = new Date(0);
function event(type: string, details: Partial<HistoryEvent> = {}): HistoryEvent {
  id += 1;
  return { id, previousEventId: id - 1, timestamp: at, type: type as HistoryEvent['type'], ...details };
}
const entered = (type: string, name: string) => event(`${type}StateEntered`, { stateEnteredEventDetails: { name } });
const exited = (type: string, name: string) => event(`${type}StateExited`, { stateExitedEventDetails: { name } });
const lambdaTask = { resourceType: 'lambda', resource: 'invoke' };
const lambdaCause = (type: string, message: string) => JSON.stringify({ errorType: type, errorMessage: message, trace: [] });

const lambdaTaskFailed = (error: string, message: string) =>
  event('TaskFailed', { taskFailedEventDetails: { ...lambdaTask, error, cause: lambdaCause(error, message) } });
// The saga's compensations, as lib/workflow/expressions.ts lists them.
const compensations = ['CancelShipments', 'RefundPayment', 'ReleaseInventory'];
const marked = (lines: string[], mark: '→' | '↩') => lines.filter((line) => line.trimStart().startsWith(mark)).map((line) => line.trim().slice(2));

describe('the readable trace of a history', () => {
  test('states in order, a retried failure, a catch, and the compensations it leads to marked ↩', () => {
    const history = [
      event('ExecutionStarted'),
      entered('Task', 'ChargePayment'),
      event('TaskScheduled'),
      lambdaTaskFailed('PaymentGatewayUnavailable', 'no answer'),
      event('TaskScheduled'),
      lambdaTaskFailed('PaymentDeclined', 'declined by the issuer'),
      entered('Task', 'RefundPayment'),
      event('TaskScheduled'),
      event('TaskSucceeded'),
      exited('Task', 'RefundPayment'),
      entered('Task', 'ReleaseInventory'),
      event('TaskScheduled'),
      event('TaskSucceeded'),
      exited('Task', 'ReleaseInventory'),
      entered('Task', 'PublishOrderFailed'),
      event('TaskScheduled'),
      event('TaskSucceeded'),
      exited('Task', 'PublishOrderFailed'),
      entered('Fail', 'OrderFailed'),
      event('ExecutionFailed'),
    ];
    // The ending reports what happened, it undoes nothing: → as after a failure nothing was undone for.
    expect(traceLines(history, { compensations })).toEqual([
      '→ ChargePayment',
      '  ✗ PaymentGatewayUnavailable: no answer',
      '  ↻ retried',
      '  ✗ PaymentDeclined: declined by the issuer',
      '  ⤷ caught, continuing at RefundPayment',
      '↩ RefundPayment',
      '↩ ReleaseInventory',
      '→ PublishOrderFailed',
      '→ OrderFailed',
    ]);
  });

  test('a caught rejection leads to states that undo nothing: none is marked ↩', () => {
    const history = [
      event('ExecutionStarted'),
      entered('Task', 'ValidateOrder'),
      event('TaskScheduled'),
      lambdaTaskFailed('InvalidOrder', 'items[0].quantity: must be an integer from 1 to 1000'),
      entered('Task', 'PublishOrderRejected'),
      event('TaskScheduled'),
      event('TaskSucceeded'),
      exited('Task', 'PublishOrderRejected'),
      entered('Fail', 'OrderRejected'),
      event('ExecutionFailed'),
    ];
    expect(traceLines(history, { compensations })).toEqual([
      '→ ValidateOrder',
      '  ✗ InvalidOrder: items[0].quantity: must be an integer from 1 to 1000',
      '  ⤷ caught, continuing at PublishOrderRejected',
      '→ PublishOrderRejected',
      '→ OrderRejected',
    ]);
  });

  test('a compensation reached without any Catch (a Choice on a declined payment) is marked ↩ all the same', () => {
    const history = [
      entered('Task', 'CheckPayment'),
      event('TaskScheduled'),
      event('TaskSucceeded'),
      exited('Task', 'CheckPayment'),
      entered('Choice', 'IsPaymentSettled?'),
      exited('Choice', 'IsPaymentSettled?'),
      entered('Task', 'RefundPayment'),
      exited('Task', 'RefundPayment'),
      entered('Task', 'ReleaseInventory'),
      exited('Task', 'ReleaseInventory'),
      entered('Task', 'PublishOrderFailed'),
      entered('Fail', 'OrderFailed'),
    ];
    const lines = traceLines(history, { compensations });
    expect(marked(lines, '↩')).toEqual(['RefundPayment', 'ReleaseInventory']);
    expect(marked(lines, '→')).toEqual(['CheckPayment', 'IsPaymentSettled?', 'PublishOrderFailed', 'OrderFailed']);
    expect(lines.some((line) => line.includes('caught'))).toBe(false);
  });

  test('a compensation that fails and is caught in turn: the states after that catch undo nothing more', () => {
    const history = [
      entered('Task', 'RefundPayment'),
      event('TaskScheduled'),
      lambdaTaskFailed('RefundFailed', 'the gateway refused'),
      entered('Task', 'PublishOrderCompensationFailed'),
      entered('Fail', 'CompensationFailed'),
    ];
    expect(traceLines(history, { compensations })).toEqual([
      '↩ RefundPayment',
      '  ✗ RefundFailed: the gateway refused',
      '  ⤷ caught, continuing at PublishOrderCompensationFailed',
      '→ PublishOrderCompensationFailed',
      '→ CompensationFailed',
    ]);
  });

  test('without the compensations named, the trace marks none: it does not guess them from the history', () => {
    const history = [entered('Task', 'ChargePayment'), lambdaTaskFailed('PaymentDeclined', 'no'), entered('Task', 'RefundPayment')];
    expect(traceLines(history)).toEqual(['→ ChargePayment', '  ✗ PaymentDeclined: no', '  ⤷ caught, continuing at RefundPayment', '→ RefundPayment']);
  });

  test('a Map: its iterations are indented under it, a failed one is named', () => {
    const history = [
      entered('Map', 'ShipParcels'),
      event('MapStateStarted', { mapStateStartedEventDetails: { length: 2 } }),
      event('MapIterationStarted', { mapIterationStartedEventDetails: { name: 'ShipParcels', index: 0 } }),
      entered('Task', 'CreateShipment'),
      event('TaskTimedOut', { taskTimedOutEventDetails: { ...lambdaTask, error: 'States.Timeout' } }),
      event('MapIterationFailed', { mapIterationFailedEventDetails: { name: 'ShipParcels', index: 0 } }),
      event('MapStateFailed'),
      entered('Task', 'CancelShipments'),
    ];
    expect(traceLines(history, { compensations })).toEqual([
      '→ ShipParcels',
      '  2 iterations side by side',
      '  → CreateShipment',
      '    ✗ States.Timeout',
      '    ✗ iteration 0 failed',
      '  ⤷ caught, continuing at CancelShipments',
      '↩ CancelShipments',
    ]);
  });

  test("a Lambda cause shows its message; a plain cause shows itself, shortened", () => {
    expect(causeMessage(lambdaCause('OutOfStock', 'not enough SKU-1'))).toBe('not enough SKU-1');
    expect(causeMessage('plain words')).toBe('plain words');
    expect(causeMessage('x'.repeat(200))).toHaveLength(160);
    expect(causeMessage(undefined)).toBeUndefined();
  });
});
