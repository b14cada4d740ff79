/** ReserveInventory and its compensation ReleaseInventory, against DynamoDB Local. */
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { handler as ReserveHandler } from '../../lambda/reserve-inventory';
import type { handler as ReleaseHandler } from '../../lambda/release-inventory';
import { captureLogs, errorOf, executionArn, newOrderId, START_TIMEOUT_MS, startLocalTables, type LocalTables } from './helpers';

let local: LocalTables;
let reserve: typeof ReserveHandler;
let release: typeof ReleaseHandler;
let logs: ReturnType<typeof captureLogs>;

beforeAll(async () => {
  local = await startLocalTables('inventory');
  // Imported only now: the handlers' DynamoDB client reads the local endpoint when it loads.
  reserve = (require('../../lambda/reserve-inventory') as typeof import('../../lambda/reserve-inventory')).handler;
  release = (require('../../lambda/release-inventory') as typeof import('../../lambda/release-inventory')).handler;
}, START_TIMEOUT_MS);
afterAll(async () => local?.db.stop(), START_TIMEOUT_MS);

beforeEach(() => (logs = captureLogs()));
afterEach(() => logs.restore());

async function stockOf(sku: string): Promise<number> {
  const { Item } = await local.documents.send(new GetCommand({ TableName: local.names.inventory, Key: { sku } }));
  return Item!.stock as number;
}
async function orderRow(orderId: string) {
  const { Item } = await local.documents.send(new GetCommand({ TableName: local.names.orders, Key: { orderId } }));
  return Item;
}
async function stockLevels(): Promise<Record<string, number>> {
  const { Items = [] } = await local.documents.send(new ScanCommand({ TableName: local.names.inventory }));
  return Object.fromEntries(Items.map((item) => [item.sku as string, item.stock as number]));
}

function reservation(orderId: string, execution = executionArn(orderId), items = [
  { sku: 'SKU-BOOK-001', quantity: 2 },
  { sku: 'SKU-LAMP-003', quantity: 1 },
  { sku: 'SKU-MUG-002', quantity: 1 },
]) {
  return { orderId, executionId: execution, customerId: 'cust-42', currency: 'EUR', total: 9000, items };
}

describe('ReserveInventory', () => {
  it('claims the order, takes the stock and returns one parcel per warehouse, sorted', async () => {
    const orderId = newOrderId('reserve');
    const before = await stockLevels();
    const result = await reserve(reservation(orderId));
    expect(result).toEqual({
      orderId,
      parcels: [
        { parcelId: `${orderId}-WH-BERLIN`, warehouse: 'WH-BERLIN', items: [{ sku: 'SKU-LAMP-003', quantity: 1 }], weightGrams: 2000 },
        {
          parcelId: `${orderId}-WH-DUBLIN`,
          warehouse: 'WH-DUBLIN',
          items: [{ sku: 'SKU-BOOK-001', quantity: 2 }, { sku: 'SKU-MUG-002', quantity: 1 }],
          weightGrams: 2 * 500 + 350,
        },
      ],
    });
    expect(await stockLevels()).toEqual({ ...before, 'SKU-BOOK-001': before['SKU-BOOK-001'] - 2, 'SKU-LAMP-003': before['SKU-LAMP-003'] - 1, 'SKU-MUG-002': before['SKU-MUG-002'] - 1 });
    expect(await orderRow(orderId)).toMatchObject({
      orderId,
      executionId: executionArn(orderId),
      status: 'RESERVED',
      customerId: 'cust-42',
      currency: 'EUR',
      total: 9000,
      lines: [
        { sku: 'SKU-BOOK-001', quantity: 2, warehouse: 'WH-DUBLIN' },
        { sku: 'SKU-LAMP-003', quantity: 1, warehouse: 'WH-BERLIN' },
        { sku: 'SKU-MUG-002', quantity: 1, warehouse: 'WH-DUBLIN' },
      ],
      parcels: result.parcels,
    });
    expect(logs.lines()).toContainEqual(expect.objectContaining({ orderId, message: 'ReserveInventory succeeded' }));
  });

  it('fails with OutOfStock naming the short SKU, and writes nothing', async () => {
    const orderId = newOrderId('short');
    const before = await stockLevels();
    const error = await errorOf(reserve(reservation(orderId, undefined, [{ sku: 'SKU-BOOK-001', quantity: 1 }, { sku: 'SKU-RARE-006', quantity: 1 }])));
    expect(error.name).toBe('OutOfStock');
    expect(error.message).toBe('not enough stock for SKU-RARE-006');
    expect(await orderRow(orderId)).toBeUndefined();
    expect(await stockLevels()).toEqual(before);
    expect(logs.lines()).toContainEqual(expect.objectContaining({ orderId, errorName: 'OutOfStock' }));
  });

  it('fails with OutOfStock when a line asks for more than the stock', async () => {
    const orderId = newOrderId('short');
    const error = await errorOf(reserve(reservation(orderId, undefined, [{ sku: 'SKU-PIANO-005', quantity: 6 }])));
    expect(error.name).toBe('OutOfStock');
    expect(error.message).toContain('SKU-PIANO-005');
    expect(await stockOf('SKU-PIANO-005')).toBe(5);
  });

  it('fails with UnknownSku naming the SKU, and writes nothing', async () => {
    const orderId = newOrderId('unknown');
    const before = await stockLevels();
    const error = await errorOf(reserve(reservation(orderId, undefined, [{ sku: 'SKU-BOOK-001', quantity: 1 }, { sku: 'SKU-NOPE-999', quantity: 1 }])));
    expect(error.name).toBe('UnknownSku');
    expect(error.message).toBe('unknown SKU SKU-NOPE-999');
    expect(await orderRow(orderId)).toBeUndefined();
    expect(await stockLevels()).toEqual(before);
  });

  it('answers a repeat from the same execution with the first result, taking the stock once', async () => {
    const orderId = newOrderId('repeat');
    const before = await stockOf('SKU-BOOK-001');
    const first = await reserve(reservation(orderId));
    const second = await reserve(reservation(orderId));
    expect(second).toEqual(first);
    expect(await stockOf('SKU-BOOK-001')).toBe(before - 2);
  });

  it('answers two interleaved identical calls alike, taking the stock once', async () => {
    const orderId = newOrderId('interleaved');
    const before = await stockOf('SKU-BOOK-001');
    const [a, b] = await Promise.all([reserve(reservation(orderId)), reserve(reservation(orderId))]);
    expect(a).toEqual(b);
    expect(a.parcels.map(({ warehouse }) => warehouse)).toEqual(['WH-BERLIN', 'WH-DUBLIN']);
    expect(await stockOf('SKU-BOOK-001')).toBe(before - 2);
  });

  it('fails a second execution for the same order with DuplicateOrder, touching nothing of the first', async () => {
    const orderId = newOrderId('duplicate');
    await reserve(reservation(orderId, executionArn('first')));
    const rowBefore = await orderRow(orderId);
    const stockBefore = await stockLevels();
    const error = await errorOf(reserve(reservation(orderId, executionArn('second'))));
    expect(error.name).toBe('DuplicateOrder');
    expect(await orderRow(orderId)).toEqual(rowBefore);
    expect(await stockLevels()).toEqual(stockBefore);
  });

  it('lets exactly one of two interleaved executions claim the order', async () => {
    const orderId = newOrderId('race');
    const before = await stockOf('SKU-BOOK-001');
    const outcomes = await Promise.allSettled([
      reserve(reservation(orderId, executionArn('one'))),
      reserve(reservation(orderId, executionArn('two'))),
    ]);
    expect(outcomes.filter(({ status }) => status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(rejected.map(({ reason }) => (reason as Error).name)).toEqual(['DuplicateOrder']);
    expect(await stockOf('SKU-BOOK-001')).toBe(before - 2);
  });

  it('fails the same execution with another payload with IdempotencyConflict', async () => {
    const orderId = newOrderId('conflict');
    await reserve(reservation(orderId));
    const before = await stockLevels();
    const error = await errorOf(reserve(reservation(orderId, undefined, [{ sku: 'SKU-BOOK-001', quantity: 3 }])));
    expect(error.name).toBe('IdempotencyConflict');
    expect(await stockLevels()).toEqual(before);
  });

  it('rejects a bad input with InvalidInput naming the field, and writes nothing', async () => {
    const orderId = newOrderId('bad');
    const before = await stockLevels();
    const error = await errorOf(reserve(reservation(orderId, undefined, [{ sku: 'SKU-BOOK-001', quantity: -1 }])));
    expect(error.name).toBe('InvalidInput');
    expect(error.message.startsWith('items[0].quantity: ')).toBe(true);
    const missing = await errorOf(reserve({ ...reservation(orderId), executionId: undefined }));
    expect(missing.name).toBe('InvalidInput');
    expect(missing.message.startsWith('executionId: ')).toBe(true);
    expect(await orderRow(orderId)).toBeUndefined();
    expect(await stockLevels()).toEqual(before);
  });
});

describe('ReleaseInventory', () => {
  it('puts the stock back and marks the order RELEASED', async () => {
    const orderId = newOrderId('release');
    const before = await stockLevels();
    await reserve(reservation(orderId));
    const result = await release({ orderId, executionId: executionArn(orderId) });
    expect(result).toEqual({
      status: 'RELEASED',
      lines: [
        { sku: 'SKU-BOOK-001', quantity: 2 },
        { sku: 'SKU-LAMP-003', quantity: 1 },
        { sku: 'SKU-MUG-002', quantity: 1 },
      ],
    });
    expect(await stockLevels()).toEqual(before);
    expect(await orderRow(orderId)).toMatchObject({ status: 'RELEASED', executionId: executionArn(orderId) });
    expect(logs.lines()).toContainEqual(expect.objectContaining({ orderId, message: 'ReleaseInventory succeeded' }));
  });

  it('answers a second release the same, putting the stock back once', async () => {
    const orderId = newOrderId('release-twice');
    const before = await stockLevels();
    await reserve(reservation(orderId));
    const first = await release({ orderId, executionId: executionArn(orderId) });
    const second = await release({ orderId, executionId: executionArn(orderId) });
    expect(second).toEqual(first);
    expect(await stockLevels()).toEqual(before);
  });

  it('puts the stock back once when two releases interleave', async () => {
    const orderId = newOrderId('release-race');
    const before = await stockLevels();
    await reserve(reservation(orderId));
    const [a, b] = await Promise.all([
      release({ orderId, executionId: executionArn(orderId) }),
      release({ orderId, executionId: executionArn(orderId) }),
    ]);
    expect(a).toEqual(b);
    expect(a.status).toBe('RELEASED');
    expect(await stockLevels()).toEqual(before);
  });

  it("never releases another execution's reservation (a duplicate's compensation)", async () => {
    const orderId = newOrderId('release-other');
    await reserve(reservation(orderId, executionArn('owner')));
    const stockBefore = await stockLevels();
    const result = await release({ orderId, executionId: executionArn('duplicate') });
    expect(result).toEqual({ status: 'NOTHING_TO_RELEASE', lines: [] });
    expect(await stockLevels()).toEqual(stockBefore);
    expect(await orderRow(orderId)).toMatchObject({ status: 'RESERVED', executionId: executionArn('owner') });
  });

  it('has nothing to release when nothing was reserved', async () => {
    const orderId = newOrderId('release-none');
    expect(await release({ orderId, executionId: executionArn(orderId) })).toEqual({ status: 'NOTHING_TO_RELEASE', lines: [] });
    expect(await orderRow(orderId)).toBeUndefined();
  });

  it('rejects a bad input with InvalidInput, and changes nothing', async () => {
    const orderId = newOrderId('release-bad');
    await reserve(reservation(orderId));
    const before = await stockLevels();
    const error = await errorOf(release({ orderId }));
    expect(error.name).toBe('InvalidInput');
    expect(error.message.startsWith('executionId: ')).toBe(true);
    expect(await stockLevels()).toEqual(before);
    expect(await orderRow(orderId)).toMatchObject({ status: 'RESERVED' });
  });
});
