/**
 * Reading DynamoDB's answer to a cancelled TransactWriteItems. `CancellationReasons` has one entry
 * per item, in request order; `ConditionalCheckFailed` marks the conditions that did not hold and
 * `TransactionConflict` a concurrent transaction on the same item (worth a retry).
 */
export interface CancelledTransaction {
  codes: string[];
}

export function cancelledTransaction(error: unknown): CancelledTransaction | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return { codes: reasons.map((reason) => reason.Code ?? 'None') };
}

export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

const CONFLICT_ATTEMPTS = 6;

/**
 * Runs a transaction, retrying (with jittered backoff) only when it lost a race with a concurrent
 * transaction on the same items; DynamoDB leaves that retry to the caller. Every other outcome,
 * a failed condition included, goes back to the caller to interpret.
 */
export async function retryOnConflict<T>(transact: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transact();
    } catch (error) {
      const cancelled = cancelledTransaction(error);
      const conflict = cancelled?.codes.includes('TransactionConflict') ?? false;
      if (!conflict || attempt >= CONFLICT_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
    }
  }
}
