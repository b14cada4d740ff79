import type { Sample } from './samples';

/**
 * What a sample may change in the tables the samples share, so that two samples that could change
 * the same thing never run at the same time: its orders (the order, payment and shipment rows are
 * keyed by orderId) and the stock of the SKUs it orders (one inventory row per SKU, shared by every
 * order). What it leaves there can then be read as its own. These are the keys of the stack's tables
 * (lib/storage/saga-tables.ts): a table keyed by anything else would need a claim of its own here.
 */
export interface Claims {
  /** The orderIds of its orders; `undefined` for an order without one. */
  orderIds: Array<string | undefined>;
  /** The SKUs of its orders' lines, or `all` when its lines cannot be read (then it may touch any). */
  skus: string[] | 'all';
}

export function claimsOf(sample: Sample): Claims {
  const orders = sample.kind === 'order' ? [sample.order] : sample.entries.map((entry) => detailOf(entry.Detail));
  const skus = orders.map(skusOf);
  return {
    orderIds: orders.map(orderIdOf),
    skus: skus.some((list) => list === 'all') ? 'all' : [...new Set(skus.flat() as string[])],
  };
}

/** Whether two samples may change the same rows: one order, or one SKU's stock. */
export function conflict(a: Claims, b: Claims): boolean {
  // Orders without an orderId cannot be told apart by their rows or events: one at a time.
  if (a.orderIds.some((id) => b.orderIds.includes(id))) return true;
  if (a.skus === 'all') return b.skus === 'all' || b.skus.length > 0;
  if (b.skus === 'all') return a.skus.length > 0;
  return a.skus.some((sku) => b.skus.includes(sku));
}

function skusOf(order: unknown): string[] | 'all' {
  const items = (order as { items?: unknown } | null)?.items;
  if (items === undefined) return [];
  if (!Array.isArray(items)) return 'all';
  const skus = items.map((item) => (item as { sku?: unknown } | null)?.sku);
  return skus.every((sku): sku is string => typeof sku === 'string') ? skus : 'all';
}

function orderIdOf(order: unknown): string | undefined {
  const id = (order as { orderId?: unknown } | null)?.orderId;
  return typeof id === 'string' ? id : undefined;
}

/** readSampleFile has checked that a Detail is JSON (or an object). */
function detailOf(detail: unknown): unknown {
  return typeof detail === 'string' ? JSON.parse(detail) : detail;
}
