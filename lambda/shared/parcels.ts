import type { Line, Parcel } from './schemas';

/** A SKU's place and weight, as the inventory table holds them. */
export interface StockedSku {
  sku: string;
  warehouse: string;
  weightGrams: number;
}

/**
 * One parcel per warehouse that holds the order's items, sorted by warehouse so the same order
 * always gives the same parcels; parcelId is `<orderId>-<warehouse>` (docs/design.md).
 */
export function parcelsFor(orderId: string, lines: readonly Line[], stocked: ReadonlyMap<string, StockedSku>): Parcel[] {
  const byWarehouse = new Map<string, Parcel>();
  for (const { sku, quantity } of lines) {
    const { warehouse, weightGrams } = stocked.get(sku)!;
    const parcel = byWarehouse.get(warehouse) ?? { parcelId: `${orderId}-${warehouse}`, warehouse, items: [], weightGrams: 0 };
    parcel.items.push({ sku, quantity });
    parcel.weightGrams += quantity * weightGrams;
    byWarehouse.set(warehouse, parcel);
  }
  return [...byWarehouse.values()].sort((a, b) => (a.warehouse < b.warehouse ? -1 : a.warehouse > b.warehouse ? 1 : 0));
}
