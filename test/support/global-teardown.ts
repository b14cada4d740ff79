import type { DynamoDbLocal } from '../../local/dynamodb-local';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { sharedDynamoDbLocal?: DynamoDbLocal }).sharedDynamoDbLocal?.stop();
}
