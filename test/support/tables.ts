import { randomUUID } from 'node:crypto';
import { CreateTableCommand, type DynamoDBClient, type KeySchemaElement } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { catalog, type CatalogItem } from '../../seed/catalog';

/** The four tables of docs/design.md, with the same key schemas as the stack's. */
export interface TableNames {
  orders: string;
  inventory: string;
  payments: string;
  shipments: string;
}

const KEYS: Record<keyof TableNames, { partition: string; sort?: string }> = {
  orders: { partition: 'orderId' },
  inventory: { partition: 'sku' },
  payments: { partition: 'orderId', sort: 'entry' },
  shipments: { partition: 'orderId', sort: 'parcelId' },
};

/** A prefix no other test file (or rerun against a shared DynamoDB Local) uses. */
export function uniquePrefix(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}`;
}

/** Creates the four tables under `prefix` (DynamoDB Local creates them ACTIVE at once). */
export async function createTables(client: DynamoDBClient, prefix: string): Promise<TableNames> {
  const names: TableNames = {
    orders: `${prefix}-orders`,
    inventory: `${prefix}-inventory`,
    payments: `${prefix}-payments`,
    shipments: `${prefix}-shipments`,
  };
  await Promise.all(
    (Object.keys(KEYS) as (keyof TableNames)[]).map((table) => {
      const { partition, sort } = KEYS[table];
      const keySchema: KeySchemaElement[] = [{ AttributeName: partition, KeyType: 'HASH' }];
      if (sort) keySchema.push({ AttributeName: sort, KeyType: 'RANGE' });
      return client.send(
        new CreateTableCommand({
          TableName: names[table],
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: keySchema,
          AttributeDefinitions: keySchema.map(({ AttributeName }) => ({ AttributeName, AttributeType: 'S' })),
        }),
      );
    }),
  );
  return names;
}

/** The environment the stack gives the functions, pointing at these tables. */
export function tableEnvironment(names: TableNames): Record<string, string> {
  return {
    ORDERS_TABLE: names.orders,
    INVENTORY_TABLE: names.inventory,
    PAYMENTS_TABLE: names.payments,
    SHIPMENTS_TABLE: names.shipments,
  };
}

/** Writes the catalogue (or the given items) into the inventory table. */
export async function seedInventory(client: DynamoDBClient, table: string, items: readonly CatalogItem[] = catalog): Promise<void> {
  const documents = DynamoDBDocumentClient.from(client);
  for (let start = 0; start < items.length; start += 25) {
    await documents.send(
      new BatchWriteCommand({
        RequestItems: { [table]: items.slice(start, start + 25).map((item) => ({ PutRequest: { Item: { ...item } } })) },
      }),
    );
  }
}
