/** ReserveInventory and its compensation ReleaseInventory, against DynamoDB Local. */
import { DeleteCommand, GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { handler as ReserveHandler } from '../../lambda/reserve-inventory';
import type { handler as ReleaseHandler } from '../../lambda/release-inventory';
import { captureLogs, errorOf, executionArn, newOrderId, START_TIMEOUT_MS, startLocalTables, type LocalTables } from './helpers';

let local: LocalTables;
let reserve: typeof ReserveHandler;
let release: typeof ReleaseHandler;
let logs: ReturnType<typeof captureLogs>;

beforeAll(async () => {
  local = await startLocalTables();
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

async function setStock(sku: string, stock: number): Promise<void> {
  await local.documents.send(new UpdateCommand({ TableName: local.names.inventory, Key: { sku }, UpdateExpression: 'SET stock = :stock', ExpressionAttributeValues: { ':stock': stock } }));
}

/** What the workflow's ConfirmOrder step writes (lib/workflow), with its condition; false when the condition failed. */
async function confirm(orderId: string, execution = executionArn(orderId)): Promise<boolean> {
  try {
    await local.documents.send(
      new UpdateCommand({
        TableName: local.names.orders,
        Key: { orderId },
        UpdateExpression: 'SET #status = :confirmed, confirmedAt = :now, updatedAt = :now',
        ConditionExpression: '#status = :reserved AND executionId = :executionId',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':confirmed': 'CONFIRMED', ':reserved': 'RESERVED', ':executionId': execution, ':now': new Date().toISOString() },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** The outcome of a settled call: its value, or the name of its error. */
function outcomeOf(settled: PromiseSettledResult<unknown>): unknown {
  return settled.status === 'fulfilled' ? settled.value : (settled.reason as Error).name;
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

  it('fails with OutOfStock naming the short SKU, takes no stock and remembers the rejection', async () => {
    const orderId = newOrderId('short');
    const before = await stockLevels();
    const error = await errorOf(reserve(reservation(orderId, undefined, [{ sku: 'SKU-BOOK-001', quantity: 1 }, { sku: 'SKU-RARE-006', quantity: 1 }])));
    expect(error.name).toBe('OutOfStock');
    expect(error.message).toBe('not enough stock for SKU-RARE-006');
    expect(await orderRow(orderId)).toMatchObject({
      orderId,
      executionId: executionArn(orderId),
      status: 'REJECTED',
      error: 'OutOfStock',
      skus: ['SKU-RARE-006'],
      message: 'not enough stock for SKU-RARE-006',
      lines: [],
    });
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

  it('fails with UnknownSku naming the SKU, takes no stock and remembers the rejection', async () => {
    const orderId = newOrderId('unknown');
    const before = await stockLevels();
    const error = await errorOf(reserve(reservation(orderId, undefined, [{ sku: 'SKU-BOOK-001', quantity: 1 }, { sku: 'SKU-NOPE-999', quantity: 1 }])));
    expect(error.name).toBe('UnknownSku');
    expect(error.message).toBe('unknown SKU SKU-NOPE-999');
    expect(await orderRow(orderId)).toMatchObject({ status: 'REJECTED', error: 'UnknownSku', skus: ['SKU-NOPE-999'], lines: [] });
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

  it('has nothing to release when nothing was reserved, and fences the order for this execution', async () => {
    const orderId = newOrderId('release-none');
    const before = await stockLevels();
    expect(await release({ orderId, executionId: executionArn(orderId) })).toEqual({ status: 'NOTHING_TO_RELEASE', lines: [] });
    const fence = await orderRow(orderId);
    expect(fence).toMatchObject({ orderId, executionId: executionArn(orderId), status: 'RELEASED', lines: [] });
    expect(fence).not.toHaveProperty('requestHash');
    // A second release reads its own fence and answers the same.
    expect(await release({ orderId, executionId: executionArn(orderId) })).toEqual({ status: 'NOTHING_TO_RELEASE', lines: [] });
    expect(await orderRow(orderId)).toEqual(fence);
    expect(await stockLevels()).toEqual(before);
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

describe('ReserveInventory remembers its rejections', () => {
  const piano = [{ sku: 'SKU-PIANO-005', quantity: 6 }];

  it('answers a repeat of an OutOfStock with OutOfStock even after the stock came back, taking nothing', async () => {
    const orderId = newOrderId('oos-repeat');
    const first = await errorOf(reserve(reservation(orderId, undefined, piano)));
    expect(first.name).toBe('OutOfStock');
    const row = await orderRow(orderId);
    await setStock('SKU-PIANO-005', 15);
    try {
      const repeat = await errorOf(reserve(reservation(orderId, undefined, piano)));
      expect([repeat.name, repeat.message]).toEqual([first.name, first.message]);
      expect(await stockOf('SKU-PIANO-005')).toBe(15);
      expect(await orderRow(orderId)).toEqual(row);
      // Another execution is a duplicate, another payload a conflict: neither reserves.
      expect((await errorOf(reserve(reservation(orderId, executionArn('other'), piano)))).name).toBe('DuplicateOrder');
      expect((await errorOf(reserve(reservation(orderId, undefined, [{ sku: 'SKU-PIANO-005', quantity: 1 }])))).name).toBe('IdempotencyConflict');
      expect(await stockOf('SKU-PIANO-005')).toBe(15);
      expect(await orderRow(orderId)).toEqual(row);
    } finally {
      await setStock('SKU-PIANO-005', 5);
    }
  });

  it('answers a repeat of an UnknownSku with UnknownSku even after the SKU was added, taking nothing', async () => {
    const orderId = newOrderId('unknown-repeat');
    const items = [{ sku: 'SKU-LATE-777', quantity: 1 }];
    const first = await errorOf(reserve(reservation(orderId, undefined, items)));
    expect(first.name).toBe('UnknownSku');
    const row = await orderRow(orderId);
    await local.documents.send(
      new PutCommand({ TableName: local.names.inventory, Item: { sku: 'SKU-LATE-777', name: 'Late', warehouse: 'WH-DUBLIN', stock: 10, weightGrams: 100 } }),
    );
    try {
      const repeat = await errorOf(reserve(reservation(orderId, undefined, items)));
      expect([repeat.name, repeat.message]).toEqual(['UnknownSku', 'unknown SKU SKU-LATE-777']);
      expect(await stockOf('SKU-LATE-777')).toBe(10);
      expect(await orderRow(orderId)).toEqual(row);
    } finally {
      await local.documents.send(new DeleteCommand({ TableName: local.names.inventory, Key: { sku: 'SKU-LATE-777' } }));
    }
  });

  it('fails two overlapping deliveries of an OutOfStock request alike, with one REJECTED row', async () => {
    const orderId = newOrderId('oos-race');
    const before = await stockLevels();
    const outcomes = await Promise.allSettled([reserve(reservation(orderId, undefined, piano)), reserve(reservation(orderId, undefined, piano))]);
    expect(outcomes.map((outcome) => outcome.status === 'rejected' && [(outcome.reason as Error).name, (outcome.reason as Error).message])).toEqual([
      ['OutOfStock', 'not enough stock for SKU-PIANO-005'],
      ['OutOfStock', 'not enough stock for SKU-PIANO-005'],
    ]);
    expect(await orderRow(orderId)).toMatchObject({ status: 'REJECTED', error: 'OutOfStock' });
    expect(await stockLevels()).toEqual(before);
  });

  it('leaves a rejected order to ReleaseInventory as nothing to release, row and stock unchanged', async () => {
    const orderId = newOrderId('release-rejected');
    await errorOf(reserve(reservation(orderId, undefined, piano)));
    const row = await orderRow(orderId);
    const before = await stockLevels();
    expect(await release({ orderId, executionId: executionArn(orderId) })).toEqual({ status: 'NOTHING_TO_RELEASE', lines: [] });
    expect(await orderRow(orderId)).toEqual(row);
    expect(await stockLevels()).toEqual(before);
    expect((await errorOf(reserve(reservation(orderId, undefined, piano)))).name).toBe('OutOfStock');
  });
});

describe('a ReserveInventory that outlives its step (late writer) against the ReleaseInventory fence', () => {
  it('takes no stock when it lands after the release found nothing: ReservationReleased', async () => {
    const orderId = newOrderId('late-reserve');
    const before = await stockLevels();
    expect(await release({ orderId, executionId: executionArn(orderId) })).toEqual({ status: 'NOTHING_TO_RELEASE', lines: [] });
    const fence = await orderRow(orderId);
    const late = await errorOf(reserve(reservation(orderId)));
    expect(late.name).toBe('ReservationReleased');
    expect(late.message).toBe(`order ${orderId} was released by its compensation; nothing is reserved for it`);
    expect(await stockLevels()).toEqual(before);
    expect(await orderRow(orderId)).toEqual(fence);
    expect(await release({ orderId, executionId: executionArn(orderId) })).toEqual({ status: 'NOTHING_TO_RELEASE', lines: [] });
  });

  it("fails another execution's reservation after the fence with DuplicateOrder, taking nothing", async () => {
    const orderId = newOrderId('late-other');
    await release({ orderId, executionId: executionArn(orderId) });
    const fence = await orderRow(orderId);
    const before = await stockLevels();
    expect((await errorOf(reserve(reservation(orderId, executionArn('other'))))).name).toBe('DuplicateOrder');
    expect(await stockLevels()).toEqual(before);
    expect(await orderRow(orderId)).toEqual(fence);
  });

  it('takes no stock again when a reservation that was released is delivered again', async () => {
    const orderId = newOrderId('replay-released');
    const before = await stockLevels();
    await reserve(reservation(orderId));
    await release({ orderId, executionId: executionArn(orderId) });
    const row = await orderRow(orderId);
    expect((await errorOf(reserve(reservation(orderId)))).name).toBe('ReservationReleased');
    expect(await stockLevels()).toEqual(before);
    expect(await orderRow(orderId)).toEqual(row);
  });

  it('ends with the stock where it was whichever of a reservation and its release lands first', async () => {
    const before = await stockLevels();
    for (let i = 0; i < 6; i++) {
      const orderId = newOrderId('reserve-release-race');
      const owner = { orderId, executionId: executionArn(orderId) };
      const [reserved, released] = (await Promise.allSettled([reserve(reservation(orderId)), release(owner)])).map(outcomeOf);
      if (reserved === 'ReservationReleased') {
        expect(released).toEqual({ status: 'NOTHING_TO_RELEASE', lines: [] });
        expect(await orderRow(orderId)).toMatchObject({ status: 'RELEASED', lines: [] });
      } else {
        expect(reserved).toMatchObject({ orderId, parcels: expect.any(Array) });
        expect(released).toEqual({ status: 'RELEASED', lines: expect.arrayContaining([{ sku: 'SKU-BOOK-001', quantity: 2 }]) });
      }
      expect(await release(owner)).toEqual(released);
      expect(await stockLevels()).toEqual(before);
    }
  });

  it('answers two overlapping releases of an order never reserved alike, with one fence', async () => {
    const orderId = newOrderId('fence-race');
    const owner = { orderId, executionId: executionArn(orderId) };
    const [a, b] = await Promise.all([release(owner), release(owner)]);
    expect(a).toEqual({ status: 'NOTHING_TO_RELEASE', lines: [] });
    expect(b).toEqual(a);
    expect(await orderRow(orderId)).toMatchObject({ status: 'RELEASED', lines: [], executionId: executionArn(orderId) });
  });
});

describe('ReleaseInventory and a confirmed order', () => {
  it('refuses to release a CONFIRMED order with OrderAlreadyConfirmed, changing nothing', async () => {
    const orderId = newOrderId('release-confirmed');
    await reserve(reservation(orderId));
    expect(await confirm(orderId)).toBe(true);
    const row = await orderRow(orderId);
    const before = await stockLevels();
    for (let i = 0; i < 2; i++) {
      const error = await errorOf(release({ orderId, executionId: executionArn(orderId) }));
      expect(error.name).toBe('OrderAlreadyConfirmed');
      expect(error.message).toContain('a human must reconcile');
    }
    expect(await orderRow(orderId)).toEqual(row);
    expect(await stockLevels()).toEqual(before);
  });

  it('lets exactly one of a confirmation and a release racing it win, and the stock follows the row', async () => {
    const seeded = await stockLevels();
    for (let i = 0; i < 6; i++) {
      const orderId = newOrderId('confirm-release-race');
      await reserve(reservation(orderId));
      const reserved = await stockLevels();
      const [confirmed, released] = await Promise.allSettled([confirm(orderId), release({ orderId, executionId: executionArn(orderId) })]);
      if (outcomeOf(confirmed) === true) {
        expect(outcomeOf(released)).toBe('OrderAlreadyConfirmed');
        expect(await orderRow(orderId)).toMatchObject({ status: 'CONFIRMED' });
        expect(await stockLevels()).toEqual(reserved);
        // Leave the catalogue as seeded for the next round and the other tests.
        for (const [sku, stock] of Object.entries(seeded)) await setStock(sku, stock);
      } else {
        expect(outcomeOf(confirmed)).toBe(false);
        expect(outcomeOf(released)).toMatchObject({ status: 'RELEASED' });
        expect(await orderRow(orderId)).toMatchObject({ status: 'RELEASED' });
        expect(await stockLevels()).toEqual(seeded);
      }
    }
  });
});
