import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from './shared/clients';
import { InvalidInput, OrderAlreadyConfirmed } from './shared/errors';
import { instrument, logger } from './shared/logger';
import { isFence, readOrder, type OrderRow } from './shared/orders';
import { executionId, object, orderId, parseOrThrow, type Line } from './shared/schemas';
import { cancelledTransaction, isConditionalCheckFailed, retryOnConflict } from './shared/transactions';

const input = object({ orderId, executionId });

export interface ReleaseResult {
  status: 'RELEASED' | 'NOTHING_TO_RELEASE';
  lines: Line[];
}

const NOTHING: ReleaseResult = { status: 'NOTHING_TO_RELEASE', lines: [] };

/**
 * ReleaseInventory (compensation): puts back the stock this execution reserved. The order row turns
 * RELEASED and every line's stock goes back up in one transaction conditional on the row still being
 * RESERVED by this execution, so a second or concurrent release adds nothing and answers the same.
 *
 * Finding no row is not proof that nothing will be reserved: the ReserveInventory that timed out
 * may still be running. So the release claims the orderId itself with a fence (a RELEASED row
 * without lines); the late reservation's claim then fails and takes no stock, however late it lands.
 */
export const handler = instrument('ReleaseInventory', async (event: unknown): Promise<ReleaseResult> => {
  const request = parseOrThrow(input, event, (message) => new InvalidInput(message));
  for (;;) {
    const row = await readOrder(request.orderId);
    if (!row) {
      if (await fence(request)) {
        logger.info('order fenced: nothing was reserved');
        return NOTHING;
      }
      continue;
    }
    // Another execution's row belongs to the execution that claimed the order first: a duplicate
    // must neither release it nor fence it.
    if (row.executionId !== request.executionId) return NOTHING;
    switch (row.status) {
      case 'REJECTED':
        return NOTHING;
      case 'RELEASED':
        return isFence(row) ? NOTHING : { status: 'RELEASED', lines: linesOf(row) };
      case 'CONFIRMED':
        throw new OrderAlreadyConfirmed(
          `order ${row.orderId} is CONFIRMED: its stock is not released automatically; a human must reconcile the order`,
        );
      case 'RESERVED':
        if (await release(row)) {
          logger.info('inventory released', { lines: row.lines.length });
          return { status: 'RELEASED', lines: linesOf(row) };
        }
        continue;
    }
  }
});

function linesOf(row: OrderRow): Line[] {
  return row.lines.map(({ sku, quantity }) => ({ sku, quantity }));
}

/** Claims the absent order for this execution; false when a row appeared first (the caller re-reads). */
async function fence(request: { orderId: string; executionId: string }): Promise<boolean> {
  const now = new Date().toISOString();
  const row: OrderRow = { orderId: request.orderId, executionId: request.executionId, status: 'RELEASED', lines: [], createdAt: now, updatedAt: now };
  try {
    await dynamo.send(new PutCommand({ TableName: tableName('ORDERS_TABLE'), Item: row, ConditionExpression: 'attribute_not_exists(orderId)' }));
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}

/** One transaction: the row changes hands only once, so the stock goes back only once. */
async function release(row: OrderRow): Promise<boolean> {
  try {
    await retryOnConflict(() =>
      dynamo.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName('ORDERS_TABLE'),
                Key: { orderId: row.orderId },
                UpdateExpression: 'SET #status = :released, updatedAt = :now',
                // A ConfirmOrder that lands between the read and this write must win: re-read, refuse.
                ConditionExpression: '#status = :reserved AND executionId = :executionId',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':released': 'RELEASED',
                  ':reserved': 'RESERVED',
                  ':executionId': row.executionId,
                  ':now': new Date().toISOString(),
                },
              },
            },
            ...row.lines.map(({ sku, quantity }) => ({
              Update: {
                TableName: tableName('INVENTORY_TABLE'),
                Key: { sku },
                UpdateExpression: 'SET stock = stock + :quantity',
                ExpressionAttributeValues: { ':quantity': quantity },
              },
            })),
          ],
        }),
      ),
    );
    return true;
  } catch (error) {
    if (cancelledTransaction(error)?.codes[0] === 'ConditionalCheckFailed') return false;
    throw error;
  }
}
