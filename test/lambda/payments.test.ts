/** ChargePayment, CheckPayment and the compensation RefundPayment, against DynamoDB Local. */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { handler as ChargeHandler } from '../../lambda/charge-payment';
import type { handler as CheckHandler } from '../../lambda/check-payment';
import type { handler as RefundHandler } from '../../lambda/refund-payment';
import { captureLogs, errorOf, executionArn, lambdaContext, newOrderId, START_TIMEOUT_MS, startLocalTables, type LocalTables } from './helpers';

let local: LocalTables;
let charge: typeof ChargeHandler;
let check: typeof CheckHandler;
let refund: typeof RefundHandler;
let logs: ReturnType<typeof captureLogs>;

beforeAll(async () => {
  local = await startLocalTables();
  // Required only now: the handlers' DynamoDB client reads the local endpoint when it loads.
  charge = (require('../../lambda/charge-payment') as typeof import('../../lambda/charge-payment')).handler;
  check = (require('../../lambda/check-payment') as typeof import('../../lambda/check-payment')).handler;
  refund = (require('../../lambda/refund-payment') as typeof import('../../lambda/refund-payment')).handler;
}, START_TIMEOUT_MS);
afterAll(async () => local?.db.stop(), START_TIMEOUT_MS);

beforeEach(() => (logs = captureLogs()));
afterEach(() => {
  const text = logs.text();
  logs.restore();
  // Every test uses a documented test token: none of them may reach the logs.
  expect(text).not.toContain('tok_');
});

const request = (orderId: string, token: string, overrides: Record<string, unknown> = {}) => ({
  orderId,
  executionId: executionArn(orderId),
  amount: 4998,
  currency: 'EUR',
  payment: { method: 'card', token },
  ...overrides,
});
const owner = (orderId: string) => ({ orderId, executionId: executionArn(orderId) });

async function ledger(orderId: string): Promise<Record<string, Record<string, unknown>>> {
  const { Items = [] } = await local.documents.send(
    new QueryCommand({ TableName: local.names.payments, KeyConditionExpression: 'orderId = :o', ExpressionAttributeValues: { ':o': orderId } }),
  );
  return Object.fromEntries(Items.map((item) => [item.entry as string, item]));
}
/** What the ledger says the customer paid and did not get back. */
async function balance(orderId: string): Promise<number> {
  const { CHARGE, REFUND } = await ledger(orderId);
  const charged = CHARGE && ['CAPTURED', 'REFUNDED'].includes(CHARGE.status as string) ? (CHARGE.amount as number) : 0;
  return charged - ((REFUND?.amount as number | undefined) ?? 0);
}
/** The outcome of a settled call: its value, or the name of its error. */
function outcomeOf(settled: PromiseSettledResult<unknown>): unknown {
  return settled.status === 'fulfilled' ? settled.value : (settled.reason as Error).name;
}
async function chargeEntry(orderId: string) {
  const { Item } = await local.documents.send(new GetCommand({ TableName: local.names.payments, Key: { orderId, entry: 'CHARGE' } }));
  return Item;
}

describe('ChargePayment', () => {
  it('captures tok_visa and records the charge without the token', async () => {
    const orderId = newOrderId('visa');
    const result = await charge(request(orderId, 'tok_visa'));
    expect(result).toEqual({ paymentId: expect.stringMatching(/^pay_/), status: 'CAPTURED' });
    const entry = await chargeEntry(orderId);
    expect(entry).toMatchObject({
      paymentId: result.paymentId,
      executionId: executionArn(orderId),
      amount: 4998,
      currency: 'EUR',
      status: 'CAPTURED',
      attempts: 1,
      checks: 0,
      behaviour: 'captured',
    });
    expect(JSON.stringify(entry)).not.toContain('tok_');
    expect(logs.lines()).toContainEqual(expect.objectContaining({ orderId, message: 'ChargePayment succeeded' }));
  });

  it('declines tok_decline with PaymentDeclined, and a repeat is declined again without a new attempt', async () => {
    const orderId = newOrderId('decline');
    expect((await errorOf(charge(request(orderId, 'tok_decline')))).name).toBe('PaymentDeclined');
    expect((await errorOf(charge(request(orderId, 'tok_decline')))).name).toBe('PaymentDeclined');
    expect(await chargeEntry(orderId)).toMatchObject({ status: 'DECLINED', attempts: 1, behaviour: 'declined' });
    expect(logs.lines()).toContainEqual(expect.objectContaining({ orderId, errorName: 'PaymentDeclined' }));
  });

  it('declines a token the gateway never issued', async () => {
    const orderId = newOrderId('forged');
    expect((await errorOf(charge(request(orderId, '4111111111111111')))).name).toBe('PaymentDeclined');
  });

  it('fails tok_transient_2 twice with PaymentGatewayUnavailable, then captures, counting in the ledger', async () => {
    const orderId = newOrderId('transient');
    for (const attempt of [1, 2]) {
      const error = await errorOf(charge(request(orderId, 'tok_transient_2')));
      expect(error.name).toBe('PaymentGatewayUnavailable');
      expect(await chargeEntry(orderId)).toMatchObject({ status: 'ATTEMPTED', attempts: attempt });
    }
    const result = await charge(request(orderId, 'tok_transient_2'));
    expect(result.status).toBe('CAPTURED');
    // A repeat after the capture answers the same and does not count another attempt.
    expect(await charge(request(orderId, 'tok_transient_2'))).toEqual(result);
    expect(await chargeEntry(orderId)).toMatchObject({ status: 'CAPTURED', attempts: 3, paymentId: result.paymentId });
  });

  it('answers a repeat with the first result, and two interleaved calls charge once', async () => {
    const orderId = newOrderId('repeat');
    const first = await charge(request(orderId, 'tok_mastercard'));
    expect(await charge(request(orderId, 'tok_mastercard'))).toEqual(first);

    const racedOrder = newOrderId('race');
    const [a, b] = await Promise.all([charge(request(racedOrder, 'tok_visa')), charge(request(racedOrder, 'tok_visa'))]);
    expect(a).toEqual(b);
    expect(Object.keys(await ledger(racedOrder))).toEqual(['CHARGE']);
    expect(await chargeEntry(racedOrder)).toMatchObject({ attempts: 1, paymentId: a.paymentId });
  });

  it('counts two interleaved transient attempts as two attempts', async () => {
    const orderId = newOrderId('transient-race');
    const outcomes = await Promise.allSettled([charge(request(orderId, 'tok_transient_2')), charge(request(orderId, 'tok_transient_2'))]);
    expect(outcomes.map((outcome) => (outcome.status === 'rejected' ? (outcome.reason as Error).name : outcome.status))).toEqual([
      'PaymentGatewayUnavailable',
      'PaymentGatewayUnavailable',
    ]);
    expect(await chargeEntry(orderId)).toMatchObject({ status: 'ATTEMPTED', attempts: 2 });
  });

  it('fails the same orderId with another amount or from another execution with IdempotencyConflict', async () => {
    const orderId = newOrderId('conflict');
    await charge(request(orderId, 'tok_visa'));
    const before = await chargeEntry(orderId);
    expect((await errorOf(charge(request(orderId, 'tok_visa', { amount: 5000 })))).name).toBe('IdempotencyConflict');
    expect((await errorOf(charge(request(orderId, 'tok_visa', { executionId: executionArn('other') })))).name).toBe('IdempotencyConflict');
    expect(await chargeEntry(orderId)).toEqual(before);
  });

  it('answers PENDING for tok_pending_settles, which settles from the second check on', async () => {
    const orderId = newOrderId('settles');
    const { paymentId, status } = await charge(request(orderId, 'tok_pending_settles'));
    expect(status).toBe('PENDING');
    expect(await check({ orderId, paymentId })).toEqual({ paymentId, status: 'PENDING' });
    expect(await check({ orderId, paymentId })).toEqual({ paymentId, status: 'CAPTURED' });
    expect(await check({ orderId, paymentId })).toEqual({ paymentId, status: 'CAPTURED' });
    expect(await chargeEntry(orderId)).toMatchObject({ status: 'CAPTURED', checks: 2 });
    expect(logs.lines()).toContainEqual(expect.objectContaining({ orderId, message: 'CheckPayment succeeded' }));
    // The charge's own repeat still answers what it first answered.
    expect(await charge(request(orderId, 'tok_pending_settles'))).toEqual({ paymentId, status: 'PENDING' });
  });

  it('records tok_timeout_after_charge as captured, then outlives the remaining time', async () => {
    const orderId = newOrderId('timeout');
    const error = await errorOf(charge(request(orderId, 'tok_timeout_after_charge'), lambdaContext(20)));
    expect(error.name).toBe('PaymentGatewayTimeout');
    expect(await chargeEntry(orderId)).toMatchObject({ status: 'CAPTURED', behaviour: 'timeout-after-charge' });
    // The compensation finds the charge and refunds it.
    expect(await refund(owner(orderId))).toEqual({ status: 'REFUNDED', amount: 4998 });
  });

  it('rejects a bad input with InvalidInput naming the field, and writes nothing', async () => {
    const orderId = newOrderId('bad');
    const error = await errorOf(charge(request(orderId, 'tok_visa', { amount: 49.98 })));
    expect(error.name).toBe('InvalidInput');
    expect(error.message.startsWith('amount: ')).toBe(true);
    const noToken = await errorOf(charge(request(orderId, 'tok_visa', { payment: { method: 'card' } })));
    expect(noToken.message.startsWith('payment.token: ')).toBe(true);
    expect(await ledger(orderId)).toEqual({});
  });
});

describe('CheckPayment', () => {
  it('keeps tok_pending_never PENDING, and reads DECLINED once the charge is voided', async () => {
    const orderId = newOrderId('never');
    const { paymentId } = await charge(request(orderId, 'tok_pending_never'));
    for (let i = 0; i < 3; i++) expect(await check({ orderId, paymentId })).toEqual({ paymentId, status: 'PENDING' });
    expect(await chargeEntry(orderId)).toMatchObject({ status: 'PENDING', checks: 3 });
    expect(await refund(owner(orderId))).toEqual({ status: 'VOIDED', amount: 4998 });
    expect(await check({ orderId, paymentId })).toEqual({ paymentId, status: 'DECLINED' });
  });

  it('counts two interleaved checks as two', async () => {
    const orderId = newOrderId('check-race');
    const { paymentId } = await charge(request(orderId, 'tok_pending_settles'));
    const answers = await Promise.all([check({ orderId, paymentId }), check({ orderId, paymentId })]);
    expect(answers.map(({ status }) => status).sort()).toEqual(['CAPTURED', 'PENDING']);
    expect(await chargeEntry(orderId)).toMatchObject({ status: 'CAPTURED', checks: 2 });
  });

  it('fails an unknown payment with PaymentNotFound and a bad input with InvalidInput', async () => {
    const orderId = newOrderId('check-missing');
    expect((await errorOf(check({ orderId, paymentId: 'pay_nope' }))).name).toBe('PaymentNotFound');
    const error = await errorOf(check({ orderId }));
    expect(error.name).toBe('InvalidInput');
    expect(error.message.startsWith('paymentId: ')).toBe(true);
    expect(await ledger(orderId)).toEqual({});
  });
});

describe('RefundPayment', () => {
  it('refunds a captured charge: CHARGE turns REFUNDED and a REFUND entry is written', async () => {
    const orderId = newOrderId('refund');
    const { paymentId } = await charge(request(orderId, 'tok_visa'));
    expect(await refund(owner(orderId))).toEqual({ status: 'REFUNDED', amount: 4998 });
    const entries = await ledger(orderId);
    expect(entries.CHARGE).toMatchObject({ status: 'REFUNDED', paymentId });
    expect(entries.REFUND).toMatchObject({ paymentId, amount: 4998, currency: 'EUR' });
    expect(logs.lines()).toContainEqual(expect.objectContaining({ orderId, message: 'RefundPayment succeeded' }));
  });

  it('answers a second refund the same and refunds once', async () => {
    const orderId = newOrderId('refund-twice');
    await charge(request(orderId, 'tok_visa'));
    const first = await refund(owner(orderId));
    const entriesAfterFirst = await ledger(orderId);
    expect(await refund(owner(orderId))).toEqual(first);
    expect(await ledger(orderId)).toEqual(entriesAfterFirst);
  });

  it('refunds once when two refunds interleave', async () => {
    const orderId = newOrderId('refund-race');
    await charge(request(orderId, 'tok_visa'));
    const [a, b] = await Promise.all([refund(owner(orderId)), refund(owner(orderId))]);
    expect(a).toEqual({ status: 'REFUNDED', amount: 4998 });
    expect(b).toEqual(a);
    expect(Object.keys(await ledger(orderId)).sort()).toEqual(['CHARGE', 'REFUND']);
  });

  it('has nothing to refund without a charge, after a decline, or for another execution', async () => {
    const none = newOrderId('refund-none');
    expect(await refund(owner(none))).toEqual({ status: 'NOTHING_TO_REFUND', amount: 0 });
    const fence = await ledger(none);
    expect(fence).toEqual({ CHARGE: expect.objectContaining({ status: 'CANCELLED', amount: 0, executionId: executionArn(none) }) });
    expect(fence.CHARGE).not.toHaveProperty('paymentId');
    expect(await refund(owner(none))).toEqual({ status: 'NOTHING_TO_REFUND', amount: 0 });
    expect(await ledger(none)).toEqual(fence);

    const declined = newOrderId('refund-declined');
    await errorOf(charge(request(declined, 'tok_decline')));
    expect(await refund(owner(declined))).toEqual({ status: 'NOTHING_TO_REFUND', amount: 0 });

    const others = newOrderId('refund-others');
    await charge(request(others, 'tok_visa'));
    const before = await ledger(others);
    expect(await refund({ orderId: others, executionId: executionArn('duplicate') })).toEqual({ status: 'NOTHING_TO_REFUND', amount: 0 });
    expect(await ledger(others)).toEqual(before);
  });

  it('fails every refund of tok_refund_fails with RefundFailed, leaving the charge captured', async () => {
    const orderId = newOrderId('refund-fails');
    await charge(request(orderId, 'tok_refund_fails'));
    for (let i = 0; i < 2; i++) expect((await errorOf(refund(owner(orderId)))).name).toBe('RefundFailed');
    const entries = await ledger(orderId);
    expect(entries.CHARGE).toMatchObject({ status: 'CAPTURED' });
    expect(entries.REFUND).toBeUndefined();
  });

  it('rejects a bad input with InvalidInput, and changes nothing', async () => {
    const orderId = newOrderId('refund-bad');
    await charge(request(orderId, 'tok_visa'));
    const before = await ledger(orderId);
    const error = await errorOf(refund({ orderId, executionId: '' }));
    expect(error.name).toBe('InvalidInput');
    expect(error.message.startsWith('executionId: ')).toBe(true);
    expect(await ledger(orderId)).toEqual(before);
  });
});

describe('a ChargePayment that outlives its step (late writer) against the RefundPayment fence', () => {
  it('charges nothing when it lands after the refund found no charge: PaymentCancelled', async () => {
    const orderId = newOrderId('late-charge');
    expect(await refund(owner(orderId))).toEqual({ status: 'NOTHING_TO_REFUND', amount: 0 });
    const fenced = await ledger(orderId);
    const late = await errorOf(charge(request(orderId, 'tok_visa')));
    expect(late.name).toBe('PaymentCancelled');
    expect(late.message).toContain('nothing was charged');
    expect(await ledger(orderId)).toEqual(fenced);
    expect(await balance(orderId)).toBe(0);
    expect(await refund(owner(orderId))).toEqual({ status: 'NOTHING_TO_REFUND', amount: 0 });
  });

  it("fails another execution's charge after the fence with IdempotencyConflict, charging nothing", async () => {
    const orderId = newOrderId('late-other');
    await refund(owner(orderId));
    const fenced = await ledger(orderId);
    expect((await errorOf(charge(request(orderId, 'tok_visa', { executionId: executionArn('other') })))).name).toBe('IdempotencyConflict');
    expect(await ledger(orderId)).toEqual(fenced);
  });

  it('cancels a charge the gateway never took, so a later retry charges nothing', async () => {
    const orderId = newOrderId('cancel-attempted');
    expect((await errorOf(charge(request(orderId, 'tok_transient_1')))).name).toBe('PaymentGatewayUnavailable');
    const { paymentId } = (await chargeEntry(orderId)) as { paymentId: string };
    expect(await refund(owner(orderId))).toEqual({ status: 'NOTHING_TO_REFUND', amount: 0 });
    const cancelled = await ledger(orderId);
    expect(cancelled).toEqual({ CHARGE: expect.objectContaining({ status: 'CANCELLED', attempts: 1, paymentId }) });
    // The second attempt would capture tok_transient_1; the cancellation stops it.
    expect((await errorOf(charge(request(orderId, 'tok_transient_1')))).name).toBe('PaymentCancelled');
    expect(await ledger(orderId)).toEqual(cancelled);
    expect(await check({ orderId, paymentId })).toEqual({ paymentId, status: 'DECLINED' });
    expect(await refund(owner(orderId))).toEqual({ status: 'NOTHING_TO_REFUND', amount: 0 });
    expect(await ledger(orderId)).toEqual(cancelled);
  });

  it("never cancels another execution's attempted charge", async () => {
    const orderId = newOrderId('attempted-other');
    await errorOf(charge(request(orderId, 'tok_transient_1')));
    const before = await ledger(orderId);
    expect(await refund({ orderId, executionId: executionArn('duplicate') })).toEqual({ status: 'NOTHING_TO_REFUND', amount: 0 });
    expect(await ledger(orderId)).toEqual(before);
  });

  it('finds nothing to check behind a fence (PaymentNotFound)', async () => {
    const orderId = newOrderId('check-fence');
    await refund(owner(orderId));
    expect((await errorOf(check({ orderId, paymentId: 'pay_any' }))).name).toBe('PaymentNotFound');
  });

  it('keeps no money whichever of a charge and its refund lands first', async () => {
    for (let i = 0; i < 6; i++) {
      const orderId = newOrderId('charge-refund-race');
      const [charged, refunded] = (await Promise.allSettled([charge(request(orderId, 'tok_visa')), refund(owner(orderId))])).map(outcomeOf);
      if (charged === 'PaymentCancelled') {
        expect(refunded).toEqual({ status: 'NOTHING_TO_REFUND', amount: 0 });
        expect(await chargeEntry(orderId)).toMatchObject({ status: 'CANCELLED' });
      } else {
        expect(charged).toMatchObject({ status: 'CAPTURED' });
        expect(refunded).toEqual({ status: 'REFUNDED', amount: 4998 });
      }
      expect(await balance(orderId)).toBe(0);
      expect(await refund(owner(orderId))).toEqual(refunded);
    }
  });

  it('keeps no money whichever of a retried attempt and the refund lands first', async () => {
    for (let i = 0; i < 6; i++) {
      const orderId = newOrderId('attempt-refund-race');
      await errorOf(charge(request(orderId, 'tok_transient_1')));
      const [charged, refunded] = (await Promise.allSettled([charge(request(orderId, 'tok_transient_1')), refund(owner(orderId))])).map(outcomeOf);
      if (charged === 'PaymentCancelled') {
        expect(refunded).toEqual({ status: 'NOTHING_TO_REFUND', amount: 0 });
        expect(await chargeEntry(orderId)).toMatchObject({ status: 'CANCELLED', attempts: 1 });
      } else {
        expect(charged).toMatchObject({ status: 'CAPTURED' });
        expect(refunded).toEqual({ status: 'REFUNDED', amount: 4998 });
        expect(await chargeEntry(orderId)).toMatchObject({ status: 'REFUNDED', attempts: 2 });
      }
      expect(await balance(orderId)).toBe(0);
    }
  });

  it('answers two overlapping refunds of an order never charged alike, with one fence', async () => {
    const orderId = newOrderId('fence-race');
    const [a, b] = await Promise.all([refund(owner(orderId)), refund(owner(orderId))]);
    expect(a).toEqual({ status: 'NOTHING_TO_REFUND', amount: 0 });
    expect(b).toEqual(a);
    expect(Object.keys(await ledger(orderId))).toEqual(['CHARGE']);
    expect(await chargeEntry(orderId)).toMatchObject({ status: 'CANCELLED', amount: 0 });
  });

  it('answers two overlapping refunds of an attempted charge alike, cancelling it once', async () => {
    const orderId = newOrderId('cancel-race');
    await errorOf(charge(request(orderId, 'tok_transient_3')));
    const [a, b] = await Promise.all([refund(owner(orderId)), refund(owner(orderId))]);
    expect(a).toEqual({ status: 'NOTHING_TO_REFUND', amount: 0 });
    expect(b).toEqual(a);
    expect(await chargeEntry(orderId)).toMatchObject({ status: 'CANCELLED', attempts: 1 });
  });

  it('still refunds a charge captured by a step that then timed out (tok_timeout_after_charge)', async () => {
    const orderId = newOrderId('timeout-refund');
    const late = charge(request(orderId, 'tok_timeout_after_charge'), lambdaContext(200));
    // The workflow's refund may run while the invocation still hangs; it finds the charge captured.
    for (;;) {
      const entry = await chargeEntry(orderId);
      if (entry?.status === 'CAPTURED') break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await refund(owner(orderId))).toEqual({ status: 'REFUNDED', amount: 4998 });
    expect((await errorOf(late)).name).toBe('PaymentGatewayTimeout');
    expect(await balance(orderId)).toBe(0);
  });
});
