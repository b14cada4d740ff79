import { randomUUID } from 'node:crypto';
import { Clock } from './clock';
import { InvalidDefinitionError } from './errors';
import { History } from './history';
import { compileState, ExecutionInfo, StateMachine } from './machine';
import type { StateProbe } from './probe';
import { decideOnError } from './retry-catch';
import { StopToken, type Env, type StateRun, type StateRuntime } from './runtime';
import type { Def, QueryLanguage } from './state-common';
import { catchError, toStatesError } from './state-runner';
import type { EngineOptions } from './types';
import { VariableScope } from './variables';

/**
 * One state run on its own, as TestState runs it: the state's own input and output processing
 * and its own work (a Task's call, which `EngineOptions.mockTask` may answer; a Parallel's
 * branches or a Map's iterations, which a probe may stand in for), then the decision the state's
 * Retry and Catch take on an error, reported instead of carried out.
 */
export type SingleStateStatus = 'SUCCEEDED' | 'FAILED' | 'RETRIABLE' | 'CAUGHT_ERROR';

export interface SingleStateRun {
  input: unknown;
  /** Workflow variables visible to the state. */
  variables?: Record<string, unknown>;
  /** The whole context object (`$$`, `$states.context`); the engine builds its own without it. */
  context?: Record<string, unknown>;
  /** Retries the matching retrier already made; a retrier with attempts left makes the run RETRIABLE. */
  retryCount?: number;
  probe?: StateProbe;
}

export interface SingleStateResult {
  status: SingleStateStatus;
  /** The state's output (SUCCEEDED) or its catcher's output (CAUGHT_ERROR). */
  output?: unknown;
  nextState?: string;
  error?: string;
  cause?: string;
  /** RETRIABLE: which retrier retries, and its backoff before any jitter. */
  retry?: { retrier: number; backoffSeconds: number };
  /** CAUGHT_ERROR: which catcher took the error. */
  catcher?: number;
  /** The variables once the state is done: those given, with what it assigned. */
  variables: Record<string, unknown>;
}

export interface FoundState {
  definition: Def;
  /** The language of the list the state is in (its own QueryLanguage may still override it). */
  listLanguage: QueryLanguage;
  machineLanguage: QueryLanguage;
}

function parse(definition: object | string): Def {
  if (typeof definition !== 'string') return definition as Def;
  try {
    return JSON.parse(definition);
  } catch (e) {
    throw new InvalidDefinitionError(undefined, undefined, `the definition is not JSON: ${(e as Error).message}`);
  }
}

/**
 * Finds a state by name anywhere in a machine: its top-level States, Parallel branches and Map
 * item processors (which run in the machine's own language unless they declare theirs).
 */
export function findState(machine: Def, stateName: string): FoundState | undefined {
  const machineLanguage: QueryLanguage = machine.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath';
  const search = (list: Def | undefined, listLanguage: QueryLanguage): FoundState | undefined => {
    const states = list?.States;
    if (states === null || typeof states !== 'object') return undefined;
    if (Object.prototype.hasOwnProperty.call(states, stateName)) return { definition: states[stateName], listLanguage, machineLanguage };
    for (const state of Object.values<Def>(states)) {
      const nested: Def[] = [...(Array.isArray(state?.Branches) ? state.Branches : []), state?.ItemProcessor, state?.Iterator].filter(Boolean);
      for (const n of nested) {
        const found = search(n, n.QueryLanguage === 'JSONata' ? 'JSONata' : machineLanguage);
        if (found) return found;
      }
    }
    return undefined;
  };
  return search(machine, machineLanguage);
}

export class SingleState {
  private constructor(
    private readonly state: StateRuntime,
    /** The state's own definition. */
    readonly definition: Def,
    readonly queryLanguage: QueryLanguage,
    private readonly options: EngineOptions,
  ) {}

  get name(): string {
    return this.state.name;
  }
  get type(): StateRuntime['type'] {
    return this.state.type;
  }

  /** A state given alone; its transitions may name states that are not there. */
  static fromState(definition: object | string, name: string, options: EngineOptions = {}): SingleState {
    const def = parse(definition);
    if (def === null || typeof def !== 'object' || Array.isArray(def)) throw new InvalidDefinitionError(name, undefined, 'a state must be a JSON object');
    const ql: QueryLanguage = def.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath';
    return new SingleState(compileState(name, def, ql, ql), def, ql, options);
  }

  /**
   * A state picked by name in a full machine, which is validated whole first (InvalidDefinitionError);
   * undefined when no state has that name.
   */
  static fromMachine(definition: object | string, stateName: string, options: EngineOptions = {}): SingleState | undefined {
    const machine = parse(definition);
    new StateMachine(machine, options);
    const found = findState(machine, stateName);
    if (!found) return undefined;
    const state = compileState(stateName, found.definition, found.listLanguage, found.machineLanguage);
    const ql: QueryLanguage = found.definition.QueryLanguage ?? found.listLanguage;
    return new SingleState(state, found.definition, ql, options);
  }

  /** Runs the state once; `options` add to the engine options for this run (e.g. a mockTask). */
  async run(r: SingleStateRun, options: Partial<EngineOptions> = {}): Promise<SingleStateResult> {
    const clock = new Clock(0);
    // the run records its events like an execution (error texts name the entered event), unseen
    const history = new History(() => clock.now());
    const o = { ...this.options, ...options };
    const smName = o.stateMachineName ?? 'StateMachine';
    const name = randomUUID();
    const execution = {
      Id: `arn:aws:states:${o.region ?? 'us-east-1'}:${o.accountId ?? '123456789012'}:execution:${smName}:${name}`,
      Input: r.input,
      Name: name,
      StartTime: clock.now(),
    };
    const stateMachine = { Id: `arn:aws:states:${o.region ?? 'us-east-1'}:${o.accountId ?? '123456789012'}:stateMachine:${smName}`, Name: smName };
    const exec = new ExecutionInfo(o, clock, execution, stateMachine, r.context);
    const vars = new VariableScope();
    if (r.variables) vars.assign(r.variables);
    const lane = { last: 0 };
    const stop = new StopToken();
    const env: Env = { exec, history, lane, vars, stop, probe: r.probe };
    const retryCount = r.retryCount ?? 0;
    const run: StateRun = {
      enteredEventId: history.stateEntered(lane, this.state.type, this.state.name, r.input),
      enteredTime: clock.now(),
      retryCount,
      retryable: this.state.type === 'Task' || this.state.type === 'Map' || this.state.type === 'Parallel',
    };
    const variables = (assigned?: Record<string, unknown>) => ({ ...vars.bindings(), ...(assigned ?? {}) });
    try {
      const done = await this.state.execute(r.input, env, run);
      return { status: 'SUCCEEDED', output: done.output, nextState: done.next, variables: variables(done.assigned) };
    } catch (e) {
      const err = toStatesError(e);
      const failed = { error: err.error, cause: err.causeText };
      const decision = decideOnError(this.state.retriers, this.state.catchers, err.error, () => retryCount);
      if (decision.kind === 'retry') {
        return { status: 'RETRIABLE', ...failed, retry: { retrier: decision.retrier, backoffSeconds: decision.backoffSeconds }, variables: variables() };
      }
      if (decision.kind === 'fail') return { status: 'FAILED', ...failed, variables: variables() };
      try {
        const caught = await catchError(this.state, r.input, err, decision.catcher, env, run);
        return { status: 'CAUGHT_ERROR', ...failed, output: caught.output, nextState: caught.next, catcher: decision.catcher, variables: variables(caught.assigned) };
      } catch (e2) {
        // the catcher's own Output or Assign failed: that error ends the state
        const err2 = toStatesError(e2);
        return { status: 'FAILED', error: err2.error, cause: err2.causeText, variables: variables() };
      }
    } finally {
      stop.stopped = true;
      clock.stop();
    }
  }
}
