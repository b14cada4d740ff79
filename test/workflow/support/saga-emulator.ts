/**
 * The emulator as the workflow tests use it: one per test file, from a synthesized assembly kept
 * between runs (bundles are keyed by their sources' hash, so a warm cache skips esbuild), inside the
 * project so the bundles find the AWS SDK the Lambda runtime would provide.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startEmulator, type Emulator } from '../../../local/emulator';
import { handlerFunctionIds, keptAssemblyDir, synthesizeOrderSaga } from '../../../local/emulator/assembly';
import { HandlerName, SAGA_NAME_METADATA } from '../../../lib/functions/handler-specs';

const PROJECT_ROOT = path.join(__dirname, '..', '..', '..');

export interface SagaEmulator {
  emulator: Emulator;
  /** A handler's function, as `injectFaults` names it (its logical id, from the template's metadata). */
  functionId(handler: HandlerName): string;
}

export async function startSagaEmulator(): Promise<SagaEmulator> {
  const synthesized = synthesizeOrderSaga(keptAssemblyDir('workflow-tests-assembly'));
  const emulator = await startEmulator({
    synthesized,
    // The emulator's default time scale: a 10 s wait takes 1 s, a 15 s task timeout 1.5 s.
    // WORKFLOW_LOGS=1 shows what the handlers log, to see why a path went another way.
    onFunctionLog: process.env.WORKFLOW_LOGS ? (name, line) => console.log(`[${name}] ${line}`) : undefined,
  });
  const ids = handlerFunctionIds(synthesized.template);
  return {
    emulator,
    functionId(handler) {
      const id = ids.get(handler);
      if (!id) throw new Error(`the template has no function with ${SAGA_NAME_METADATA} = ${handler}`);
      return id;
    },
  };
}

/** An example order (or event entry list) from examples/, parsed. */
export function example<T = Record<string, any>>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'examples', name), 'utf8')) as T;
}
