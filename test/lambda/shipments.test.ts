/** CreateShipment and the compensation CancelShipments, against DynamoDB Local. */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { handler as CancelHandler } from '../../lambda/cancel-shipments';
import type { handler as CreateHandler } from '../../lambda/create-shipment';
import { captureLogs, errorOf, executionArn, newOrderId, START_TIMEOUT_MS, startLocalTables, type LocalTables } from './helpers';

let local: LocalTables;
let create: typeof CreateHandler;
let cancel: typeof CancelHandler;
let logs: ReturnType<typeof captureLogs>;

beforeAll(async () => {
  local = await startLocalTables();
  // Required only now: the handlers' DynamoDB client reads the local endpoint when it loads.
  create = (require('../../lambda/create-shipment') as typeof import('../../lambda/create-shipment')).handler;
  cancel = (require('../../lambda/cancel-shipments') as typeof import('../../lambda/cancel-shipments')).handler;
}, START_TIMEOUT_MS);
afterAll(async () => local?.db.stop(), START_TIMEOUT_MS);

beforeEach(() => (logs = captureLogs()));
afterEach(() => logs.restore());

const parcel = (orderId: string, warehouse: string, weightGrams: number, items = [{ sku: 'SKU-BOOK-001', quantity: 1 }]) => ({
  parcelId: `${orderId}-${warehouse}`,
  warehouse,
  items,
  weightGrams,
});
const request = (orderId: string, p = parcel(orderId, 'WH-DUBLIN', 1350), execution = executionArn(orderId)) => ({
  orderId,
  executionId: execution,
  parcel: p,
});

async function shipments(orderId: string) {
  const { Items = [] } = await local.documents.send(
    new QueryCommand({ TableName: local.names.shipments, KeyConditionExpression: 'orderId = :o', ExpressionAttributeValues: { ':o': orderId } }),
  );
  return Items;
}

describe('CreateShipment', () => {
  it('books a carrier for a light parcel and records the shipment', async () => {
    const orderId = newOrderId('ship');
    const result = await create(request(orderId));
    expect(result).toEqual({
      parcelId: `${orderId}-WH-DUBLIN`,
      shipmentId: expect.stringMatching(/^shp_/),
      carrier: 'SwiftPost',
      trackingNumber: expect.stringMatching(/^[0-9A-F]{16}$/),
    });
    expect(await shipments(orderId)).toEqual([
      expect.objectContaining({ ...result, orderId, executionId: executionArn(orderId), warehouse: 'WH-DUBLIN', status: 'CREATED' }),
    ]);
    expect(logs.lines()).toContainEqual(expect.objectContaining({ orderId, message: 'CreateShipment succeeded' }));
  });

  it('books the freight carrier for a parcel of exactly 30 000 g', async () => {
    const orderId = newOrderId('heavy');
    expect((await create(request(orderId, parcel(orderId, 'WH-BERLIN', 30_000)))).carrier).toBe('HeavyHaul Freight');
  });

  it('fails a parcel over 30 000 g with ParcelUndeliverable, and writes nothing', async () => {
    const orderId = newOrderId('piano');
    const error = await errorOf(create(request(orderId, parcel(orderId, 'WH-MADRID', 250_000, [{ sku: 'SKU-PIANO-005', quantity: 1 }]))));
    expect(error.name).toBe('ParcelUndeliverable');
    expect(error.message).toContain(`${orderId}-WH-MADRID`);
    expect(await shipments(orderId)).toEqual([]);
    expect(logs.lines()).toContainEqual(expect.objectContaining({ orderId, errorName: 'ParcelUndeliverable' }));
  });

  it('answers a repeat with the first booking, and two interleaved calls book once', async () => {
    const orderId = newOrderId('repeat');
    const first = await create(request(orderId));
    expect(await create(request(orderId))).toEqual(first);

    const raced = newOrderId('race');
    const [a, b] = await Promise.all([create(request(raced)), create(request(raced))]);
    expect(a).toEqual(b);
    expect(await shipments(raced)).toHaveLength(1);
  });

  it('fails another payload or another execution for the same parcel with IdempotencyConflict', async () => {
    const orderId = newOrderId('conflict');
    await create(request(orderId));
    const before = await shipments(orderId);
    expect((await errorOf(create(request(orderId, parcel(orderId, 'WH-DUBLIN', 999))))).name).toBe('IdempotencyConflict');
    expect((await errorOf(create(request(orderId, undefined, executionArn('other'))))).name).toBe('IdempotencyConflict');
    expect(await shipments(orderId)).toEqual(before);
  });

  it('rejects a bad input with InvalidInput naming the field, and writes nothing', async () => {
    const orderId = newOrderId('bad');
    const error = await errorOf(create(request(orderId, { ...parcel(orderId, 'WH-DUBLIN', 1350), weightGrams: -5 })));
    expect(error.name).toBe('InvalidInput');
    expect(error.message.startsWith('parcel.weightGrams: ')).toBe(true);
    expect(await shipments(orderId)).toEqual([]);
  });
});

describe('CancelShipments', () => {
  const parcelIdsOf = (orderId: string) => [parcel(orderId, 'WH-BERLIN', 2000).parcelId, parcel(orderId, 'WH-DUBLIN', 1350).parcelId];

  async function twoParcels(orderId: string) {
    const dublin = await create(request(orderId, parcel(orderId, 'WH-DUBLIN', 1350)));
    const berlin = await create(request(orderId, parcel(orderId, 'WH-BERLIN', 2000, [{ sku: 'SKU-LAMP-003', quantity: 1 }])));
    return [berlin.shipmentId, dublin.shipmentId]; // the table's order: by parcelId
  }

  it('cancels every shipment the execution created', async () => {
    const orderId = newOrderId('cancel');
    const ids = await twoParcels(orderId);
    expect(await cancel({ orderId, executionId: executionArn(orderId), parcelIds: parcelIdsOf(orderId) })).toEqual({ cancelled: ids });
    expect((await shipments(orderId)).map(({ status }) => status)).toEqual(['CANCELLED', 'CANCELLED']);
    expect(logs.lines()).toContainEqual(expect.objectContaining({ orderId, message: 'CancelShipments succeeded' }));
  });

  it('answers a second cancel the same, changing nothing', async () => {
    const orderId = newOrderId('cancel-twice');
    const ids = await twoParcels(orderId);
    const first = await cancel({ orderId, executionId: executionArn(orderId), parcelIds: parcelIdsOf(orderId) });
    const rows = await shipments(orderId);
    expect(await cancel({ orderId, executionId: executionArn(orderId), parcelIds: parcelIdsOf(orderId) })).toEqual(first);
    expect(first).toEqual({ cancelled: ids });
    expect(await shipments(orderId)).toEqual(rows);
  });

  it('answers two interleaved cancels alike', async () => {
    const orderId = newOrderId('cancel-race');
    const ids = await twoParcels(orderId);
    const [a, b] = await Promise.all([
      cancel({ orderId, executionId: executionArn(orderId), parcelIds: parcelIdsOf(orderId) }),
      cancel({ orderId, executionId: executionArn(orderId), parcelIds: parcelIdsOf(orderId) }),
    ]);
    expect(a).toEqual({ cancelled: ids });
    expect(b).toEqual(a);
    expect((await shipments(orderId)).map(({ status }) => status)).toEqual(['CANCELLED', 'CANCELLED']);
  });

  it("never cancels another execution's shipments, and has nothing to cancel without any", async () => {
    const orderId = newOrderId('cancel-other');
    await twoParcels(orderId);
    expect(await cancel({ orderId, executionId: executionArn('duplicate'), parcelIds: [] })).toEqual({ cancelled: [] });
    expect((await shipments(orderId)).map(({ status }) => status)).toEqual(['CREATED', 'CREATED']);
    expect(await cancel({ orderId: newOrderId('cancel-none'), executionId: executionArn('x'), parcelIds: [] })).toEqual({ cancelled: [] });
  });

  it('rejects a bad input with InvalidInput, and changes nothing', async () => {
    const orderId = newOrderId('cancel-bad');
    await twoParcels(orderId);
    const error = await errorOf(cancel({ orderId: 'not an id!', executionId: executionArn(orderId), parcelIds: parcelIdsOf(orderId) }));
    expect(error.name).toBe('InvalidInput');
    expect(error.message.startsWith('orderId: ')).toBe(true);
    expect((await shipments(orderId)).map(({ status }) => status)).toEqual(['CREATED', 'CREATED']);
  });

  it('withdraws the parcels not booked yet, so a CreateShipment still running then books nothing', async () => {
    const orderId = newOrderId('cancel-fence');
    const dublin = await create(request(orderId, parcel(orderId, 'WH-DUBLIN', 1350)));
    const berlin = parcel(orderId, 'WH-BERLIN', 2000, [{ sku: 'SKU-LAMP-003', quantity: 1 }]);
    expect(await cancel({ orderId, executionId: executionArn(orderId), parcelIds: [berlin.parcelId, dublin.parcelId] })).toEqual({
      cancelled: [dublin.shipmentId],
    });
    const late = await errorOf(create(request(orderId, berlin)));
    expect(late.name).toBe('ShipmentCancelled');
    expect(late.message).toContain(berlin.parcelId);
    // The withdrawn parcel holds no shipment, and a second cancel answers the same.
    expect((await shipments(orderId)).map(({ parcelId, status, shipmentId }) => ({ parcelId, status, booked: shipmentId !== undefined }))).toEqual([
      { parcelId: berlin.parcelId, status: 'CANCELLED', booked: false },
      { parcelId: dublin.parcelId, status: 'CANCELLED', booked: true },
    ]);
    expect(await cancel({ orderId, executionId: executionArn(orderId), parcelIds: [berlin.parcelId, dublin.parcelId] })).toEqual({
      cancelled: [dublin.shipmentId],
    });
  });

  it('answers two overlapping cancels of parcels not booked yet alike, withdrawing each once', async () => {
    const orderId = newOrderId('withdraw-race');
    const berlin = parcel(orderId, 'WH-BERLIN', 2000, [{ sku: 'SKU-LAMP-003', quantity: 1 }]);
    const owner = { orderId, executionId: executionArn(orderId), parcelIds: [berlin.parcelId] };
    const [a, b] = await Promise.all([cancel(owner), cancel(owner)]);
    expect(a).toEqual({ cancelled: [] });
    expect(b).toEqual(a);
    expect((await shipments(orderId)).map(({ parcelId, status, shipmentId }) => ({ parcelId, status, shipmentId }))).toEqual([
      { parcelId: berlin.parcelId, status: 'CANCELLED', shipmentId: undefined },
    ]);
    expect((await errorOf(create(request(orderId, berlin)))).name).toBe('ShipmentCancelled');
  });

  it('a booking racing the withdrawal either lands and is cancelled, or is refused: never left CREATED', async () => {
    const orderId = newOrderId('cancel-race-book');
    const berlin = parcel(orderId, 'WH-BERLIN', 2000, [{ sku: 'SKU-LAMP-003', quantity: 1 }]);
    const [booking] = await Promise.allSettled([
      create(request(orderId, berlin)),
      cancel({ orderId, executionId: executionArn(orderId), parcelIds: [berlin.parcelId] }),
    ]);
    const rows = await shipments(orderId);
    expect(rows).toHaveLength(1);
    if (booking.status === 'rejected') expect((booking.reason as Error).name).toBe('ShipmentCancelled');
    // Whichever came first, a second cancel leaves nothing booked.
    await cancel({ orderId, executionId: executionArn(orderId), parcelIds: [berlin.parcelId] });
    expect((await shipments(orderId)).map(({ status }) => status)).toEqual(['CANCELLED']);
  });
});
