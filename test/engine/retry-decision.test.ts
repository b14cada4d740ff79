// The one place an error becomes a decision (retry-catch.ts), shared by executions and TestState:
// the first matching retrier retries while it has attempts left, with IntervalSeconds ×
// BackoffRate^retries capped by MaxDelaySeconds; then the first matching catcher; else failure
// (ASL spec "Error handling"; States.ALL does not match States.Runtime).
import { decideOnError, retryBackoffSeconds } from '../../local/engine';

const retrier = (errorEquals: string[], extra: Partial<{ intervalSeconds: number; maxAttempts: number; backoffRate: number; maxDelaySeconds: number }> = {}) => ({
  errorEquals,
  intervalSeconds: 1,
  maxAttempts: 3,
  backoffRate: 2,
  jitter: 'NONE' as const,
  ...extra,
});

describe('decideOnError', () => {
  const retriers = [retrier(['A']), retrier(['States.ALL'], { intervalSeconds: 3, maxAttempts: 1 })];
  const catchers = [{ errorEquals: ['B'] }, { errorEquals: ['States.ALL'] }];

  test('retries with the first matching retrier while it has attempts left', () => {
    expect(decideOnError(retriers, catchers, 'A', () => 0)).toEqual({ kind: 'retry', retrier: 0, backoffSeconds: 1 });
    expect(decideOnError(retriers, catchers, 'A', () => 2)).toEqual({ kind: 'retry', retrier: 0, backoffSeconds: 4 });
    expect(decideOnError(retriers, catchers, 'B', () => 0)).toEqual({ kind: 'retry', retrier: 1, backoffSeconds: 3 });
  });

  test('once the matching retrier is spent the first matching catcher takes the error', () => {
    expect(decideOnError(retriers, catchers, 'A', () => 3)).toEqual({ kind: 'catch', catcher: 1 });
    expect(decideOnError(retriers, catchers, 'B', () => 1)).toEqual({ kind: 'catch', catcher: 0 });
  });

  test('States.Runtime is neither retried nor caught by States.ALL', () => {
    expect(decideOnError(retriers, catchers, 'States.Runtime', () => 0)).toEqual({ kind: 'fail' });
  });
});

test('retryBackoffSeconds is capped by MaxDelaySeconds and carries no jitter', () => {
  const r = { ...retrier(['X'], { maxDelaySeconds: 5 }), jitter: 'FULL' as const };
  expect([0, 1, 2, 3].map((n) => retryBackoffSeconds(r, n))).toEqual([1, 2, 4, 5]);
});
