import type { Clock } from './clock';
import { ExecutionStopped } from './errors';
import type { History, Lane } from './history';
import type { PathRoots } from './json-path';
import type { StateProbe } from './probe';
import type { Retrier } from './retry-catch';
import type { EngineOptions } from './types';
import type { VariableScope } from './variables';

/** What one running execution shares across its lanes. */
export interface ExecutionCtx {
  readonly options: EngineOptions;
  readonly clock: Clock;
  readonly contextBase: { Execution: Record<string, unknown>; StateMachine: Record<string, unknown> };
  /** A context object given whole (TestState's `context`): states see it instead of the built one. */
  readonly contextOverride?: Record<string, unknown>;
  /** The number of earlier invocations of the state in this execution; each call counts one more. */
  invocation(stateName: string): number;
}

/** A cancellation flag; a branch's token is stopped when its parent's is. */
export class StopToken {
  stopped = false;
  constructor(private readonly parent?: StopToken) {}
  get isStopped(): boolean {
    return this.stopped || (this.parent !== undefined && this.parent.isStopped);
  }
  check(): void {
    if (this.isStopped) throw new ExecutionStopped();
  }
}

/** One lane of execution: the top-level flow, a Parallel branch or a Map iteration. */
export interface Env {
  readonly exec: ExecutionCtx;
  readonly history: History;
  readonly lane: Lane;
  readonly vars: VariableScope;
  readonly stop: StopToken;
  /** $$.Map.Item inside a Map iteration's ItemSelector. */
  readonly mapItem?: { Index: number; Value: unknown };
  /** Set only on the lane of a state run on its own (single-state.ts), never in executions. */
  readonly probe?: StateProbe;
}

/** Facts about the current visit of a state (for the context object and error texts). */
export interface StateRun {
  enteredEventId: number;
  enteredTime: number;
  retryCount: number;
  /** Task, Parallel and Map states show State.RetryCount in the context object. */
  retryable: boolean;
}

export interface StepResult {
  output: unknown;
  /** The next state; undefined when the state ends its flow. */
  next?: string;
  /** Variables to assign when the state exits. */
  assigned?: Record<string, unknown>;
}

export interface Catcher {
  errorEquals: string[];
  next: string;
  /** Builds the state's output and assignments from the error output (per query language). */
  handle(rawInput: unknown, errorOutput: { Error: string; Cause?: string }, env: Env, run: StateRun, stateName: string): StepResult | Promise<StepResult>;
}

export interface StateRuntime {
  readonly name: string;
  readonly type: 'Pass' | 'Task' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map';
  readonly retriers: Retrier[];
  readonly catchers: Catcher[];
  execute(input: unknown, env: Env, run: StateRun): StepResult | Promise<StepResult>;
  /** Records the state's own failure event once no retrier will run it again. */
  onFinalFailure?(env: Env, error: string): void;
}

export interface StateList {
  readonly startAt: string;
  readonly states: Map<string, StateRuntime>;
}

export function contextObject(env: Env, run: StateRun, stateName: string): Record<string, unknown> {
  const override = env.exec.contextOverride;
  if (override) return env.mapItem ? { ...override, Map: { Item: env.mapItem } } : override;
  const ctx: Record<string, unknown> = {
    Execution: env.exec.contextBase.Execution,
    StateMachine: env.exec.contextBase.StateMachine,
    State: run.retryable
      ? { Name: stateName, EnteredTime: new Date(run.enteredTime).toISOString(), RetryCount: run.retryCount }
      : { Name: stateName, EnteredTime: new Date(run.enteredTime).toISOString() },
  };
  if (env.mapItem) ctx.Map = { Item: env.mapItem };
  return ctx;
}

/**
 * Path roots for JSONPath evaluation in a state: $, $$ (built only when read) and $variables; the
 * JSONata `$states` binding extends it (jsonata-io.ts).
 */
export class StateRoots implements PathRoots {
  private ctx?: Record<string, unknown>;
  constructor(
    readonly input: unknown,
    private readonly env: Env,
    private readonly run: StateRun,
    private readonly stateName: string,
  ) {}
  get context(): Record<string, unknown> {
    return (this.ctx ??= contextObject(this.env, this.run, this.stateName));
  }
  variable(name: string) {
    return this.env.vars.lookup(name);
  }
}

export function pathRoots(input: unknown, env: Env, run: StateRun, stateName: string): PathRoots {
  return new StateRoots(input, env, run, stateName);
}
