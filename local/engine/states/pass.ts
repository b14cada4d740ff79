import { InvalidDefinitionError } from '../errors';
import { compileJsonataIO, finishJsonata, statesBinding } from '../jsonata-io';
import { applyInputPath, applyOutputPath, applyResultPath, compileJsonPathIO, evaluateAssign, evaluateTemplate } from '../jsonpath-io';
import { pathRoots, type StateRuntime } from '../runtime';
import { compileCatchers, nextOf, type CompileCtx } from '../state-common';

/** Pass: passes its input (or Result / Parameters / Output) to its output. */
export function compilePass({ name, def, ql }: CompileCtx): StateRuntime {
  const next = nextOf(def, name);
  const base = { name, type: 'Pass' as const, retriers: [], catchers: compileCatchers({}, name, ql) };
  if (ql === 'JSONata') {
    if (def.Result !== undefined) throw new InvalidDefinitionError(name, 'Result', 'Result is not supported in a JSONata state; use Output');
    const io = compileJsonataIO(def, name);
    if (!io.output && !io.assign) return { ...base, execute: (input) => ({ output: input, next }) };
    return {
      ...base,
      execute: async (input, env, run) => {
        const r = await finishJsonata(io, statesBinding(input, env, run, name), input, env, run, name);
        return { output: r.output, assigned: r.assigned, next };
      },
    };
  }
  const io = compileJsonPathIO(def, name);
  const result = def.Result;
  if (result !== undefined) {
    // Result is the output of a virtual task: InputPath and Parameters do not shape it (AWS's
    // TestState shows no afterInputPath or afterParameters for such a state).
    return {
      ...base,
      execute: (input, env, run) => {
        env.probe?.record('result', result);
        env.probe?.record('afterResultSelector', result);
        const assigned = io.assign ? evaluateAssign(io, pathRoots(result, env, run, name), name, run) : undefined;
        const combined = applyResultPath(io, input, result, name, run);
        env.probe?.record('afterResultPath', combined);
        const output = io.outputPath === undefined ? combined : applyOutputPath(io, pathRoots(combined, env, run, name), name, run);
        return { output, assigned, next };
      },
    };
  }
  return {
    ...base,
    execute: (input, env, run) => {
      const effective = applyInputPath(io, pathRoots(input, env, run, name), name, run);
      env.probe?.record('afterInputPath', effective);
      const value = io.parameters ? evaluateTemplate(io.parameters, pathRoots(effective, env, run, name), name, run) : effective;
      env.probe?.record('afterParameters', value);
      env.probe?.record('afterResultSelector', value);
      const assigned = io.assign ? evaluateAssign(io, pathRoots(value, env, run, name), name, run) : undefined;
      const combined = applyResultPath(io, input, value, name, run);
      env.probe?.record('afterResultPath', combined);
      const output = io.outputPath === undefined ? combined : applyOutputPath(io, pathRoots(combined, env, run, name), name, run);
      return { output, assigned, next };
    },
  };
}
