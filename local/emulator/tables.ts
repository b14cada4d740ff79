import { CreateTableCommand, CreateTableCommandInput, DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** The part of an `AWS::DynamoDB::Table` resource that shapes the table (keys and indexes). */
export interface TableResource {
  logicalId: string;
  tableName: string;
  properties: Record<string, unknown>;
}

/**
 * Creates a table in DynamoDB Local as the template defines it: key schema, attribute definitions and
 * indexes. Billing, point-in-time recovery and encryption have no local effect and are left out.
 */
export async function createTableFromTemplate(client: DynamoDBClient, table: TableResource): Promise<void> {
  const p = table.properties as {
    KeySchema: CreateTableCommandInput['KeySchema'];
    AttributeDefinitions: CreateTableCommandInput['AttributeDefinitions'];
    GlobalSecondaryIndexes?: Array<Record<string, unknown>>;
    LocalSecondaryIndexes?: Array<Record<string, unknown>>;
  };
  await client.send(
    new CreateTableCommand({
      TableName: table.tableName,
      KeySchema: p.KeySchema,
      AttributeDefinitions: p.AttributeDefinitions,
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: p.GlobalSecondaryIndexes?.map((index) => ({
        IndexName: index.IndexName as string,
        KeySchema: index.KeySchema as CreateTableCommandInput['KeySchema'],
        Projection: index.Projection as { ProjectionType: 'ALL' },
      })),
      LocalSecondaryIndexes: p.LocalSecondaryIndexes?.map((index) => ({
        IndexName: index.IndexName as string,
        KeySchema: index.KeySchema as CreateTableCommandInput['KeySchema'],
        Projection: index.Projection as { ProjectionType: 'ALL' },
      })),
    }),
  );
}
