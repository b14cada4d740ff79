/**
 * The live progress lines of `watch`, `start --watch` and `history`, from histories in
 * GetExecutionHistory's shape (test/cli/sampleHistories.ts), fed one event at a time as a poll
 * delivers them.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { ProgressFormatter } from '../../cli/progress';
import type { FakeEvent } from './fakeAws';
import { declinedHistory, happyHistory, mapHistory, rejectedHistory } from './sampleHistories';

/** The SDK's view of an event: epoch seconds become a Date. */
function sdkEvents(events: FakeEvent[]): HistoryEvent[] {
  return events.map((e) => ({ ...e, timestamp: new Date(e.timestamp * 1000) }) as HistoryEvent);
}

function linesOf(events: HistoryEvent[]): string[] {
  const formatter = new ProgressFormatter();
  return events.flatMap((event) => formatter.lines(event));
}

test('each state entered and left, with the time since the start and how long the state took', () => {
  expect(linesOf(sdkEvents(happyHistory))).toEqual([
    '   +0.25s  → ValidateOrder',
    '   +1.25s  ← ValidateOrder (1.00s)',
    '   +1.50s  → ConfirmOrder',
    '   +2.50s  ← ConfirmOrder (1.00s)',
    '   +2.75s  → OrderConfirmed',
  ]);
});

test('a failure, its retry, the failure its Catch takes, and the compensation after it', () => {
  expect(linesOf(sdkEvents(declinedHistory))).toEqual([
    '   +0.25s  → ValidateOrder',
    '   +1.25s  ← ValidateOrder (1.00s)',
    '   +1.50s  → ChargePayment',
    '   +2.25s    ✗ PaymentGatewayUnavailable: gateway busy',
    '   +2.50s    ↻ retry 1 after PaymentGatewayUnavailable',
    '   +3.00s    ✗ PaymentDeclined: card declined',
    '   +3.50s    ⤷ ChargePayment caught PaymentDeclined, going to ReleaseInventory',
    '   +3.50s  ↩ ReleaseInventory',
    '   +4.50s  ← ReleaseInventory (1.00s)',
    '   +4.75s  → OrderFailed',
  ]);
});

test('a rejection after a Catch undoes nothing: no state of it is marked as a compensation', () => {
  const lines = linesOf(sdkEvents(rejectedHistory));
  expect(lines).toContain('   +1.50s    ⤷ ValidateOrder caught InvalidOrder, going to PublishOrderRejected');
  expect(lines.filter((line) => line.includes('↩'))).toEqual([]);
  expect(lines.filter((line) => / → (PublishOrderRejected|OrderRejected)$/.test(line))).toHaveLength(2);
});

test('interleaved Map iterations keep their index, and the failing one is the one the Catch follows', () => {
  expect(linesOf(sdkEvents(mapHistory))).toEqual([
    '   +0.25s  → ShipParcels',
    '   +0.50s    · 2 iterations',
    '   +1.25s    [0] → ShipParcel',
    '   +1.50s    [1] → ShipParcel',
    '   +2.25s    [1]   ✗ ParcelUndeliverable: parcel too heavy',
    '   +2.75s    [0] ← ShipParcel (1.50s)',
    '   +3.00s    [1] ✗ iteration 1 failed',
    '   +4.00s    ⤷ ShipParcels caught ParcelUndeliverable, going to RefundPayment',
    '   +4.00s  ↩ RefundPayment',
    '   +4.25s  ← RefundPayment (0.25s)',
  ]);
});

test('fed in pieces, as successive polls deliver them, the lines are the same', () => {
  const events = sdkEvents(declinedHistory);
  const formatter = new ProgressFormatter();
  const pieces = [events.slice(0, 3), events.slice(3, 11), events.slice(11)];
  const lines = pieces.flatMap((piece) => piece.flatMap((event) => formatter.lines(event)));
  expect(lines).toEqual(linesOf(events));
});

test('without previousEventId links, a retry and a catch are tied to the last state entered', () => {
  const unlinked = sdkEvents(declinedHistory).map(({ previousEventId: _dropped, ...event }) => event);
  expect(linesOf(unlinked)).toEqual(linesOf(sdkEvents(declinedHistory)));
});

test('an error in a Choice or Pass (EvaluationFailed) reads like a task failure, cause on one line', () => {
  const events = sdkEvents([
    { type: 'ExecutionStarted', id: 1, previousEventId: 0, timestamp: 1_700_000_000 },
    { type: 'ChoiceStateEntered', id: 2, previousEventId: 1, timestamp: 1_700_000_000.5, stateEnteredEventDetails: { name: 'IsHighValue' } },
    {
      type: 'EvaluationFailed',
      id: 3,
      previousEventId: 2,
      timestamp: 1_700_000_001,
      evaluationFailedEventDetails: { state: 'IsHighValue', error: 'States.QueryEvaluationError', cause: 'The JSONata expression\n$total > 5 failed' },
    },
    { type: 'ExecutionFailed', id: 4, previousEventId: 3, timestamp: 1_700_000_001, executionFailedEventDetails: { error: 'States.QueryEvaluationError' } },
  ]);
  expect(linesOf(events)).toEqual([
    '   +0.50s  → IsHighValue',
    '   +1.00s    ✗ States.QueryEvaluationError: The JSONata expression $total > 5 failed',
  ]);
});
