/**
 * The catalogue the inventory table is seeded with (docs/design.md). The stack's seeding and the
 * tests read it from here so the examples, the seed and the handlers agree on SKUs and warehouses.
 */
export interface CatalogItem {
  sku: string;
  name: string;
  warehouse: string;
  stock: number;
  weightGrams: number;
}

export const catalog: readonly CatalogItem[] = [
  { sku: 'SKU-BOOK-001', name: 'Paperback book', warehouse: 'WH-DUBLIN', stock: 100, weightGrams: 500 },
  { sku: 'SKU-MUG-002', name: 'Ceramic mug', warehouse: 'WH-DUBLIN', stock: 100, weightGrams: 350 },
  { sku: 'SKU-LAMP-003', name: 'Desk lamp', warehouse: 'WH-BERLIN', stock: 50, weightGrams: 2000 },
  { sku: 'SKU-DESK-004', name: 'Standing desk', warehouse: 'WH-BERLIN', stock: 20, weightGrams: 25000 },
  { sku: 'SKU-PIANO-005', name: 'Upright piano', warehouse: 'WH-MADRID', stock: 5, weightGrams: 250000 },
  { sku: 'SKU-RARE-006', name: 'Rare print', warehouse: 'WH-DUBLIN', stock: 0, weightGrams: 100 },
];
