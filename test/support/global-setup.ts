import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JavaMissingError, SHARED_ENDPOINT_VARIABLE, startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb-local';
import { isAlive } from './process-alive';

/**
 * First the run's own temp folder, then one DynamoDB Local for the whole jest run.
 *
 * The temp folder: every temporary file of the run goes into one folder inside the OS temp folder.
 * TMPDIR points at it before the workers are forked, so `os.tmpdir()` in every test file, and in
 * every process a test starts (the AWS CLI, tsx, Chromium), answers with it. That catches what no
 * test names: CDK's `cdk.out*` assemblies of an `App` without `outdir` (CDK's own clean-up on exit
 * does not run in a jest worker), the per-worker assemblies of test/support/synth.ts, the `mkdtemp`
 * folder of a test that failed before its clean-up. The global teardown removes it; a run killed
 * before its teardown leaves one, which the next run removes (its process is gone by then).
 *
 * DynamoDB Local: a JVM takes seconds to start, and the handler, engine and workflow tests all need
 * one. Test files keep their data apart by table prefixes or by an access key of their own (DynamoDB
 * Local keeps a database per key), which lets tables keep the names the template gives them.
 */
export default async function globalSetup(): Promise<void> {
  const runDir = createRunTempDir(os.tmpdir());
  // Test workers are forked after this and inherit the variables (os.tmpdir() reads TMPDIR).
  process.env[ORIGINAL_ENVIRONMENT_VARIABLE] = JSON.stringify({ TMPDIR: process.env.TMPDIR, JAVA_TOOL_OPTIONS: process.env.JAVA_TOOL_OPTIONS });
  process.env[RUN_TMPDIR_VARIABLE] = runDir;
  process.env.TMPDIR = runDir;
  // A JVM ignores TMPDIR: DynamoDB Local's SQLite unpacks its native library into java.io.tmpdir
  // (removed when the JVM exits, left when it is killed), and every JVM keeps a file in
  // /tmp/hsperfdata_<user> while it runs, for jps and jstat, which no test uses.
  process.env.JAVA_TOOL_OPTIONS = [process.env.JAVA_TOOL_OPTIONS, `-Djava.io.tmpdir=${runDir}`, '-XX:-UsePerfData'].filter(Boolean).join(' ');

  let db: DynamoDbLocal;
  try {
    db = await startDynamoDbLocal();
  } catch (error) {
    // Without Java, the tests that need DynamoDB Local fail one by one with the sentence that says
    // so (each tries to start its own); the others still run.
    if (error instanceof JavaMissingError) return;
    throw error;
  }
  process.env[SHARED_ENDPOINT_VARIABLE] = db.endpoint;
  (globalThis as { sharedDynamoDbLocal?: DynamoDbLocal }).sharedDynamoDbLocal = db;
}

const RUN_DIR_PREFIX = 'order-saga-test-run-';
/** TMPDIR and JAVA_TOOL_OPTIONS as they were before the run (JSON), restored by the teardown. */
export const ORIGINAL_ENVIRONMENT_VARIABLE = 'ORDER_SAGA_ORIGINAL_ENVIRONMENT';
/** The run's temp folder, removed by the teardown. */
export const RUN_TMPDIR_VARIABLE = 'ORDER_SAGA_RUN_TMPDIR';

/** Creates the run's folder in `parent`, after removing those of runs whose process is gone. */
function createRunTempDir(parent: string): string {
  for (const name of fs.readdirSync(parent)) {
    const pid = name.startsWith(RUN_DIR_PREFIX) ? Number(name.slice(RUN_DIR_PREFIX.length)) : NaN;
    if (Number.isInteger(pid) && pid > 0 && !isAlive(pid)) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
  }
  const dir = path.join(parent, `${RUN_DIR_PREFIX}${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir);
  return dir;
}

export function removeRunTempDir(dir: string): void {
  // Retries: a process the run started may still be closing a file in it on a loaded machine.
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}
