/**
 * What one execution's history says was taken: the states entered and, for each state left, the
 * transition that left it. Events are linked per lane (the top level, a Parallel branch, a Map
 * iteration) by previousEventId, so "B entered right after A exited" is read along a lane, never
 * across interleaved branches.
 */
import jsonata from 'jsonata';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { firstMatchingRule, Transition, WorkflowGraph } from './workflow-graph';

export interface TakenTransitions {
  states: Set<string>;
  transitions: Set<string>;
  /**
   * Choice rules sharing a target that this history could not tell apart (their conditions could not
   * be evaluated again): all of them are counted as taken, and named here so a report can say so.
   */
  undistinguished: string[][];
  /** State changes no transition of the definition explains (a definition/history mismatch). */
  unexplained: string[];
}

/** Events that end a state's attempt with an error. */
const FAILURE_EVENTS = new Set([
  'TaskFailed',
  'TaskTimedOut',
  'TaskSubmitFailed',
  'TaskStartFailed',
  'LambdaFunctionFailed',
  'LambdaFunctionTimedOut',
  'LambdaFunctionScheduleFailed',
  'LambdaFunctionStartFailed',
  'ParallelStateFailed',
  'MapStateFailed',
  'MapRunFailed',
]);

/** Events that start another attempt of a state. */
const ATTEMPT_EVENTS = new Set(['TaskScheduled', 'LambdaFunctionScheduled', 'ParallelStateStarted', 'MapStateStarted']);

export async function takenTransitions(graph: WorkflowGraph, history: HistoryEvent[]): Promise<TakenTransitions> {
  const taken: TakenTransitions = { states: new Set(), transitions: new Set(), undistinguished: [], unexplained: [] };
  const byId = new Map(history.map((event) => [event.id, event]));
  const previous = (event: HistoryEvent) => (event.previousEventId ? byId.get(event.previousEventId) : undefined);
  // Variables as the history assigns them (every StateExited's assignedVariables), for Choice rules.
  const variables: Record<string, unknown> = {};

  for (const event of history) {
    const type = event.type ?? '';
    if (type.endsWith('StateEntered')) {
      const name = event.stateEnteredEventDetails?.name ?? '';
      taken.states.add(name);
      const before = previous(event);
      if (before?.type?.endsWith('StateExited')) {
        const from = before.stateExitedEventDetails?.name ?? '';
        await markStateChange(graph, taken, from, name, before, previous, variables);
      }
    } else if (ATTEMPT_EVENTS.has(type)) {
      markRetry(graph, taken, event, previous);
    }
    const assigned = event.stateExitedEventDetails?.assignedVariables;
    if (assigned) for (const [key, text] of Object.entries(assigned)) variables[key] = parseJson(text);
  }
  return taken;
}

async function markStateChange(
  graph: WorkflowGraph,
  taken: TakenTransitions,
  from: string,
  to: string,
  exited: HistoryEvent,
  previous: (event: HistoryEvent) => HistoryEvent | undefined,
  variables: Record<string, unknown>,
): Promise<void> {
  const node = graph.byName.get(from);
  const candidates = graph.transitions.filter((t) => t.from === from && t.to === to && t.kind !== 'Retry');
  const explain = (transition: Transition | undefined) => {
    if (transition) taken.transitions.add(transition.id);
    else taken.unexplained.push(`${from} → ${to}`);
  };
  if (!node) return explain(undefined);

  const lastAttempt = previous(exited);
  if (lastAttempt?.type && FAILURE_EVENTS.has(lastAttempt.type)) {
    // Left by a Catch: the first rule matching the error is the one taken.
    const error = failureError(lastAttempt) ?? errorOfOutput(exited);
    const index = error === undefined ? -1 : firstMatchingRule(node.definition.Catch, error);
    const byError = candidates.find((t) => t.kind === 'Catch' && t.index === index);
    const onlyCatch = candidates.filter((t) => t.kind === 'Catch');
    return explain(byError ?? (onlyCatch.length === 1 ? onlyCatch[0] : undefined));
  }

  const rules = candidates.filter((t) => t.kind === 'Choice');
  if (rules.length > 1) {
    const entered = findEntered(exited, from, previous);
    const chosen = await firstTrueRule(node.definition, entered, variables);
    const match = chosen === undefined ? undefined : rules.find((t) => t.index === chosen);
    if (match) return explain(match);
    taken.undistinguished.push(rules.map((t) => t.id));
    for (const rule of rules) taken.transitions.add(rule.id);
    return;
  }
  explain(candidates.find((t) => t.kind !== 'Catch'));
}

/** A Retry fired: an attempt that failed is followed, in the same state, by another attempt. */
function markRetry(graph: WorkflowGraph, taken: TakenTransitions, attempt: HistoryEvent, previous: (event: HistoryEvent) => HistoryEvent | undefined): void {
  const failed = previous(attempt);
  if (!failed?.type || !FAILURE_EVENTS.has(failed.type)) return;
  const entered = findEntered(failed, undefined, previous);
  const name = entered?.stateEnteredEventDetails?.name;
  const node = name === undefined ? undefined : graph.byName.get(name);
  const error = failureError(failed);
  if (!node || error === undefined) {
    taken.unexplained.push(`a retry of ${name ?? 'an unknown state'} for ${error ?? 'an unknown error'}`);
    return;
  }
  const index = firstMatchingRule(node.definition.Retry, error);
  const rule = graph.transitions.find((t) => t.kind === 'Retry' && t.from === name && t.index === index);
  if (rule) taken.transitions.add(rule.id);
  else taken.unexplained.push(`a retry of ${name} for ${error}, which no Retry rule matches`);
}

/** Walks a lane back to the StateEntered event of the state the given event belongs to. */
function findEntered(event: HistoryEvent, name: string | undefined, previous: (event: HistoryEvent) => HistoryEvent | undefined): HistoryEvent | undefined {
  for (let at = previous(event); at; at = previous(at)) {
    if (at.type?.endsWith('StateEntered') && (name === undefined || at.stateEnteredEventDetails?.name === name)) return at;
    // Leaving a state means the walk has left the one we were in.
    if (name === undefined && at.type?.endsWith('StateExited')) return undefined;
  }
  return undefined;
}

function failureError(event: HistoryEvent): string | undefined {
  const details =
    event.taskFailedEventDetails ??
    event.taskTimedOutEventDetails ??
    event.taskSubmitFailedEventDetails ??
    event.taskStartFailedEventDetails ??
    event.lambdaFunctionFailedEventDetails ??
    event.lambdaFunctionTimedOutEventDetails ??
    event.lambdaFunctionScheduleFailedEventDetails ??
    event.lambdaFunctionStartFailedEventDetails ??
    event.mapRunFailedEventDetails;
  return details?.error;
}

/** A caught error's output is `{Error, Cause}` unless the Catch reshaped it. */
function errorOfOutput(exited: HistoryEvent): string | undefined {
  const output = parseJson(exited.stateExitedEventDetails?.output) as { Error?: unknown } | undefined;
  return typeof output?.Error === 'string' ? output.Error : undefined;
}

/**
 * Which Choice rule matched, found by evaluating the JSONata Conditions again, in order, on the
 * state's input and the variables the history had assigned so far. Undefined when a Condition
 * cannot be evaluated here (JSONPath rules, context fields the history does not hold).
 */
async function firstTrueRule(definition: { Choices?: Array<{ Condition?: string }> }, entered: HistoryEvent | undefined, variables: Record<string, unknown>): Promise<number | undefined> {
  if (!entered) return undefined;
  const input = parseJson(entered.stateEnteredEventDetails?.input);
  const rules = definition.Choices ?? [];
  for (let i = 0; i < rules.length; i++) {
    const source = /^\{%([\s\S]*)%\}$/.exec(rules[i].Condition?.trim() ?? '')?.[1];
    if (source === undefined) return undefined;
    try {
      const value = await jsonata(source).evaluate(input, { ...variables, states: { input } });
      if (value === true) return i;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
