import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from './shared/clients';
import { InvalidInput } from './shared/errors';
import { instrument, logger } from './shared/logger';
import { executionId, object, orderId, parseOrThrow, type Line } from './shared/schemas';
import { cancelledTransaction, retryOnConflict } from './shared/transactions';

const input = object({ orderId, executionId });

export interface ReleaseResult {
  status: 'RELEASED' | 'NOTHING_TO_RELEASE';
  lines: Line[];
}

interface OrderRow {
  orderId: string;
  executionId: string;
  status: 'RESERVED' | 'CONFIRMED' | 'RELEASED';
  lines: (Line & { warehouse: string })[];
}

/**
 * ReleaseInventory (compensation): puts back the stock this execution reserved. The order row turns
 * RELEASED and every line's stock goes back up in one transaction conditional on the row still being
 * held by this execution, so a second or concurrent release adds nothing and answers the same.
 */
export const handler = instrument('ReleaseInventory', async (event: unknown): Promise<ReleaseResult> => {
  const request = parseOrThrow(input, event, (message) => new InvalidInput(message));
  for (;;) {
    const { Item } = await dynamo.send(
      new GetCommand({ TableName: tableName('ORDERS_TABLE'), Key: { orderId: request.orderId }, ConsistentRead: true }),
    );
    const row = Item as OrderRow | undefined;
    // No row: nothing was reserved. Another execution's row: not ours to release (a duplicate).
    if (!row || row.executionId !== request.executionId) return { status: 'NOTHING_TO_RELEASE', lines: [] };
    const lines = row.lines.map(({ sku, quantity }) => ({ sku, quantity }));
    if (row.status === 'RELEASED') return { status: 'RELEASED', lines };
    if (await release(row)) {
      logger.info('inventory released', { lines: lines.length });
      return { status: 'RELEASED', lines };
    }
  }
});

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
                ConditionExpression: '#status = :held AND executionId = :executionId',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':released': 'RELEASED',
                  ':held': row.status,
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
