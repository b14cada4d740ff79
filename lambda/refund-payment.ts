import { PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { acceptsRefund } from './gateway/gateway';
import { dynamo, tableName } from './shared/clients';
import { InvalidInput, RefundFailed } from './shared/errors';
import { CHARGE, readCharge, REFUND, type ChargeEntry, type ChargeFence } from './shared/ledger';
import { instrument, logger } from './shared/logger';
import { executionId, object, orderId, parseOrThrow } from './shared/schemas';
import { cancelledTransaction, isConditionalCheckFailed, retryOnConflict } from './shared/transactions';

const input = object({ orderId, executionId });

export interface RefundResult {
  status: 'REFUNDED' | 'VOIDED' | 'NOTHING_TO_REFUND';
  amount: number;
}

const NOTHING: RefundResult = { status: 'NOTHING_TO_REFUND', amount: 0 };

/**
 * RefundPayment (compensation): gives back what this execution charged. A captured charge is
 * refunded (the CHARGE entry turns REFUNDED and a REFUND entry is written, in one transaction), a
 * pending one is voided, anything else has nothing to refund. Every write is conditional on the
 * status read, so a repeated or concurrent call changes nothing twice and answers the same.
 *
 * A charge that is not there yet (no entry, or ATTEMPTED: the gateway was unavailable) may still be
 * on its way: the ChargePayment that timed out runs on. So the refund cancels it: it writes a
 * CANCELLED fence entry, or turns the ATTEMPTED one CANCELLED, and ChargePayment's conditional
 * writes then fail, however late they come. Another execution's charge is neither refunded nor fenced.
 */
export const handler = instrument('RefundPayment', async (event: unknown): Promise<RefundResult> => {
  const request = parseOrThrow(input, event, (message) => new InvalidInput(message));
  for (;;) {
    const charge = await readCharge(request.orderId);
    if (!charge) {
      if (await fence(request)) {
        logger.info('charge fenced: nothing was charged');
        return NOTHING;
      }
      continue;
    }
    // A charge made by another execution is not ours to undo.
    if (charge.executionId !== request.executionId) return NOTHING;
    switch (charge.status) {
      case 'ATTEMPTED':
        if (await moveCharge(charge, 'ATTEMPTED', 'CANCELLED')) {
          logger.info('charge cancelled: nothing was charged', { paymentId: charge.paymentId, attempts: charge.attempts });
          return NOTHING;
        }
        continue;
      case 'CANCELLED':
      case 'DECLINED':
        return NOTHING;
      case 'REFUNDED':
      case 'VOIDED':
        return { status: charge.status, amount: charge.amount };
      case 'CAPTURED':
        if (!acceptsRefund(charge.behaviour)) {
          throw new RefundFailed(`the payment gateway refused to refund ${charge.paymentId}`);
        }
        if (await refund(charge)) {
          logger.info('payment refunded', { paymentId: charge.paymentId, amount: charge.amount });
          return { status: 'REFUNDED', amount: charge.amount };
        }
        continue;
      case 'PENDING':
        if (await moveCharge(charge, 'PENDING', 'VOIDED')) {
          logger.info('pending payment voided', { paymentId: charge.paymentId, amount: charge.amount });
          return { status: 'VOIDED', amount: charge.amount };
        }
        continue;
    }
  }
});

/** Claims the absent charge for this execution; false when a charge appeared first (the caller re-reads). */
async function fence(request: { orderId: string; executionId: string }): Promise<boolean> {
  const now = new Date().toISOString();
  const entry: ChargeFence = { orderId: request.orderId, entry: CHARGE, executionId: request.executionId, status: 'CANCELLED', amount: 0, createdAt: now, updatedAt: now };
  try {
    await dynamo.send(new PutCommand({ TableName: tableName('PAYMENTS_TABLE'), Item: entry, ConditionExpression: 'attribute_not_exists(orderId)' }));
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}

/** Refunds a captured charge; false when another call changed it first (the caller re-reads). */
async function refund(charge: ChargeEntry): Promise<boolean> {
  const table = tableName('PAYMENTS_TABLE');
  const now = new Date().toISOString();
  try {
    await retryOnConflict(() =>
      dynamo.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: table,
                Key: { orderId: charge.orderId, entry: CHARGE },
                UpdateExpression: 'SET #status = :refunded, updatedAt = :now',
                ConditionExpression: '#status = :captured AND executionId = :executionId',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':refunded': 'REFUNDED',
                  ':captured': 'CAPTURED',
                  ':executionId': charge.executionId,
                  ':now': now,
                },
              },
            },
            {
              Put: {
                TableName: table,
                Item: {
                  orderId: charge.orderId,
                  entry: REFUND,
                  paymentId: charge.paymentId,
                  amount: charge.amount,
                  currency: charge.currency,
                  createdAt: now,
                },
                ConditionExpression: 'attribute_not_exists(orderId)',
              },
            },
          ],
        }),
      ),
    );
    return true;
  } catch (error) {
    if (cancelledTransaction(error)?.codes.includes('ConditionalCheckFailed')) return false;
    throw error;
  }
}

/**
 * Moves this execution's charge from one status to another: VOIDED for a pending one, CANCELLED for
 * one the gateway never took (then only while no retry's attempt got there first: it may have
 * captured). False when another call changed the charge first; the caller re-reads and decides again.
 */
async function moveCharge(charge: ChargeEntry, from: 'PENDING' | 'ATTEMPTED', to: 'VOIDED' | 'CANCELLED'): Promise<boolean> {
  const sameAttempt = from === 'ATTEMPTED';
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName('PAYMENTS_TABLE'),
        Key: { orderId: charge.orderId, entry: CHARGE },
        UpdateExpression: 'SET #status = :to, updatedAt = :now',
        ConditionExpression: `#status = :from AND executionId = :executionId${sameAttempt ? ' AND attempts = :seen' : ''}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':to': to,
          ':from': from,
          ':executionId': charge.executionId,
          ':now': new Date().toISOString(),
          ...(sameAttempt ? { ':seen': charge.attempts } : {}),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}
