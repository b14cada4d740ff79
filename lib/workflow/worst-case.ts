import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { catalog } from '../../seed/catalog';
import type { OrderSagaDefinitionProps } from './order-saga-definition';

/**
 * The longest an execution of the saga can run, read from the states' own rendering, so every
 * Retry, TimeoutSeconds, Catch and Wait counts as the definition has it, whoever adds one. (The
 * infra tests compute the same bound their own way from the synthesized template, as a check.)
 */
export function worstCaseSeconds(start: sfn.State, props: OrderSagaDefinitionProps): number {
  return longestPathSeconds(renderTopLevel(start), worstCaseBounds(props));
}

/** What the definition alone cannot bound: the Map's items and the settlement-polling loop. */
interface WorstCaseBounds {
  /** Upper bound on the items a Map state iterates. */
  readonly maxMapItems: number;
  /** How often a state may be entered on one path. */
  readonly maxVisits: number;
}

/**
 * ShipParcels maps over one parcel per warehouse holding an order's items, so at most one per
 * warehouse of the catalogue; IsPaymentSettled? is entered once per check and once more.
 */
function worstCaseBounds(props: OrderSagaDefinitionProps): WorstCaseBounds {
  return { maxMapItems: new Set(catalog.map((item) => item.warehouse)).size, maxVisits: props.maxPaymentChecks + 1 };
}

/** The slice of a rendered state the worst case reads. */
interface RenderedState {
  Type: string;
  Next?: string;
  Default?: string;
  Choices?: Array<{ Next: string }>;
  Catch?: Array<{ Next: string }>;
  Retry?: RenderedRetrier[];
  TimeoutSeconds?: unknown;
  Seconds?: unknown;
  Branches?: RenderedGraph[];
  ItemProcessor?: RenderedGraph;
  MaxConcurrency?: unknown;
}

interface RenderedRetrier {
  MaxAttempts?: number;
  IntervalSeconds?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
}

interface RenderedGraph {
  StartAt: string;
  States: Record<string, RenderedState>;
}

/** Every state reachable from `start`, Catch handlers included, rendered (Parallel branches and Map processors render inside their state). */
function renderTopLevel(start: sfn.State): RenderedGraph {
  const states = sfn.State.findReachableStates(start, { includeErrorHandlers: true });
  return {
    StartAt: start.stateId,
    States: Object.fromEntries(states.map((s) => [s.stateId, s.toStateJson(sfn.QueryLanguage.JSONATA) as RenderedState])),
  };
}

/**
 * The longest path from StartAt to an end, over Next, Choice and Catch edges, each state entered at
 * most `maxVisits` times on one path. Walked with a stack of its own rather than by recursion: the
 * polling loop makes the path thousands of states deep (maxPaymentChecks up to 1000), deeper than
 * the call stack of a jest worker reliably allows.
 */
function longestPathSeconds(graph: RenderedGraph, bounds: WorstCaseBounds): number {
  interface Frame {
    name: string;
    next: string[];
    at: number;
    /** The longest rest of the path after this state, over the successors walked so far. */
    rest: number;
  }
  const visits = new Map<string, number>();
  const enter = (name: string): Frame | undefined => {
    const seen = visits.get(name) ?? 0;
    if (seen >= bounds.maxVisits) return undefined;
    visits.set(name, seen + 1);
    return { name, next: successors(graph.States[name]), at: 0, rest: 0 };
  };
  const root = enter(graph.StartAt);
  const path: Frame[] = root ? [root] : [];
  let longest = 0;
  while (path.length > 0) {
    const top = path[path.length - 1];
    if (top.at < top.next.length) {
      // A successor already at its bound adds nothing to this path.
      const successor = enter(top.next[top.at++]);
      if (successor) path.push(successor);
      continue;
    }
    path.pop();
    visits.set(top.name, visits.get(top.name)! - 1);
    const seconds = stateWorstCaseSeconds(top.name, graph.States[top.name], bounds) + top.rest;
    if (path.length > 0) path[path.length - 1].rest = Math.max(path[path.length - 1].rest, seconds);
    else longest = seconds;
  }
  return longest;
}

function successors(state: RenderedState): string[] {
  return [
    ...(state.Next ? [state.Next] : []),
    ...(state.Choices ?? []).map((c) => c.Next),
    ...(state.Default ? [state.Default] : []),
    ...(state.Catch ?? []).map((c) => c.Next),
  ];
}

/**
 * One state at its worst: every retrier exhausts its attempts (each counts its own), every attempt
 * runs to TimeoutSeconds, every backoff waits its full interval; Parallel waits for its slowest
 * branch; Map runs its items in rounds of MaxConcurrency.
 */
function stateWorstCaseSeconds(name: string, state: RenderedState, bounds: WorstCaseBounds): number {
  switch (state.Type) {
    case 'Task': {
      const timeout = fixedSeconds(name, 'TimeoutSeconds', state.TimeoutSeconds);
      const retriers = state.Retry ?? [];
      const attempts = 1 + retriers.reduce((n, r) => n + (r.MaxAttempts ?? 3), 0);
      return attempts * timeout + retriers.reduce((n, r) => n + retrierWaitSeconds(r), 0);
    }
    case 'Wait':
      return fixedSeconds(name, 'Seconds', state.Seconds);
    case 'Parallel':
      return Math.max(0, ...(state.Branches ?? []).map((branch) => longestPathSeconds(branch, bounds)));
    case 'Map': {
      const concurrency = typeof state.MaxConcurrency === 'number' && state.MaxConcurrency > 0 ? state.MaxConcurrency : bounds.maxMapItems;
      return Math.ceil(bounds.maxMapItems / concurrency) * longestPathSeconds(state.ItemProcessor!, bounds);
    }
    default:
      return 0;
  }
}

/** The longest a retrier waits in all: every backoff, capped by MaxDelaySeconds, jitter at its maximum. */
function retrierWaitSeconds(r: RenderedRetrier): number {
  let total = 0;
  for (let attempt = 0; attempt < (r.MaxAttempts ?? 3); attempt++) {
    const delay = (r.IntervalSeconds ?? 1) * (r.BackoffRate ?? 2) ** attempt;
    total += r.MaxDelaySeconds === undefined ? delay : Math.min(delay, r.MaxDelaySeconds);
  }
  return total;
}

/** A duration the worst case can count: a state without one (or with one computed at run time) has no bound. */
function fixedSeconds(state: string, field: string, value: unknown): number {
  if (typeof value !== 'number') {
    throw new Error(`${state} has no fixed ${field}, so the machine's timeout cannot be derived from the definition`);
  }
  return value;
}
