/** How often to poll: soon after something happened, then less and less often while nothing does. */
export interface PollBackoff {
  /** The wait after a poll that brought news (and the first wait). */
  firstMs: number;
  /** The longest wait: a quiet execution (a 10-second Wait state, a slow task) is polled this often. */
  maxMs: number;
}

/** The wait before the next poll: back to the first after news, else twice the last, up to the longest. */
export function nextDelay(lastMs: number | undefined, news: boolean, policy: PollBackoff): number {
  if (news || lastMs === undefined) return policy.firstMs;
  return Math.min(policy.maxMs, lastMs * 2);
}
