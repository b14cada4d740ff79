import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * One DynamoDB document client per execution environment, created outside the handlers so warm
 * invocations reuse its connections. The endpoint comes from the SDK's standard configuration
 * (on AWS the regional one; locally `AWS_ENDPOINT_URL_DYNAMODB`), so there is no local-only code here.
 */
export const dynamo = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1' }),
  { marshallOptions: { removeUndefinedValues: true } },
);

/** The table a handler works on, from the environment the stack sets; a missing one is a deployment bug. */
export function tableName(variable: 'ORDERS_TABLE' | 'INVENTORY_TABLE' | 'PAYMENTS_TABLE' | 'SHIPMENTS_TABLE'): string {
  const name = process.env[variable];
  if (!name) throw new Error(`${variable} is not set: the function needs the name of its table`);
  return name;
}
