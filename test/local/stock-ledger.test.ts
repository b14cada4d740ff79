import type { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Emulator } from '../../local/emulator';
import { StockLedger } from '../../local/start/stock-ledger';
import { catalog } from '../../seed/catalog';

/** The inventory table alone, in memory: what StockLedger reads (scan) and writes (UpdateItem of stock). */
function inventory() {
  const rows = new Map(catalog.map((item) => [item.sku, item.stock]));
  const emulator = {
    outputs: { InventoryTableName: 'inventory' },
    scan: async (table: string) => (table === 'InventoryTableName' ? [...rows].map(([sku, stock]) => ({ sku, stock })) : []),
    dynamodb: {
      send: async (command: UpdateCommand) => {
        const { Key, ExpressionAttributeValues } = command.input;
        rows.set(String(Key!.sku), Number(ExpressionAttributeValues![':stock']));
      },
    },
  } as unknown as Emulator;
  return { rows, ledger: new StockLedger(emulator) };
}

describe('the stock ledger of samples running side by side', () => {
  test('a sample finds its SKUs as seeded, whatever the sample before it left', async () => {
    const { rows, ledger } = inventory();
    await ledger.take(['SKU-BOOK-001'], 'happy.json');
    rows.set('SKU-BOOK-001', 98); // happy.json reserved two
    ledger.release(['SKU-BOOK-001'], await ledger.read(), 'happy.json');

    await ledger.take(['SKU-BOOK-001'], 'declined.json');
    expect(rows.get('SKU-BOOK-001')).toBe(100);
    expect(ledger.unexplained).toEqual([]);
  });

  test('stock that changed while no sample of that SKU ran is unexplained, when the next one takes it and at the end', async () => {
    const { rows, ledger } = inventory();
    await ledger.take(['SKU-BOOK-001'], 'happy.json');
    ledger.release(['SKU-BOOK-001'], await ledger.read(), 'happy.json');
    rows.set('SKU-BOOK-001', 99); // a sample that does not order books took one
    rows.set('SKU-LAMP-003', 49); // and a lamp nobody orders

    await ledger.take(['SKU-BOOK-001'], 'declined.json');
    await ledger.check();
    expect(ledger.unexplained).toEqual([
      'SKU-BOOK-001 held 99 when declined.json started, but happy.json left it at 100: a sample changed stock it does not order',
      'SKU-LAMP-003 held 49 at the end, but the seed put 50: a sample changed stock it does not order',
    ]);
  });

  test('what the last sample of a SKU left is what the end must find', async () => {
    const { rows, ledger } = inventory();
    await ledger.take(['SKU-MUG-002'], 'settled-after-polling.json');
    rows.set('SKU-MUG-002', 98);
    ledger.release(['SKU-MUG-002'], await ledger.read(), 'settled-after-polling.json');
    await ledger.check();
    expect(ledger.unexplained).toEqual([]);
  });
});
