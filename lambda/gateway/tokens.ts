/**
 * The simulated payment gateway's documented test tokens (docs/design.md). The ledger stores the
 * behaviour, never the token.
 */
export type Behaviour =
  | 'captured'
  | 'declined'
  | 'transient'
  | 'timeout-after-charge'
  | 'pending-settles'
  | 'pending-never'
  | 'refund-fails';

export interface TokenBehaviour {
  behaviour: Behaviour;
  /** For `transient`: how many attempts fail before the charge goes through. */
  failures: number;
}

const FIXED: Record<string, Behaviour> = {
  tok_decline: 'declined',
  tok_timeout_after_charge: 'timeout-after-charge',
  tok_pending_settles: 'pending-settles',
  tok_pending_never: 'pending-never',
  tok_refund_fails: 'refund-fails',
};

/** A token that does not start with `tok_` is not one the gateway issued: it declines it. */
export function behaviourOf(token: string): TokenBehaviour {
  const fixed = FIXED[token];
  if (fixed) return { behaviour: fixed, failures: 0 };
  const transient = /^tok_transient_([1-9])$/.exec(token);
  if (transient) return { behaviour: 'transient', failures: Number(transient[1]) };
  return { behaviour: token.startsWith('tok_') ? 'captured' : 'declined', failures: 0 };
}
