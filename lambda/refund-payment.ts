import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { acceptsRefund } from './gateway/gateway';
import { dynamo, tableName } from './shared/clients';
import { InvalidInput, RefundFailed } from './shared/errors';
import { CHARGE, readCharge, REFUND, type ChargeEntry } from './shared/ledger';
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
 */
export const handler = instrument('RefundPayment', async (event: unknown): Promise<RefundResult> => {
  const request = parseOrThrow(input, event, (message) => new InvalidInput(message));
  for (;;) {
    const charge = await readCharge(request.orderId);
    // A charge made by another execution is not ours to undo.
    if (!charge || charge.executionId !== request.executionId) return NOTHING;
    switch (charge.status) {
      case 'ATTEMPTED':
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
        if (await voidPending(charge)) {
          logger.info('pending payment voided', { paymentId: charge.paymentId, amount: charge.amount });
          return { status: 'VOIDED', amount: charge.amount };
        }
        continue;
    }
  }
});

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

/** Voids a pending charge; false when another call (or a settlement) changed it first. */
async function voidPending(charge: ChargeEntry): Promise<boolean> {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName('PAYMENTS_TABLE'),
        Key: { orderId: charge.orderId, entry: CHARGE },
        UpdateExpression: 'SET #status = :voided, updatedAt = :now',
        ConditionExpression: '#status = :pending AND executionId = :executionId',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':voided': 'VOIDED',
          ':pending': 'PENDING',
          ':executionId': charge.executionId,
          ':now': new Date().toISOString(),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}
