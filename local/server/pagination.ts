/**
 * Pages of a list, as the List* and GetExecutionHistory actions return them: `maxResults` items
 * (0 or absent: the default page), and a `nextToken` while items remain. Tokens are opaque to
 * callers; one that this server did not issue is InvalidToken, as on AWS.
 */
import { createHash } from 'node:crypto';
import { errors } from './errors';

export const DEFAULT_PAGE_SIZE = 100;

interface TokenBody {
  /** A digest of the list the token belongs to, so a token of one list is refused by another. */
  l: string;
  /** Index of the next item. */
  o: number;
}

function encode(body: TokenBody): string {
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

function decode(token: string, list: string): number {
  try {
    const body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<TokenBody>;
    if (body.l === list && Number.isInteger(body.o) && (body.o as number) >= 0) return body.o as number;
  } catch {
    // not a token of ours
  }
  throw errors.invalidToken();
}

export function paginate<T>(
  items: T[],
  /** Names the list (e.g. the state machine ARN and filter), so tokens do not cross lists. */
  list: string,
  maxResults: number | undefined,
  nextToken: string | undefined,
  defaultPageSize = DEFAULT_PAGE_SIZE,
): { page: T[]; nextToken?: string } {
  const digest = createHash('sha256').update(list).digest('base64url').slice(0, 16);
  const start = nextToken === undefined ? 0 : decode(nextToken, digest);
  const size = maxResults ? maxResults : defaultPageSize;
  const page = items.slice(start, start + size);
  const end = start + page.length;
  return { page, nextToken: end < items.length ? encode({ l: digest, o: end }) : undefined };
}
