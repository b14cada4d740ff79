/**
 * The local server as the server tests use it: one per test file on a free port, from a
 * synthesized assembly kept between runs (its bundles are keyed by their sources' hash), with the
 * unmodified @aws-sdk/client-sfn and client-eventbridge pointed at it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SFNClient, DescribeExecutionCommand, type DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { keptAssemblyDir, synthesizeOrderSaga, type SynthesizedStack } from '../../../local/emulator/assembly';
import { startLocalServer, type LocalServer, type LocalServerOptions } from '../../../local/server/start-server';

// Node 20 is supported here (package.json engines); the SDK's notice about Node 22 is noise in a report.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const PROJECT_ROOT = path.join(__dirname, '..', '..', '..');
export const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
export const ROLE_ARN = 'arn:aws:iam::000000000000:role/test-role';

/** Starting a server synthesizes (cached), connects to DynamoDB Local and starts the functions. */
export const SERVER_START_TIMEOUT_MS = 120_000;

let synthesized: SynthesizedStack | undefined;
/** The app synthesized once per test file (a synth takes seconds even with its bundles kept). */
export function synthesizedApp(): SynthesizedStack {
  return (synthesized ??= synthesizeOrderSaga(keptAssemblyDir('server-tests-assembly')));
}

export function startTestServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  return startLocalServer({ port: 0, synthesized: synthesizedApp(), ...options });
}

export function sfnClient(server: LocalServer): SFNClient {
  // StartSyncExecution and TestState carry the `sync-` host prefix, which 127.0.0.1 cannot take.
  return new SFNClient({ endpoint: server.url, region: 'us-east-1', credentials: CREDENTIALS, disableHostPrefix: true, maxAttempts: 1 });
}

export function eventsClient(server: LocalServer): EventBridgeClient {
  return new EventBridgeClient({ endpoint: server.url, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1 });
}

export function example<T = Record<string, any>>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'examples', name), 'utf8')) as T;
}

/** Polls DescribeExecution until the execution has ended (bounded by the test's own timeout). */
export async function waitForEnd(client: SFNClient, executionArn: string): Promise<DescribeExecutionCommandOutput> {
  for (;;) {
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== 'RUNNING') return described;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A definition of one Pass state, JSONPath. */
export function passDefinition(result: unknown = { done: true }): string {
  return JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: result, End: true } } });
}

/** A definition that waits `seconds` (workflow time; the server's time scale shortens it) and then passes its input on. */
export function waitDefinition(seconds: number): string {
  return JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: seconds, Next: 'Done' }, Done: { Type: 'Pass', End: true } } });
}
