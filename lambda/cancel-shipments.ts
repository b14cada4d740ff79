import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from './shared/clients';
import { InvalidInput } from './shared/errors';
import { instrument, logger } from './shared/logger';
import { executionId, list, object, orderId, parcelId, parseOrThrow } from './shared/schemas';
import { isConditionalCheckFailed } from './shared/transactions';

const input = object({ orderId, executionId, parcelIds: list(parcelId, 0, 50) });

export interface CancelResult {
  cancelled: string[];
}

interface ShipmentRow {
  parcelId: string;
  /** Absent on a parcel withdrawn before it was booked. */
  shipmentId?: string;
  executionId: string;
  status: 'CREATED' | 'CANCELLED';
}

/**
 * CancelShipments (compensation): cancels every shipment this execution created for the order
 * (the Map may have booked some parcels before another failed). Each cancel is conditional on the
 * shipment still being CREATED, and the answer lists all of this execution's cancelled shipments,
 * so a second or concurrent call changes nothing and answers the same.
 *
 * A parcel of the order not booked yet is withdrawn: a CANCELLED row without a shipment. When one
 * Map iteration fails, Step Functions stops waiting for the others, but a CreateShipment already
 * running still finishes; the withdrawn row makes it refuse instead of booking after the undo.
 */
export const handler = instrument('CancelShipments', async (event: unknown): Promise<CancelResult> => {
  const request = parseOrThrow(input, event, (message) => new InvalidInput(message));
  const table = tableName('SHIPMENTS_TABLE');
  const booked = new Set((await shipmentsOf(request.orderId)).map((row) => row.parcelId));
  const withdrawn = await withdrawUnbooked(request, request.parcelIds.filter((id) => !booked.has(id)));
  const ours = (await shipmentsOf(request.orderId)).filter((row) => row.executionId === request.executionId);

  let changed = 0;
  for (const row of ours.filter(({ status }) => status === 'CREATED')) {
    try {
      await dynamo.send(
        new UpdateCommand({
          TableName: table,
          Key: { orderId: request.orderId, parcelId: row.parcelId },
          UpdateExpression: 'SET #status = :cancelled, updatedAt = :now',
          ConditionExpression: '#status = :created AND executionId = :executionId',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':cancelled': 'CANCELLED',
            ':created': 'CREATED',
            ':executionId': request.executionId,
            ':now': new Date().toISOString(),
          },
        }),
      );
      changed++;
    } catch (error) {
      // Already cancelled by a concurrent call: the outcome we want.
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
  logger.info('shipments cancelled', { shipments: ours.length, changed, withdrawn });
  return { cancelled: ours.flatMap(({ shipmentId }) => (shipmentId ? [shipmentId] : [])) };
});

/** Writes a CANCELLED row for each parcel not booked yet, unless a booking lands first. */
async function withdrawUnbooked(request: { orderId: string; executionId: string }, parcelIds: string[]): Promise<number> {
  let withdrawn = 0;
  for (const id of parcelIds) {
    const now = new Date().toISOString();
    try {
      await dynamo.send(
        new PutCommand({
          TableName: tableName('SHIPMENTS_TABLE'),
          Item: { orderId: request.orderId, parcelId: id, executionId: request.executionId, status: 'CANCELLED', createdAt: now, updatedAt: now },
          ConditionExpression: 'attribute_not_exists(parcelId)',
        }),
      );
      withdrawn++;
    } catch (error) {
      // Booked meanwhile (then it is cancelled below), or withdrawn by a concurrent call.
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
  return withdrawn;
}

/** Every shipment row of the order, in parcelId order (the table's sort key). */
async function shipmentsOf(id: string): Promise<ShipmentRow[]> {
  const rows: ShipmentRow[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tableName('SHIPMENTS_TABLE'),
        KeyConditionExpression: 'orderId = :orderId',
        ExpressionAttributeValues: { ':orderId': id },
        ProjectionExpression: 'parcelId, shipmentId, executionId, #status',
        ExpressionAttributeNames: { '#status': 'status' },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    rows.push(...((page.Items ?? []) as ShipmentRow[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return rows;
}
