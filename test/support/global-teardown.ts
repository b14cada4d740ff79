import type { DynamoDbLocal } from '../../local/dynamodb-local';
import { ORIGINAL_ENVIRONMENT_VARIABLE, removeRunTempDir, RUN_TMPDIR_VARIABLE } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  try {
    await (globalThis as { sharedDynamoDbLocal?: DynamoDbLocal }).sharedDynamoDbLocal?.stop();
  } finally {
    // After the JVM and the workers: nothing of the run writes into its temp folder any more.
    const runDir = process.env[RUN_TMPDIR_VARIABLE];
    if (runDir) removeRunTempDir(runDir);
    const original = JSON.parse(process.env[ORIGINAL_ENVIRONMENT_VARIABLE] ?? '{}') as Record<string, string | undefined>;
    for (const name of ['TMPDIR', 'JAVA_TOOL_OPTIONS']) {
      if (original[name] === undefined) delete process.env[name];
      else process.env[name] = original[name];
    }
    delete process.env[RUN_TMPDIR_VARIABLE];
    delete process.env[ORIGINAL_ENVIRONMENT_VARIABLE];
  }
}
