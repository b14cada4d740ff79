import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from './clients';
import type { Line, Parcel } from './schemas';

/**
 * The orders table (docs/design.md). Besides a reservation's life (RESERVED, then CONFIRMED or
 * RELEASED) a row may record that nothing was ever taken, so that a late or repeated
 * ReserveInventory, whose write is conditional on the row being absent, cannot take stock after all:
 * REJECTED remembers an OutOfStock/UnknownSku for the repeats of that request; a fence is a RELEASED
 * row with no lines, written by ReleaseInventory when it found nothing to put back.
 */
export type OrderStatus = 'RESERVED' | 'CONFIRMED' | 'RELEASED' | 'REJECTED';

export type Rejection = 'OutOfStock' | 'UnknownSku';

export interface OrderRow {
  orderId: string;
  executionId: string;
  status: OrderStatus;
  /** The stock the reservation took (and a release put back); empty when none was ever taken. */
  lines: (Line & { warehouse: string })[];
  parcels?: Parcel[];
  /** Absent on a fence: it answers no request. */
  requestHash?: string;
  /** On a REJECTED row: the business error the request got, and the SKUs it named. */
  error?: Rejection;
  skus?: string[];
  message?: string;
  createdAt: string;
  updatedAt: string;
}

export async function readOrder(orderId: string): Promise<OrderRow | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: tableName('ORDERS_TABLE'), Key: { orderId }, ConsistentRead: true }),
  );
  return Item as OrderRow | undefined;
}

/** A fence: ReleaseInventory's RELEASED row for an order it found without a reservation. */
export function isFence(row: OrderRow): boolean {
  return row.status === 'RELEASED' && row.lines.length === 0;
}
