import { ExecutionStopped, StatesError } from './errors';
import { decideOnError, retryDelaySeconds } from './retry-catch';
import type { Env, StateList, StateRun, StateRuntime, StepResult } from './runtime';

/**
 * Runs states the same way whatever their type: record the entry, execute, on error consult
 * Retry then Catch, record the exit. Synchronous states stay synchronous (no promise per state),
 * which keeps simple machines fast.
 */
export function toStatesError(e: unknown): StatesError {
  if (e instanceof StatesError) return e;
  if (e instanceof ExecutionStopped) throw e;
  const err = e as { message?: string };
  return new StatesError('States.Runtime', `Internal error: ${err?.message ?? String(e)}`);
}

export function runState(state: StateRuntime, input: unknown, env: Env): StepResult | Promise<StepResult> {
  const run: StateRun = {
    enteredEventId: env.history.stateEntered(env.lane, state.type, state.name, input),
    enteredTime: env.exec.clock.now(),
    retryCount: 0,
    retryable: state.type === 'Task' || state.type === 'Map' || state.type === 'Parallel',
  };
  return attempt(state, input, env, run, undefined);
}

function attempt(state: StateRuntime, input: unknown, env: Env, run: StateRun, attempts: number[] | undefined): StepResult | Promise<StepResult> {
  let r: StepResult | Promise<StepResult>;
  try {
    r = state.execute(input, env, run);
  } catch (e) {
    return onError(state, input, env, run, attempts, e);
  }
  if (r instanceof Promise) {
    return r.then(
      (ok) => exit(state, env, ok),
      (e) => onError(state, input, env, run, attempts, e),
    );
  }
  return exit(state, env, r);
}

/** Step Functions' limit on a state's output: 256 KiB. */
const LIMIT_BYTES = 256 * 1024;

function exit(state: StateRuntime, env: Env, r: StepResult): StepResult {
  // one serialisation serves the size limit and the history
  const text = r.output === undefined ? 'null' : JSON.stringify(r.output);
  if (text.length > LIMIT_BYTES / 4 && Buffer.byteLength(text) > LIMIT_BYTES) {
    throw new StatesError('States.DataLimitExceeded', `The state/task '${state.name}' returned a result with a size exceeding the maximum number of bytes service limit.`);
  }
  if (r.assigned) env.vars.assign(r.assigned);
  env.history.stateExited(env.lane, state.type, state.name, r.output, r.assigned, text);
  return r;
}

function onError(state: StateRuntime, input: unknown, env: Env, run: StateRun, attempts: number[] | undefined, e: unknown): StepResult | Promise<StepResult> {
  const err = toStatesError(e);
  env.stop.check();
  const decision = decideOnError(state.retriers, state.catchers, err.error, (i) => attempts?.[i] ?? 0);
  if (decision.kind === 'retry') {
    attempts ??= new Array<number>(state.retriers.length).fill(0);
    const delay = retryDelaySeconds(state.retriers[decision.retrier], attempts[decision.retrier]);
    attempts[decision.retrier]++;
    run.retryCount++;
    return env.exec.clock.sleep(delay).then(() => {
      env.stop.check();
      return attempt(state, input, env, run, attempts);
    });
  }
  if (state.onFinalFailure) state.onFinalFailure(env, err.error);
  if (decision.kind === 'catch') {
    const handled = catchError(state, input, err, decision.catcher, env, run);
    if (handled instanceof Promise) return handled.then((r) => exit(state, env, r), (e2) => fail(state, env, toStatesError(e2)));
    return exit(state, env, handled);
  }
  return fail(state, env, err);
}

/** The catcher's output and assignments, from the error output `{Error, Cause}`. */
export function catchError(state: StateRuntime, input: unknown, err: StatesError, catcher: number, env: Env, run: StateRun): StepResult | Promise<StepResult> {
  const errorOutput: { Error: string; Cause?: string } = { Error: err.error };
  if (err.causeText !== undefined) errorOutput.Cause = err.causeText;
  return state.catchers[catcher].handle(input, errorOutput, env, run, state.name);
}

function fail(state: StateRuntime, env: Env, err: StatesError): never {
  // reported once, by the innermost state that raised it
  if (err.evaluation) {
    env.history.evaluationFailed(env.lane, state.name, err.error, err.causeText);
    throw new StatesError(err.error, err.causeText, false);
  }
  throw err;
}

/** Runs a state list (the machine, a branch, an item processor) from StartAt to an end. */
export async function runStates(list: StateList, input: unknown, env: Env): Promise<unknown> {
  let state = list.states.get(list.startAt)!;
  for (;;) {
    env.stop.check();
    let r = runState(state, input, env);
    if (r instanceof Promise) r = await r;
    if (r.next === undefined) return r.output;
    state = list.states.get(r.next)!;
    input = r.output;
  }
}
