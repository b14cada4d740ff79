/**
 * Retry and Catch: which retrier or catcher an error selects, and how long to wait before the
 * next attempt (IntervalSeconds × BackoffRate^attempt, capped by MaxDelaySeconds, optionally with
 * full jitter). The one place that turns an error into a decision, for executions and TestState.
 */
export interface Retrier {
  errorEquals: string[];
  intervalSeconds: number;
  maxAttempts: number;
  backoffRate: number;
  maxDelaySeconds?: number;
  jitter: 'FULL' | 'NONE';
}

/** Errors that States.ALL does not match: terminal errors AWS never lets a workflow handle. */
const NOT_MATCHED_BY_ALL = new Set(['States.Runtime']);

export function errorMatches(errorEquals: string[], error: string): boolean {
  for (const name of errorEquals) {
    if (name === error) return true;
    if (name === 'States.ALL' && !NOT_MATCHED_BY_ALL.has(error)) return true;
    // States.TaskFailed matches any error a task can raise except a timeout
    if (name === 'States.TaskFailed' && error !== 'States.Timeout' && !NOT_MATCHED_BY_ALL.has(error)) return true;
  }
  return false;
}

/** The first rule whose ErrorEquals matches: AWS consults only that one. */
export function selectRule<T extends { errorEquals: string[] }>(rules: T[], error: string): number {
  for (let i = 0; i < rules.length; i++) if (errorMatches(rules[i].errorEquals, error)) return i;
  return -1;
}

/** The backoff before retry number `attempt + 1`, before any jitter. */
export function retryBackoffSeconds(r: Retrier, attempt: number): number {
  const delay = r.intervalSeconds * Math.pow(r.backoffRate, attempt);
  return r.maxDelaySeconds !== undefined ? Math.min(delay, r.maxDelaySeconds) : delay;
}

/** The wait actually slept: the backoff, or with FULL jitter a random part of it. */
export function retryDelaySeconds(r: Retrier, attempt: number): number {
  const delay = retryBackoffSeconds(r, attempt);
  return r.jitter === 'FULL' ? Math.random() * delay : delay;
}

export type ErrorDecision =
  | { kind: 'retry'; retrier: number; backoffSeconds: number }
  | { kind: 'catch'; catcher: number }
  | { kind: 'fail' };

/**
 * What happens to an error: the first retrier whose ErrorEquals matches retries it while it has
 * attempts left (`retriesSoFar(i)` counts the retries retrier i already made); otherwise the
 * first matching catcher takes it; otherwise the state fails.
 */
export function decideOnError(retriers: Retrier[], catchers: { errorEquals: string[] }[], error: string, retriesSoFar: (retrier: number) => number): ErrorDecision {
  const r = selectRule(retriers, error);
  if (r >= 0 && retriesSoFar(r) < retriers[r].maxAttempts) {
    return { kind: 'retry', retrier: r, backoffSeconds: retryBackoffSeconds(retriers[r], retriesSoFar(r)) };
  }
  const c = selectRule(catchers, error);
  return c >= 0 ? { kind: 'catch', catcher: c } : { kind: 'fail' };
}
