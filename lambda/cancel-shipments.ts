import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from './shared/clients';
import { InvalidInput } from './shared/errors';
import { instrument, logger } from './shared/logger';
import { executionId, object, orderId, parseOrThrow } from './shared/schemas';
import { isConditionalCheckFailed } from './shared/transactions';

const input = object({ orderId, executionId });

export interface CancelResult {
  cancelled: string[];
}

interface ShipmentRow {
  parcelId: string;
  shipmentId: string;
  executionId: string;
  status: 'CREATED' | 'CANCELLED';
}

/**
 * CancelShipments (compensation): cancels every shipment this execution created for the order
 * (the Map may have booked some parcels before another failed). Each cancel is conditional on the
 * shipment still being CREATED, and the answer lists all of this execution's cancelled shipments,
 * so a second or concurrent call changes nothing and answers the same.
 */
export const handler = instrument('CancelShipments', async (event: unknown): Promise<CancelResult> => {
  const request = parseOrThrow(input, event, (message) => new InvalidInput(message));
  const table = tableName('SHIPMENTS_TABLE');
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
  logger.info('shipments cancelled', { shipments: ours.length, changed });
  return { cancelled: ours.map(({ shipmentId }) => shipmentId) };
});

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
