/**
 * Retry and Catch: which retrier or catcher an error selects, and how long to wait before the
 * next attempt (IntervalSeconds × BackoffRate^attempt, capped by MaxDelaySeconds, optionally with
 * full jitter).
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

export function retryDelaySeconds(r: Retrier, attempt: number): number {
  let delay = r.intervalSeconds * Math.pow(r.backoffRate, attempt);
  if (r.maxDelaySeconds !== undefined) delay = Math.min(delay, r.maxDelaySeconds);
  if (r.jitter === 'FULL') delay = Math.random() * delay;
  return delay;
}
