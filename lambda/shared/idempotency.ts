import { createHash } from 'node:crypto';
import { IdempotencyConflict } from './errors';

/**
 * A stable hash of a request's payload: the same payload gives the same hash whatever the key order,
 * so a repeat can be told apart from a different request for the same orderId. Only the hash is
 * stored, never the payload (it may hold a payment token).
 */
export function requestHash(payload: unknown): string {
  return createHash('sha256').update(canonicalJson(payload)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What a stored record remembers about the request that created it. */
export interface RequestRecord {
  executionId: string;
  requestHash: string;
}

/**
 * A stored record answers a repeat only when it came from the same execution with the same payload;
 * anything else reusing the orderId is a conflict, never a silent overwrite.
 */
export function assertSameRequest(stored: RequestRecord, executionId: string, hash: string, what: string): void {
  if (stored.executionId !== executionId) {
    throw new IdempotencyConflict(`${what} already belongs to another execution`);
  }
  if (stored.requestHash !== hash) {
    throw new IdempotencyConflict(`${what} was already requested with a different payload`);
  }
}
