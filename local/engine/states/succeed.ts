import { compileJsonataIO, finishJsonata, statesBinding } from '../jsonata-io';
import { applyInputPath, applyOutputPath, compileJsonPathIO } from '../jsonpath-io';
import { pathRoots, type StateRuntime } from '../runtime';
import type { CompileCtx } from '../state-common';

/** Succeed: ends its flow successfully with its (processed) input. */
export function compileSucceed({ name, def, ql }: CompileCtx): StateRuntime {
  const base = { name, type: 'Succeed' as const, retriers: [], catchers: [] };
  if (ql === 'JSONata') {
    const io = compileJsonataIO(def, name);
    if (!io.output) return { ...base, execute: (input) => ({ output: input }) };
    return {
      ...base,
      execute: async (input, env, run) => ({ output: (await finishJsonata(io, statesBinding(input, env, run, name), input, env, run, name)).output }),
    };
  }
  const io = compileJsonPathIO(def, name);
  return {
    ...base,
    execute: (input, env, run) => {
      const effective = applyInputPath(io, pathRoots(input, env, run, name), name, run);
      env.probe?.record('afterInputPath', effective);
      return { output: applyOutputPath(io, pathRoots(effective, env, run, name), name, run) };
    },
  };
}
