import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { causeMessage, traceLines } from '../../local/trace';

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

describe('the readable trace of a history', () => {
  test('states in order, a retried failure, a catch, and what follows it marked as compensation', () => {
    const history = [
      event('ExecutionStarted'),
      entered('Task', 'ChargePayment'),
      event('TaskScheduled'),
      event('TaskFailed', { taskFailedEventDetails: { ...lambdaTask, error: 'PaymentGatewayUnavailable', cause: lambdaCause('PaymentGatewayUnavailable', 'no answer') } }),
      event('TaskScheduled'),
      event('TaskFailed', { taskFailedEventDetails: { ...lambdaTask, error: 'PaymentDeclined', cause: lambdaCause('PaymentDeclined', 'declined by the issuer') } }),
      entered('Task', 'RefundPayment'),
      event('TaskScheduled'),
      event('TaskSucceeded'),
      exited('Task', 'RefundPayment'),
      entered('Fail', 'OrderFailed'),
      event('ExecutionFailed'),
    ];
    expect(traceLines(history)).toEqual([
      '→ ChargePayment',
      '  ✗ PaymentGatewayUnavailable: no answer',
      '  ↻ retried',
      '  ✗ PaymentDeclined: declined by the issuer',
      '  ⤷ caught, continuing at RefundPayment',
      '↩ RefundPayment',
      '↩ OrderFailed',
    ]);
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
    expect(traceLines(history)).toEqual([
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
