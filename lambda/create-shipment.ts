import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { carrierFor } from './shared/carriers';
import { dynamo, tableName } from './shared/clients';
import { InvalidInput, ParcelUndeliverable, ShipmentCancelled } from './shared/errors';
import { assertSameRequest, requestHash } from './shared/idempotency';
import { instrument, logger } from './shared/logger';
import { executionId, object, orderId, parcel, parseOrThrow } from './shared/schemas';
import { isConditionalCheckFailed } from './shared/transactions';

const input = object({ orderId, executionId, parcel });

export interface Shipment {
  parcelId: string;
  shipmentId: string;
  carrier: string;
  trackingNumber: string;
}

interface ShipmentRow extends Shipment {
  orderId: string;
  executionId: string;
  warehouse: string;
  status: 'CREATED' | 'CANCELLED';
  requestHash: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * CreateShipment: books a carrier for one parcel (one Map iteration). The shipment row, keyed by
 * orderId and parcelId, is written only if absent, so a repeat gets the first booking back and
 * two concurrent calls book once.
 */
export const handler = instrument('CreateShipment', async (event: unknown): Promise<Shipment> => {
  const request = parseOrThrow(input, event, (message) => new InvalidInput(message));
  const hash = requestHash(request.parcel);
  const key = { orderId: request.orderId, parcelId: request.parcel.parcelId };
  const table = tableName('SHIPMENTS_TABLE');

  for (;;) {
    const { Item } = await dynamo.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
    if (Item) {
      const row = Item as ShipmentRow;
      if (row.status === 'CANCELLED') {
        throw new ShipmentCancelled(`parcel ${row.parcelId} was cancelled by the order's compensation; it is not booked again`);
      }
      assertSameRequest(row, request.executionId, hash, `parcel ${row.parcelId}`);
      return shipmentOf(row);
    }

    const carrier = carrierFor(request.parcel.weightGrams);
    if (!carrier) {
      throw new ParcelUndeliverable(`parcel ${request.parcel.parcelId} weighs ${request.parcel.weightGrams} g: no carrier takes more than 30000 g`);
    }
    const now = new Date().toISOString();
    const row: ShipmentRow = {
      ...key,
      shipmentId: `shp_${randomUUID()}`,
      executionId: request.executionId,
      warehouse: request.parcel.warehouse,
      carrier,
      trackingNumber: randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase(),
      status: 'CREATED',
      requestHash: hash,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await dynamo.send(new PutCommand({ TableName: table, Item: row, ConditionExpression: 'attribute_not_exists(parcelId)' }));
    } catch (error) {
      if (isConditionalCheckFailed(error)) continue; // a concurrent call booked it first: answer with its booking
      throw error;
    }
    logger.info('shipment created', { parcelId: row.parcelId, shipmentId: row.shipmentId, carrier });
    return shipmentOf(row);
  }
});

function shipmentOf({ parcelId, shipmentId, carrier, trackingNumber }: Shipment): Shipment {
  return { parcelId, shipmentId, carrier, trackingNumber };
}
