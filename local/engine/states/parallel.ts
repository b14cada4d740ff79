import { InvalidDefinitionError } from '../errors';
import { compileJsonataIO, finishJsonata, statesBinding } from '../jsonata-io';
import { applyInputPath, applyOutputPath, applyResultPath, compileJsonPathIO, evaluateAssign, evaluateTemplate } from '../jsonpath-io';
import { pathRoots, StopToken, type Env, type StateList, type StateRuntime, type StepResult } from '../runtime';
import { compileCatchers, compileRetriers, nextOf, type CompileCtx } from '../state-common';
import { runStates, toStatesError } from '../state-runner';

/**
 * Runs every branch on the same input, concurrently. The first failure fails the state at once,
 * as on AWS: the other branches run on, unobserved, and stop at their next state.
 */
export async function runBranches(branches: StateList[], input: unknown, env: Env): Promise<unknown[]> {
  const { history, lane } = env;
  history.progress(lane, 'ParallelStateStarted');
  const stop = new StopToken(env.stop);
  const startedId = lane.last;
  const lanes = branches.map(() => ({ last: startedId, stop }));
  let failParallel!: (e: unknown) => void;
  const failed = new Promise<never>((_, reject) => (failParallel = reject));
  const all = Promise.all(
    branches.map((branch, i) =>
      runStates(branch, input, { ...env, lane: lanes[i], vars: env.vars.child(), stop, probe: undefined }).catch((e) => {
        if (!stop.isStopped) {
          stop.stopped = true;
          failParallel(e);
        }
        return undefined;
      }),
    ),
  );
  let results: unknown[];
  try {
    results = await Promise.race([all, failed]);
  } catch (e) {
    env.stop.check();
    throw toStatesError(e);
  } finally {
    // lanes stop recording once `stop` is stopped, so this takes no event of a branch left behind
    for (const l of lanes) lane.last = Math.max(lane.last, l.last);
  }
  env.stop.check();
  history.progress(lane, 'ParallelStateSucceeded');
  return results;
}

/** The branches' results, or what a probe (TestState's mock) gives in their place. */
function branchResults(branches: StateList[], input: unknown, env: Env): Promise<unknown> {
  if (env.probe?.work) return Promise.resolve(env.probe.work({ type: 'Parallel', input, branches: branches.length }));
  return runBranches(branches, input, env);
}

export function compileParallel({ name, def, ql, compileList }: CompileCtx): StateRuntime {
  if (!Array.isArray(def.Branches) || def.Branches.length === 0) throw new InvalidDefinitionError(name, 'Branches', 'a Parallel state needs a non-empty Branches array');
  const branches = def.Branches.map((b: unknown, i: number) => compileList(b as never, `Branches[${i}]`));
  const next = nextOf(def, name);
  const base = {
    name,
    type: 'Parallel' as const,
    retriers: compileRetriers(def, name),
    catchers: compileCatchers(def, name, ql),
    onFinalFailure: (env: Env) => void env.history.progress(env.lane, 'ParallelStateFailed'),
  };
  if (ql === 'JSONata') {
    const io = compileJsonataIO(def, name);
    return {
      ...base,
      execute: async (input, env, run): Promise<StepResult> => {
        const states = statesBinding(input, env, run, name);
        const branchInput = io.arguments ? await io.arguments.evaluate(states, env.vars, { stateName: name, enteredEventId: run.enteredEventId }) : input;
        states.result = await branchResults(branches, branchInput, env);
        const r = await finishJsonata(io, states, states.result, env, run, name);
        return { output: r.output, assigned: r.assigned, next };
      },
    };
  }
  const io = compileJsonPathIO(def, name);
  return {
    ...base,
    execute: async (input, env, run): Promise<StepResult> => {
      const effective = applyInputPath(io, pathRoots(input, env, run, name), name, run);
      const branchInput = io.parameters ? evaluateTemplate(io.parameters, pathRoots(effective, env, run, name), name, run) : effective;
      let result: unknown = await branchResults(branches, branchInput, env);
      if (io.resultSelector) result = evaluateTemplate(io.resultSelector, pathRoots(result, env, run, name), name, run);
      // AWS's TestState shows a Parallel state's processing from here on only
      env.probe?.record('afterResultSelector', result);
      const assigned = evaluateAssign(io, pathRoots(result, env, run, name), name, run);
      const combined = applyResultPath(io, input, result, name, run);
      env.probe?.record('afterResultPath', combined);
      const output = io.outputPath === undefined ? combined : applyOutputPath(io, pathRoots(combined, env, run, name), name, run);
      return { output, assigned, next };
    },
  };
}
