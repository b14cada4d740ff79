/** The catalogue the inventory is seeded with, as docs/design.md lists it (the examples rely on it). */
import { catalog } from '../../seed/catalog';

it('holds the six SKUs of the design, with their warehouse, stock and weight', () => {
  expect(catalog.map(({ sku, warehouse, stock, weightGrams }) => [sku, warehouse, stock, weightGrams])).toEqual([
    ['SKU-BOOK-001', 'WH-DUBLIN', 100, 500],
    ['SKU-MUG-002', 'WH-DUBLIN', 100, 350],
    ['SKU-LAMP-003', 'WH-BERLIN', 50, 2000],
    ['SKU-DESK-004', 'WH-BERLIN', 20, 25000],
    ['SKU-PIANO-005', 'WH-MADRID', 5, 250000],
    ['SKU-RARE-006', 'WH-DUBLIN', 0, 100],
  ]);
  expect(catalog.every(({ name }) => name.length > 0)).toBe(true);
});
