/**
 * Walking the rendered definition: its states (nested ones included), its edges, and the worst-case
 * duration of its longest path. Helpers for the infra tests; the expectations stay in the tests.
 */
import { AslDefinition, AslRetrier, AslState } from '../support/render-definition';

export interface Edge {
  from: string;
  to: string;
  /** `Next`, `Default`, the Choice rule's condition, or `Catch [errors]`. */
  via: string;
}

/** Every state by name, those inside Parallel branches and Map processors included. */
export function allStates(states: Record<string, AslState>): Record<string, AslState> {
  const out: Record<string, AslState> = {};
  for (const [name, state] of Object.entries(states)) {
    out[name] = state;
    for (const branch of state.Branches ?? []) Object.assign(out, allStates(branch.States));
    if (state.ItemProcessor) Object.assign(out, allStates(state.ItemProcessor.States));
  }
  return out;
}

export function edges(states: Record<string, AslState>): Edge[] {
  return Object.entries(states).flatMap(([from, s]) => [
    ...(s.Next ? [{ from, to: s.Next, via: 'Next' }] : []),
    ...(s.Choices ?? []).map((c) => ({ from, to: c.Next, via: c.Condition })),
    ...(s.Default ? [{ from, to: s.Default, via: 'Default' }] : []),
    ...(s.Catch ?? []).map((c) => ({ from, to: c.Next, via: `Catch [${c.ErrorEquals.join(', ')}]` })),
  ]);
}

/** The longest a retrier can wait in total: every backoff, capped by MaxDelaySeconds, no jitter. */
export function retrierWaitSeconds(r: AslRetrier): number {
  let total = 0;
  for (let attempt = 0; attempt < (r.MaxAttempts ?? 3); attempt++) {
    const delay = (r.IntervalSeconds ?? 1) * (r.BackoffRate ?? 2) ** attempt;
    total += r.MaxDelaySeconds === undefined ? delay : Math.min(delay, r.MaxDelaySeconds);
  }
  return total;
}

export interface WorstCaseOptions {
  /** Upper bound on the items a Map state iterates. */
  maxMapItems: number;
  /** How often a state may be entered on one path (bounds the settlement-polling loop). */
  maxVisits: number;
}

/**
 * The worst case of one state: every retrier exhausts its attempts (each retrier counts its own),
 * every attempt runs to TimeoutSeconds, every backoff waits its full interval. Parallel waits for
 * its slowest branch; Map runs its items in rounds of MaxConcurrency.
 */
export function stateWorstCaseSeconds(state: AslState, options: WorstCaseOptions): number {
  switch (state.Type) {
    case 'Task': {
      if (state.TimeoutSeconds === undefined) throw new Error('a Task without TimeoutSeconds has no worst case');
      const retriers = state.Retry ?? [];
      const attempts = 1 + retriers.reduce((n, r) => n + (r.MaxAttempts ?? 3), 0);
      return attempts * state.TimeoutSeconds + retriers.reduce((n, r) => n + retrierWaitSeconds(r), 0);
    }
    case 'Wait':
      return state.Seconds ?? 0;
    case 'Parallel':
      return Math.max(...state.Branches!.map((b) => longestPathSeconds(b as AslDefinition, options)));
    case 'Map': {
      const rounds = Math.ceil(options.maxMapItems / (state.MaxConcurrency || options.maxMapItems));
      return rounds * longestPathSeconds(state.ItemProcessor as AslDefinition, options);
    }
    default:
      return 0;
  }
}

/** The longest path from StartAt to an end, over Next, Choice and Catch edges. */
export function longestPathSeconds(definition: Pick<AslDefinition, 'StartAt' | 'States'>, options: WorstCaseOptions): number {
  const visits = new Map<string, number>();
  const walk = (name: string): number => {
    const seen = visits.get(name) ?? 0;
    if (seen >= options.maxVisits) return 0;
    visits.set(name, seen + 1);
    const state = definition.States[name];
    const targets = edges({ [name]: state }).map((e) => e.to);
    const rest = targets.length ? Math.max(...targets.map(walk)) : 0;
    visits.set(name, seen);
    return stateWorstCaseSeconds(state, options) + rest;
  };
  return walk(definition.StartAt);
}
