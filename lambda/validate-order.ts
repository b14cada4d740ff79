import { InvalidOrder } from './shared/errors';
import { instrument } from './shared/logger';
import { order, type Order } from './shared/order';
import { duplicateSkuIndex, parseOrThrow } from './shared/schemas';

/** Totals above this could lose precision downstream (and no shop sells a million euros of mugs). */
export const MAX_TOTAL = 100_000_000;

export type ValidatedOrder = Order & { total: number };

/**
 * ValidateOrder: checks the raw order against the contract and computes its total in minor units.
 * Writes nothing; an invalid order fails with InvalidOrder naming the first offending field.
 */
export const handler = instrument('ValidateOrder', async (event: unknown): Promise<ValidatedOrder> => {
  const valid = parseOrThrow(order, event, (message) => new InvalidOrder(message), 'order');
  const duplicate = duplicateSkuIndex(valid.items);
  if (duplicate >= 0) {
    throw new InvalidOrder(`items[${duplicate}].sku: repeats an earlier line's SKU (one line per SKU)`);
  }
  const total = valid.items.reduce((sum, { quantity, unitPrice }) => sum + quantity * unitPrice, 0);
  if (total > MAX_TOTAL) {
    throw new InvalidOrder(`items: the order total exceeds ${MAX_TOTAL} minor units`);
  }
  return { ...valid, total };
});
