import { SHARED_ENDPOINT_VARIABLE, startDynamoDbLocal } from '../dynamodb-local';
import { startEmulator } from '../emulator';
import { keptAssemblyDir, synthesizeOrderSaga } from '../emulator/assembly';
import { FaultLab } from './fault-lab';

export interface FaultLabs {
  labs: FaultLab[];
  stop(): Promise<void>;
}

/**
 * Emulators side by side, so runs that mostly wait (timeouts, backoffs) overlap: one synthesized app,
 * one DynamoDB Local JVM, and a database of its own per emulator (an access key of its own each).
 */
export async function startFaultLabs(count: number): Promise<FaultLabs> {
  const synthesized = synthesizeOrderSaga(keptAssemblyDir('fault-lab-assembly'));
  const ownDatabase = process.env[SHARED_ENDPOINT_VARIABLE] ? undefined : await startDynamoDbLocal();
  if (ownDatabase) process.env[SHARED_ENDPOINT_VARIABLE] = ownDatabase.endpoint;
  const labs: FaultLab[] = [];
  const stop = async () => {
    await Promise.all(labs.map((lab) => lab.emulator.stop()));
    if (ownDatabase) {
      delete process.env[SHARED_ENDPOINT_VARIABLE];
      await ownDatabase.stop();
    }
  };
  try {
    // One at a time: each warms ten functions' environments, which is CPU-bound.
    for (let i = 0; i < count; i++) labs.push(new FaultLab(await startEmulator({ synthesized }), synthesized));
  } catch (error) {
    await stop();
    throw error;
  }
  return { labs, stop };
}
