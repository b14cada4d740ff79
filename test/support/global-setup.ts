import { JavaMissingError, SHARED_ENDPOINT_VARIABLE, startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb-local';

/**
 * One DynamoDB Local for the whole jest run: a JVM takes seconds to start, and the handler, engine
 * and workflow tests all need one. Test files keep their data apart by table prefixes or, for the
 * emulator's fixed table names, by an access key of their own (DynamoDB Local separates by key).
 */
export default async function globalSetup(): Promise<void> {
  let db: DynamoDbLocal;
  try {
    db = await startDynamoDbLocal();
  } catch (error) {
    // Without Java, the tests that need DynamoDB Local fail one by one with the sentence that says
    // so (each tries to start its own); the others still run.
    if (error instanceof JavaMissingError) return;
    throw error;
  }
  // Test workers are forked after this and inherit the variable.
  process.env[SHARED_ENDPOINT_VARIABLE] = db.endpoint;
  (globalThis as { sharedDynamoDbLocal?: DynamoDbLocal }).sharedDynamoDbLocal = db;
}
