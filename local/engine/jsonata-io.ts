import { compileJsonata, type JsonataTemplate, type StatesBinding } from './jsonata-eval';
import { StateRoots, type Env, type StateRun } from './runtime';

/**
 * JSONata input and output processing: Arguments (what a Task or Map item receives), Output (the
 * state's output, by default its result or input) and Assign. Assign and Output both see the
 * variables as they were when the state was entered; the new values apply when the state exits.
 */
export interface JsonataIO {
  arguments?: JsonataTemplate;
  output?: JsonataTemplate;
  assign?: JsonataTemplate;
}

export function compileJsonataIO(def: Record<string, unknown>, state: string): JsonataIO {
  const io: JsonataIO = {};
  if (def.Arguments !== undefined) io.arguments = compileJsonata(def.Arguments, state, 'Arguments');
  if (def.Output !== undefined) io.output = compileJsonata(def.Output, state, 'Output');
  if (def.Assign !== undefined) io.assign = compileJsonata(def.Assign, state, 'Assign');
  return io;
}

/** `$states`, with `context` built only when an expression reads it. */
class LazyStates extends StateRoots implements StatesBinding {
  result?: unknown;
  errorOutput?: unknown;
}

export function statesBinding(input: unknown, env: Env, run: StateRun, stateName: string): StatesBinding {
  return new LazyStates(input, env, run, stateName);
}

export function site(stateName: string, run: StateRun) {
  return { stateName, enteredEventId: run.enteredEventId };
}

/** Evaluates Assign then Output for a state that produced `states` (result or errorOutput set). */
export async function finishJsonata(
  io: { output?: JsonataTemplate; assign?: JsonataTemplate },
  states: StatesBinding,
  defaultOutput: unknown,
  env: Env,
  run: StateRun,
  stateName: string,
): Promise<{ output: unknown; assigned?: Record<string, unknown> }> {
  const s = site(stateName, run);
  const assigned = io.assign ? ((await io.assign.evaluate(states, env.vars, s)) as Record<string, unknown>) : undefined;
  const output = io.output ? await io.output.evaluate(states, env.vars, s) : defaultOutput;
  return { output, assigned };
}
