import { randomUUID } from 'node:crypto';
import { Clock } from './clock';
import { ExecutionStopped, InvalidDefinitionError, StatesError } from './errors';
import { History } from './history';
import { StopToken, type Env, type ExecutionCtx, type StateList, type StateRuntime } from './runtime';
import { checkListFields, checkStateFields } from './definition-fields';
import { checkFieldsForLanguage, type Def, type QueryLanguage, type StateCompiler } from './state-common';
import { runStates } from './state-runner';
import { compileChoice } from './states/choice';
import { compileFail } from './states/fail';
import { compileMap } from './states/map';
import { compileParallel } from './states/parallel';
import { compilePass } from './states/pass';
import { compileSucceed } from './states/succeed';
import { compileTask } from './states/task';
import { compileWait } from './states/wait';
import type { AbortDetails, EngineOptions, ExecutionResult, StartOptions } from './types';
import { VariableScope } from './variables';

const COMPILERS: Record<string, StateCompiler> = {
  Pass: compilePass,
  Task: compileTask,
  Choice: compileChoice,
  Wait: compileWait,
  Succeed: compileSucceed,
  Fail: compileFail,
  Parallel: compileParallel,
  Map: compileMap,
};

/** Every state name a state can transition to, with the field that names it. */
function transitions(def: Def): [string, unknown][] {
  const out: [string, unknown][] = [];
  if (def.Next !== undefined) out.push(['Next', def.Next]);
  if (def.Default !== undefined) out.push(['Default', def.Default]);
  (Array.isArray(def.Choices) ? def.Choices : []).forEach((c: Def, i: number) => out.push([`Choices[${i}]/Next`, c?.Next]));
  (Array.isArray(def.Catch) ? def.Catch : []).forEach((c: Def, i: number) => out.push([`Catch[${i}]/Next`, c?.Next]));
  return out;
}

/**
 * Compiles one state, named `name`, whose enclosing list runs in `inherited`. `machineQl` is the
 * machine's own language, which nested lists (Parallel branches, Map item processors) inherit:
 * AWS validates the states inside a JSONata Map of a JSONPath machine as JSONPath states.
 */
export function compileState(name: string, sdef: Def, inherited: QueryLanguage, machineQl: QueryLanguage): StateRuntime {
  if (name.length > 80) throw new InvalidDefinitionError(name, undefined, 'state names are at most 80 characters');
  if (sdef === null || typeof sdef !== 'object') throw new InvalidDefinitionError(name, undefined, 'a state must be a JSON object');
  const compiler = COMPILERS[sdef.Type];
  if (!compiler) throw new InvalidDefinitionError(name, 'Type', `unknown state type ${JSON.stringify(sdef.Type)}`);
  const sql = (sdef.QueryLanguage ?? inherited) as QueryLanguage;
  if (sql !== 'JSONPath' && sql !== 'JSONata') throw new InvalidDefinitionError(name, 'QueryLanguage', `must be JSONPath or JSONata, got ${JSON.stringify(sdef.QueryLanguage)}`);
  if (machineQl === 'JSONata' && sql === 'JSONPath') throw new InvalidDefinitionError(name, 'QueryLanguage', 'a JSONPath state cannot appear where the query language is JSONata');
  checkFieldsForLanguage(sdef, name, sql);
  if ((sdef.Type === 'Fail' || sdef.Type === 'Succeed') && sdef.Next !== undefined) {
    throw new InvalidDefinitionError(name, 'Next', `a ${sdef.Type} state is terminal: it cannot have Next`);
  }
  checkStateFields(sdef, name);
  return compiler({ name, def: sdef, ql: sql, compileList: (d, f) => compileList(d, machineQl, f, name, machineQl) });
}

/**
 * Compiles the machine (`where` empty) or a nested list: a Parallel branch or a Map's item
 * processor, where `owner` is the Parallel or Map state and `where` the field holding the list.
 */
function compileList(def: Def, inherited: QueryLanguage, where: string, owner?: string, machineQl?: QueryLanguage): StateList {
  if (def === null || typeof def !== 'object' || Array.isArray(def)) throw new InvalidDefinitionError(owner, where || undefined, 'a state machine must be a JSON object');
  const field = (f: string) => (where ? `${where}/${f}` : f);
  checkListFields(def, owner, where);
  const ql = (def.QueryLanguage ?? inherited) as QueryLanguage;
  if (ql !== 'JSONPath' && ql !== 'JSONata') throw new InvalidDefinitionError(owner, field('QueryLanguage'), `must be JSONPath or JSONata, got ${JSON.stringify(def.QueryLanguage)}`);
  if (typeof def.StartAt !== 'string') throw new InvalidDefinitionError(owner, field('StartAt'), 'StartAt must name the first state');
  if (def.States === null || typeof def.States !== 'object' || Array.isArray(def.States) || Object.keys(def.States).length === 0) {
    throw new InvalidDefinitionError(owner, field('States'), 'States must be a non-empty object');
  }
  if (!(def.StartAt in def.States)) throw new InvalidDefinitionError(owner, field('StartAt'), `StartAt names '${def.StartAt}', which is not a state`);
  const states = new Map<string, StateRuntime>();
  for (const [name, sdef] of Object.entries<Def>(def.States)) {
    const state = compileState(name, sdef, ql, machineQl ?? ql);
    for (const [f, target] of transitions(sdef)) {
      if (typeof target !== 'string' || !(target in def.States)) throw new InvalidDefinitionError(name, f, `${JSON.stringify(target)} is not a state in this scope`);
    }
    states.set(name, state);
  }
  // AWS refuses states that no transition leads to
  const reached = new Set<string>([def.StartAt]);
  const queue = [def.StartAt as string];
  while (queue.length > 0) {
    for (const [, target] of transitions(def.States[queue.pop()!])) {
      if (!reached.has(target as string)) {
        reached.add(target as string);
        queue.push(target as string);
      }
    }
  }
  for (const name of Object.keys(def.States)) {
    if (!reached.has(name)) throw new InvalidDefinitionError(name, undefined, `the state cannot be reached from StartAt '${def.StartAt}'`);
  }
  return { startAt: def.StartAt, states };
}

/** What the states of one execution share; the context object's base is built only when read. */
export class ExecutionInfo implements ExecutionCtx {
  private base?: ExecutionCtx['contextBase'];
  private readonly invocations = new Map<string, number>();
  constructor(
    readonly options: EngineOptions,
    readonly clock: Clock,
    private readonly execution: Record<string, unknown> & { StartTime: number },
    private readonly stateMachine: Record<string, unknown>,
    readonly contextOverride?: Record<string, unknown>,
  ) {}
  get contextBase(): ExecutionCtx['contextBase'] {
    return (this.base ??= {
      Execution: { ...this.execution, StartTime: new Date(this.execution.StartTime).toISOString() },
      StateMachine: this.stateMachine,
    });
  }
  invocation(stateName: string): number {
    const n = this.invocations.get(stateName) ?? 0;
    this.invocations.set(stateName, n + 1);
    return n;
  }
}

/**
 * The error and cause an aborted execution reports: StopExecution's own when the abort reason
 * carries them (`{ error, cause }`), otherwise the engine's default.
 */
function abortDetails(reason: unknown): AbortDetails {
  if (reason !== null && typeof reason === 'object' && !(reason instanceof Error) && ('error' in reason || 'cause' in reason)) {
    const { error, cause } = reason as Record<string, unknown>;
    return { error: typeof error === 'string' ? error : undefined, cause: typeof cause === 'string' ? cause : undefined };
  }
  return { error: 'States.Aborted', cause: 'The execution was aborted.' };
}

/** A state machine built once from its definition and run any number of times, concurrently. */
export class StateMachine {
  readonly definition: Def;
  private readonly root: StateList;
  private readonly timeoutSeconds?: number;
  private readonly options: EngineOptions;
  readonly stateMachineArn: string;

  constructor(definition: object | string, options: EngineOptions = {}) {
    let def: Def;
    if (typeof definition === 'string') {
      try {
        def = JSON.parse(definition);
      } catch (e) {
        throw new InvalidDefinitionError(undefined, undefined, `the definition is not JSON: ${(e as Error).message}`);
      }
    } else def = definition as Def;
    this.definition = def;
    this.options = options;
    if (def && def.TimeoutSeconds !== undefined && (!Number.isInteger(def.TimeoutSeconds) || def.TimeoutSeconds <= 0)) {
      throw new InvalidDefinitionError(undefined, 'TimeoutSeconds', 'must be a positive integer');
    }
    this.root = compileList(def, 'JSONPath', '');
    this.timeoutSeconds = def.TimeoutSeconds;
    this.stateMachineArn = `arn:aws:states:${options.region ?? 'us-east-1'}:${options.accountId ?? '123456789012'}:stateMachine:${options.stateMachineName ?? 'StateMachine'}`;
  }

  async start(input: unknown = {}, start: StartOptions = {}): Promise<ExecutionResult> {
    const o = this.options;
    const name = start.name ?? randomUUID();
    const clock = new Clock(o.timeScale ?? 1);
    const history = new History(() => clock.now(), start.onEvent);
    // Once the execution has ended (stopped in `finally`), what still runs in it records nothing:
    // no event follows ExecutionAborted or ExecutionTimedOut.
    const stop = new StopToken();
    const lane = { last: 0, stop };
    const smName = o.stateMachineName ?? 'StateMachine';
    const executionArn = `arn:aws:states:${o.region ?? 'us-east-1'}:${o.accountId ?? '123456789012'}:execution:${smName}:${name}`;
    const roleArn = `arn:aws:iam::${o.accountId ?? '123456789012'}:role/StepFunctionsLocalRole`;
    const exec = new ExecutionInfo(o, clock, { Id: executionArn, Input: input, Name: name, RoleArn: roleArn, StartTime: clock.now(), RedriveCount: 0 }, { Id: this.stateMachineArn, Name: smName });
    const env: Env = { exec, history, lane, vars: new VariableScope(), stop };
    history.executionStarted(lane, input, roleArn, this.stateMachineArn);
    const result = (status: ExecutionResult['status'], extra: Partial<ExecutionResult>): ExecutionResult => ({ status, executionArn, name, history: history.events, ...extra });

    const ending: Promise<{ kind: 'timeout' | 'abort' }>[] = [];
    let timer: { cancel(): void } | undefined;
    let onAbort: (() => void) | undefined;
    if (this.timeoutSeconds !== undefined) {
      const t = clock.timer(this.timeoutSeconds);
      timer = t;
      ending.push(t.promise.then(() => ({ kind: 'timeout' as const })));
    }
    const aborted = () => {
      const { error, cause } = abortDetails(start.signal?.reason);
      history.executionAborted(lane, error, cause);
      return result('ABORTED', { error, cause });
    };
    if (start.signal) {
      const signal = start.signal;
      ending.push(
        new Promise((resolve) => {
          if (signal.aborted) resolve({ kind: 'abort' });
          onAbort = () => resolve({ kind: 'abort' });
          signal.addEventListener('abort', onAbort, { once: true });
        }),
      );
    }
    try {
      if (start.signal?.aborted) throw new ExecutionStopped();
      let outcome: { kind: 'done'; output: unknown } | { kind: 'timeout' | 'abort' };
      let running: Promise<unknown> | undefined;
      if (ending.length === 0) outcome = { kind: 'done', output: await runStates(this.root, input, env) };
      else {
        running = runStates(this.root, input, env).then((output) => ({ kind: 'done' as const, output }));
        outcome = await Promise.race([running as Promise<{ kind: 'done'; output: unknown }>, ...ending]);
      }
      if (outcome.kind === 'done') {
        history.executionSucceeded(lane, outcome.output);
        return result('SUCCEEDED', { output: outcome.output });
      }
      running?.catch(() => undefined);
      if (outcome.kind === 'timeout') {
        const cause = 'The execution timed out.';
        history.executionTimedOut(lane, 'States.Timeout', cause);
        return result('TIMED_OUT', { error: 'States.Timeout', cause });
      }
      return aborted();
    } catch (e) {
      if (e instanceof StatesError) {
        history.executionFailed(lane, e.error, e.causeText);
        return result('FAILED', { error: e.error, cause: e.causeText });
      }
      if (e instanceof ExecutionStopped) return aborted();
      const message = (e as Error)?.message ?? String(e);
      history.executionFailed(lane, 'States.Runtime', `Internal error: ${message}`);
      return result('FAILED', { error: 'States.Runtime', cause: `Internal error: ${message}` });
    } finally {
      stop.stopped = true;
      timer?.cancel();
      if (onAbort) start.signal!.removeEventListener('abort', onAbort);
      clock.stop();
    }
  }
}
