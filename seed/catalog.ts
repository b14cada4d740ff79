/**
 * Seed data, not handler code: the catalogue the stack puts into the inventory table on deploy
 * (docs/design.md). The handlers never read this file, only the table; the stack's seeding, the
 * machine's worst-case timeout, `npm start`'s stock report and the tests read it from here, so
 * that the examples and the seed agree on SKUs and warehouses.
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
