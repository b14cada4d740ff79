import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal, type DynamoDbLocal } from '../support/dynamodb-local';
import { createTables, seedInventory, tableEnvironment, uniquePrefix, type TableNames } from '../support/tables';

/** Starting the JVM takes about 2 s here; leave room on a loaded 2-core machine. */
export const START_TIMEOUT_MS = 60_000;

/** An address whose every field is distinctive, so a leak into the logs cannot go unnoticed. */
export const ADDRESS = {
  name: 'Ada Lovelace',
  line1: '221B Quillfeather Lane',
  city: 'Zanzibarton',
  postalCode: 'QX9 7ZZ',
  country: 'IE',
};

export interface LocalTables {
  db: DynamoDbLocal;
  names: TableNames;
  documents: DynamoDBDocumentClient;
}

/**
 * One DynamoDB Local for the calling test file, its tables under a unique prefix, seeded with the
 * catalogue, and the environment the stack gives the functions. Import handlers only after this
 * resolved (their DynamoDB client reads the endpoint and region when the module loads).
 */
export async function startLocalTables(label: string): Promise<LocalTables> {
  const db = await startDynamoDbLocal();
  const names = await createTables(db.client, uniquePrefix(label));
  await seedInventory(db.client, names.inventory);
  Object.assign(process.env, tableEnvironment(names), {
    AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    POWERTOOLS_SERVICE_NAME: 'order-saga-test',
  });
  return { db, names, documents: DynamoDBDocumentClient.from(db.client) };
}

/**
 * Captures what the handlers log. Powertools Logger writes JSON lines through its own Console on
 * process.stdout (info) and process.stderr (warn, error), so the capture sits on both streams'
 * `write`: JSON lines are kept (and kept out of the test output), anything else passes through.
 */
export function captureLogs(): { text(): string; lines(): Record<string, unknown>[]; clear(): void; restore(): void } {
  const chunks: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) => {
    const write = stream.write.bind(stream) as (chunk: string | Uint8Array) => boolean;
    return jest.spyOn(stream, 'write').mockImplementation(((chunk: string | Uint8Array) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      if (!text.startsWith('{')) return write(chunk);
      chunks.push(text);
      return true;
    }) as typeof stream.write);
  });
  const text = () => chunks.join('');
  return {
    text,
    lines: () =>
      text()
        .split('\n')
        .filter((line) => line.trim().startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    clear: () => void chunks.splice(0),
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  };
}

/** A stand-in for the Lambda context: only the remaining time is read (by tok_timeout_after_charge). */
export function lambdaContext(remainingMs: number): { getRemainingTimeInMillis(): number } {
  return { getRemainingTimeInMillis: () => remainingMs };
}

/** A fresh orderId per test, so tests in a file never share rows. */
let counter = 0;
export function newOrderId(label: string): string {
  counter += 1;
  return `ord-${label}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

export const executionArn = (name: string) => `arn:aws:states:us-east-1:123456789012:execution:OrderSaga:${name}`;

/** The rejection of a promise, for asserting on a named error (fails the test if it resolved). */
export async function errorOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
