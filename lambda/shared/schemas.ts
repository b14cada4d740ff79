import * as z from 'zod/mini';

/**
 * The contract's shapes (docs/design.md), checked with zod/mini (the full `zod` would bundle to
 * about 450 KB). Every rule is one `refine` with its own message rather than zod's separate
 * regex/length/range checks: each check kind adds its class to every bundle, and the handlers have
 * a 50 KB budget. Messages never echo the value (it may be a token or an address).
 */

export const string = (rule: (value: string) => boolean, message: string) =>
  z.string('is required and must be a string').check(z.refine(rule, message));
export const integer = (min: number, max: number, message: string) =>
  z.number('is required and must be a number').check(z.refine((n) => Number.isSafeInteger(n) && n >= min && n <= max, message));
export const list = <T extends z.ZodMiniType>(item: T, min: number, max: number) =>
  z.array(item, 'is required and must be a list').check(z.refine((items) => items.length >= min && items.length <= max, `must hold ${min}..${max} entries`));
export const object = <S extends z.core.$ZodLooseShape>(shape: S) => z.object(shape, 'is required and must be an object');

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const id = (what: string) => string((value) => ID.test(value), `${what} must be 1..64 characters of A-Z, a-z, 0-9, _ or -`);
const text = (max: number) => string((value) => value.trim().length > 0 && value.length <= max, `must be 1..${max} characters, not blank`);

export const orderId = id('orderId');
export const customerId = id('customerId');
export const executionId = string((value) => value.length > 0 && value.length <= 2048, 'must be a non-empty execution id');
export const currency = string((value) => /^[A-Z]{3}$/.test(value), 'must be an ISO 4217 code of three upper-case letters');
export const sku = string((value) => /^[A-Z0-9-]{1,64}$/.test(value), 'must be 1..64 characters of A-Z, 0-9 or -');
export const quantity = integer(1, 1000, 'must be an integer from 1 to 1000');
export const money = integer(0, Number.MAX_SAFE_INTEGER, 'must be a non-negative integer number of minor units');
export const weight = integer(0, Number.MAX_SAFE_INTEGER, 'must be a non-negative integer number of grams');

export const address = object({
  name: text(200),
  line1: text(200),
  line2: z.optional(text(200)),
  city: text(100),
  region: z.optional(text(100)),
  postalCode: text(20),
  country: string((value) => /^[A-Z]{2}$/.test(value), 'must be an ISO 3166 code of two upper-case letters'),
});

export const payment = object({
  method: z.enum(['card', 'wallet'], 'must be card or wallet'),
  token: text(200),
});

export const line = object({ sku, quantity });
export type Line = z.infer<typeof line>;
export const lines = list(line, 1, 50);

export const parcelId = text(200);

export const parcel = object({
  parcelId,
  warehouse: text(64),
  items: list(line, 1, 50),
  weightGrams: weight,
});
export type Parcel = z.infer<typeof parcel>;

/** The dotted path of a zod issue, as the contract writes it: `items[0].quantity`. */
function pathOf(path: readonly PropertyKey[], root: string): string {
  if (path.length === 0) return root;
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

/**
 * Parses or throws the given named error, whose message starts with the first offending field's
 * path (the root itself is called `root`).
 */
export function parseOrThrow<S extends z.ZodMiniType>(
  schema: S,
  input: unknown,
  fail: (message: string) => Error,
  root = 'input',
): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data as z.infer<S>;
  const issue = result.error.issues[0];
  throw fail(`${pathOf(issue.path, root)}: ${issue.message}`);
}

/** The index of the first line that repeats an earlier line's SKU, or -1. */
export function duplicateSkuIndex(items: readonly { sku: string }[]): number {
  const seen = new Set<string>();
  return items.findIndex(({ sku: s }) => (seen.has(s) ? true : (seen.add(s), false)));
}
