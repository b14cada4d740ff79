import type * as z from 'zod/mini';
import { BatchGetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from './shared/clients';
import { DuplicateOrder, IdempotencyConflict, InvalidInput, OutOfStock, ReservationReleased, UnknownSku } from './shared/errors';
import { requestHash } from './shared/idempotency';
import { instrument, logger } from './shared/logger';
import { isFence, readOrder, type OrderRow } from './shared/orders';
import { parcelsFor, type StockedSku } from './shared/parcels';
import { currency, customerId, duplicateSkuIndex, executionId, lines, money, object, orderId, parseOrThrow, type Parcel } from './shared/schemas';
import { cancelledTransaction, isConditionalCheckFailed, retryOnConflict } from './shared/transactions';

const input = object({
  orderId,
  executionId,
  customerId,
  currency,
  total: money,
  items: lines,
});

export interface Reservation {
  orderId: string;
  parcels: Parcel[];
}

type Request = z.infer<typeof input>;

/**
 * ReserveInventory: claims the order and takes its stock in ONE transaction, so either the order row
 * exists and every line's stock is decremented, or nothing changed. The order row's condition also
 * makes the claim idempotent: a repeat from the same execution gets the stored parcels back, another
 * execution gets DuplicateOrder and touches nothing.
 *
 * Every outcome leaves a row, because any row makes a later claim fail: an OutOfStock or UnknownSku
 * is remembered as REJECTED (no compensation runs after those, so a duplicate delivery arriving once
 * stock came back must not reserve for an order the workflow already failed), and a row that
 * ReleaseInventory wrote first stops an invocation that outlived its step's timeout.
 */
export const handler = instrument('ReserveInventory', async (event: unknown): Promise<Reservation> => {
  const request = parseOrThrow(input, event, (message) => new InvalidInput(message));
  const duplicate = duplicateSkuIndex(request.items);
  if (duplicate >= 0) throw new InvalidInput(`items[${duplicate}].sku: repeats an earlier line's SKU`);
  const hash = requestHash({ customerId: request.customerId, currency: request.currency, total: request.total, items: request.items });

  const stocked = await readSkus(request.items.map(({ sku }) => sku));
  const unknown = request.items.map(({ sku }) => sku).filter((sku) => !stocked.has(sku));
  if (unknown.length > 0) return reject(request, hash, new UnknownSku(unknown));

  const parcels = parcelsFor(request.orderId, request.items, stocked);
  const now = new Date().toISOString();
  try {
    await retryOnConflict(() =>
      dynamo.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName('ORDERS_TABLE'),
                Item: {
                  orderId: request.orderId,
                  executionId: request.executionId,
                  status: 'RESERVED',
                  customerId: request.customerId,
                  currency: request.currency,
                  total: request.total,
                  lines: request.items.map(({ sku, quantity }) => ({ sku, quantity, warehouse: stocked.get(sku)!.warehouse })),
                  parcels,
                  requestHash: hash,
                  createdAt: now,
                  updatedAt: now,
                },
                ConditionExpression: 'attribute_not_exists(orderId)',
              },
            },
            ...request.items.map(({ sku, quantity }) => ({
              Update: {
                TableName: tableName('INVENTORY_TABLE'),
                Key: { sku },
                UpdateExpression: 'SET stock = stock - :quantity',
                ConditionExpression: 'attribute_exists(sku) AND stock >= :quantity',
                ExpressionAttributeValues: { ':quantity': quantity },
              },
            })),
          ],
        }),
      ),
    );
  } catch (error) {
    const cancelled = cancelledTransaction(error);
    if (!cancelled) throw error;
    if (cancelled.codes[0] === 'ConditionalCheckFailed') {
      return replay(request.orderId, request.executionId, hash);
    }
    const short = request.items.filter((_, index) => cancelled.codes[index + 1] === 'ConditionalCheckFailed').map(({ sku }) => sku);
    if (short.length > 0) return reject(request, hash, new OutOfStock(short));
    throw error;
  }
  return { orderId: request.orderId, parcels };
});

/** The catalogue entries of the order's SKUs (warehouse and weight build the parcels). */
async function readSkus(skus: string[]): Promise<Map<string, StockedSku>> {
  const table = tableName('INVENTORY_TABLE');
  const found = new Map<string, StockedSku>();
  let keys: Record<string, unknown>[] = skus.map((sku) => ({ sku }));
  // BatchGetItem may leave keys unprocessed under load; ask again for those (with a short backoff).
  for (let round = 0; keys.length > 0; round++) {
    if (round > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** Math.min(round, 6)));
    const answer = await dynamo.send(
      new BatchGetCommand({
        RequestItems: { [table]: { Keys: keys, ProjectionExpression: 'sku, warehouse, weightGrams' } },
      }),
    );
    for (const item of answer.Responses?.[table] ?? []) found.set(item.sku as string, item as StockedSku);
    keys = answer.UnprocessedKeys?.[table]?.Keys ?? [];
  }
  return found;
}

/**
 * Records the rejection before reporting it, unless a row got there first (a concurrent repeat that
 * reserved, a fence): then that row decides the answer, so both deliveries answer alike.
 */
async function reject(request: Request, hash: string, rejection: OutOfStock | UnknownSku): Promise<Reservation> {
  const now = new Date().toISOString();
  const row: OrderRow & Record<string, unknown> = {
    orderId: request.orderId,
    executionId: request.executionId,
    status: 'REJECTED',
    customerId: request.customerId,
    currency: request.currency,
    total: request.total,
    lines: [],
    requestHash: hash,
    error: rejection.name,
    skus: rejection.skus,
    message: rejection.message,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await dynamo.send(new PutCommand({ TableName: tableName('ORDERS_TABLE'), Item: row, ConditionExpression: 'attribute_not_exists(orderId)' }));
  } catch (error) {
    if (isConditionalCheckFailed(error)) return replay(request.orderId, request.executionId, hash);
    throw error;
  }
  logger.info('reservation rejected', { error: rejection.name, skus: rejection.skus });
  throw rejection;
}

/** The order row already exists: the first result again, or why this request may not have it. */
async function replay(id: string, execution: string, hash: string): Promise<Reservation> {
  const row = await readOrder(id);
  if (!row) throw new Error(`the order row for ${id} vanished during the reservation`);
  if (row.executionId !== execution) {
    throw new DuplicateOrder(`order ${id} is already being processed by another execution`);
  }
  if (isFence(row)) throw released(id);
  if (row.requestHash !== hash) {
    throw new IdempotencyConflict(`order ${id} was already reserved with a different payload`);
  }
  switch (row.status) {
    case 'REJECTED':
      throw row.error === 'OutOfStock' ? new OutOfStock(row.skus ?? []) : new UnknownSku(row.skus ?? []);
    case 'RELEASED':
      throw released(id);
    case 'RESERVED':
    case 'CONFIRMED':
      return { orderId: id, parcels: row.parcels ?? [] };
  }
}

function released(id: string): ReservationReleased {
  return new ReservationReleased(`order ${id} was released by its compensation; nothing is reserved for it`);
}
