import type { Behaviour } from './tokens';

/**
 * The simulated gateway's answers, as pure functions of the token's behaviour and the attempt or
 * check number the ledger has counted (the counts live in the ledger item so they survive across
 * invocations and cold starts).
 */

/** What the gateway answers to the n-th charge attempt (n starts at 1). */
export type ChargeAnswer = 'CAPTURED' | 'PENDING' | 'DECLINED' | 'UNAVAILABLE';

export function answerCharge(behaviour: Behaviour, failures: number, attempt: number): ChargeAnswer {
  switch (behaviour) {
    case 'declined':
      return 'DECLINED';
    case 'transient':
      return attempt <= failures ? 'UNAVAILABLE' : 'CAPTURED';
    case 'pending-settles':
    case 'pending-never':
      return 'PENDING';
    case 'captured':
    case 'refund-fails':
    case 'timeout-after-charge':
      return 'CAPTURED';
  }
}

/** Whether the gateway answers the charge at all (`tok_timeout_after_charge` charges, then hangs). */
export function answersAfterCharging(behaviour: Behaviour): boolean {
  return behaviour !== 'timeout-after-charge';
}

/** The settlement status of a pending charge at its n-th check (n starts at 1). */
export function answerCheck(behaviour: Behaviour, check: number): 'CAPTURED' | 'PENDING' {
  return behaviour === 'pending-settles' && check >= 2 ? 'CAPTURED' : 'PENDING';
}

/** Whether the gateway accepts a refund or void for a charge with this behaviour. */
export function acceptsRefund(behaviour: Behaviour): boolean {
  return behaviour !== 'refund-fails';
}
