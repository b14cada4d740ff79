import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SAGA_NAME_METADATA, TABLE_ENV, type TableName } from '../../lib/functions/handler-specs';
import { STACK_NAME } from '../../lib/order-saga-app';
import { sagaNamedIds } from '../../local/emulator/assembly';
import { deployTables } from '../../local/emulator/deploy-time-calls';
import { describeLocalStack, type LocalStack } from '../../local/emulator/local-stack';
import { LOCAL_REGION, startDynamoDbLocal, type DynamoDbLocal } from '../support/dynamodb-local';
import type { CfnTemplate } from '../support/render-definition';
import { synthesizeOrderSaga } from '../support/synth';

/**
 * Synthesizing (once per jest worker, test/support/synth.ts) and starting the JVM take seconds each;
 * leave room on a loaded 2-core machine.
 */
export const START_TIMEOUT_MS = 120_000;

/** An address whose every field is distinctive, so a leak into the logs cannot go unnoticed. */
export const ADDRESS = {
  name: 'Ada Lovelace',
  line1: '221B Quillfeather Lane',
  city: 'Zanzibarton',
  postalCode: 'QX9 7ZZ',
  country: 'IE',
};

/** The four tables of docs/design.md, by the short names the stack gives them, as named locally. */
export type TableNames = Record<TableName, string>;

export interface LocalTables {
  db: DynamoDbLocal;
  names: TableNames;
  documents: DynamoDBDocumentClient;
}

/**
 * The stack's four tables in DynamoDB Local, created as the synthesized template defines them (keys,
 * attribute types, indexes) and seeded by the template's own deploy-time call, as a deploy seeds them;
 * and the environment the stack gives the functions, pointing at them. A database of the calling
 * test file's own (an access key of its own), so the tables keep the names the emulator gives them.
 * Import handlers only after this resolved (their DynamoDB client reads the endpoint, region and
 * credentials when the module loads).
 */
export async function startLocalTables(): Promise<LocalTables> {
  const { assemblyDir, template } = synthesizeOrderSaga();
  const stack = describeLocalStack({ stackName: STACK_NAME, assemblyDir, template });
  const db = await startDynamoDbLocal({ isolated: true });
  await deployTables(db.client, stack);
  Object.assign(process.env, tableEnvironment(stack), {
    AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: db.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: db.credentials.secretAccessKey,
    POWERTOOLS_SERVICE_NAME: 'order-saga-test',
  });
  return { db, names: tableNames(template, stack), documents: DynamoDBDocumentClient.from(db.client) };
}

/** Each table's local name by the short name the stack's metadata gives it (`orders`). */
function tableNames(template: CfnTemplate, stack: LocalStack): TableNames {
  const ids = sagaNamedIds(template, 'AWS::DynamoDB::Table');
  const missing = (Object.keys(TABLE_ENV) as TableName[]).filter((name) => !ids.has(name));
  if (missing.length > 0) throw new Error(`the template has no table with ${SAGA_NAME_METADATA} ${missing.join(', ')}`);
  return Object.fromEntries([...ids].map(([name, logicalId]) => [name, stack.names.get(logicalId)!])) as TableNames;
}

/**
 * The table variables the stack gives its functions (each gets those of the tables it uses), over
 * all of them: the tests import several handlers into one process.
 */
function tableEnvironment(stack: LocalStack): Record<string, string> {
  const variables = new Set(Object.values(TABLE_ENV));
  const environment: Record<string, string> = {};
  for (const fn of stack.functions) {
    for (const [variable, value] of Object.entries(fn.environment)) {
      if (!variables.has(variable)) continue;
      if (environment[variable] !== undefined && environment[variable] !== value) {
        throw new Error(`the functions disagree on ${variable}: ${environment[variable]} and ${value}`);
      }
      environment[variable] = value;
    }
  }
  const missing = [...variables].filter((variable) => environment[variable] === undefined);
  if (missing.length > 0) throw new Error(`no function of the template gets ${missing.join(', ')}`);
  return environment;
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
