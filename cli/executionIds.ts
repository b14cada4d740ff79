import { randomBytes } from 'node:crypto';

/** A short random suffix of lower-case letters and digits. */
export type RandomSuffix = () => string;

export const randomSuffix: RandomSuffix = () =>
  Array.from(randomBytes(6), (b) => (b % 36).toString(36)).join('');

const ORDER_ID_MAX = 64; // docs/design.md: 1..64 chars of [A-Za-z0-9_-]
const EXECUTION_NAME_MAX = 80; // Step Functions' limit

/**
 * A fresh orderId that still says which sample it came from, e.g. `ord-happy-0001-k3x9q2`.
 * Re-running a sample with its own orderId would end in DuplicateOrder.
 */
export function freshOrderId(current: unknown, suffix: string): string {
  return join(typeof current === 'string' ? current : 'ord', suffix, ORDER_ID_MAX);
}

/**
 * The execution name: the orderId (so the console's list reads like the orders) plus a random
 * suffix (so a second execution for the same order, e.g. examples/duplicate.json, gets a new name
 * instead of ExecutionAlreadyExists). Step Functions accepts at most 80 characters, and only
 * letters, digits, - and _ keep the name usable in CloudWatch metrics.
 */
export function executionName(orderId: unknown, suffix: string): string {
  return join(typeof orderId === 'string' ? orderId : 'order', suffix, EXECUTION_NAME_MAX);
}

function join(base: string, suffix: string, max: number): string {
  const safe = base.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'order';
  return `${safe.slice(0, max - suffix.length - 1)}-${suffix}`;
}
