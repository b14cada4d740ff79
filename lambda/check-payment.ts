import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { answerCheck } from './gateway/gateway';
import { dynamo, tableName } from './shared/clients';
import { InvalidInput, PaymentNotFound } from './shared/errors';
import { CHARGE, readCharge, type ChargeStatus } from './shared/ledger';
import { instrument, logger } from './shared/logger';
import { object, orderId, parseOrThrow, string } from './shared/schemas';
import { isConditionalCheckFailed } from './shared/transactions';

const input = object({ orderId, paymentId: string((value) => value.length > 0, 'must not be empty') });

export interface Settlement {
  paymentId: string;
  status: 'CAPTURED' | 'PENDING' | 'DECLINED';
}

/** How a charge that is no longer pending reads to the poll: money taken, or not. */
const SETTLED: Record<Exclude<ChargeStatus, 'PENDING'>, Settlement['status']> = {
  CAPTURED: 'CAPTURED',
  REFUNDED: 'CAPTURED',
  DECLINED: 'DECLINED',
  VOIDED: 'DECLINED',
  ATTEMPTED: 'DECLINED',
  CANCELLED: 'DECLINED',
};

/**
 * CheckPayment: asks the gateway whether a pending charge settled. Each check of a pending charge
 * is counted in the ledger (conditionally, so concurrent polls count exactly), because the simulated
 * gateway settles `tok_pending_settles` from its second check on.
 *
 * A duplicate delivery of a poll counts as a check of its own: its input is the same as the next
 * poll's, so the two cannot be told apart, and a check is a question to the gateway, not a change to
 * the money. The worst it does is settle `tok_pending_settles` one poll early, which the workflow
 * reads at its next check like any settlement; overlapping duplicates may answer PENDING and CAPTURED,
 * both true at their moment.
 */
export const handler = instrument('CheckPayment', async (event: unknown): Promise<Settlement> => {
  const request = parseOrThrow(input, event, (message) => new InvalidInput(message));
  for (;;) {
    const charge = await readCharge(request.orderId);
    if (!charge || charge.paymentId !== request.paymentId) {
      throw new PaymentNotFound(`no charge ${request.paymentId} for order ${request.orderId}`);
    }
    if (charge.status !== 'PENDING') return { paymentId: charge.paymentId, status: SETTLED[charge.status] };

    const checks = charge.checks + 1;
    const status = answerCheck(charge.behaviour, checks);
    try {
      await dynamo.send(
        new UpdateCommand({
          TableName: tableName('PAYMENTS_TABLE'),
          Key: { orderId: request.orderId, entry: CHARGE },
          UpdateExpression: 'SET checks = :checks, #status = :status, updatedAt = :now',
          ConditionExpression: 'checks = :seen AND #status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':checks': checks,
            ':status': status,
            ':now': new Date().toISOString(),
            ':seen': charge.checks,
            ':pending': 'PENDING',
          },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) continue;
      throw error;
    }
    logger.info('payment checked', { paymentId: charge.paymentId, checks, status });
    return { paymentId: charge.paymentId, status };
  }
});
