import { badRequest } from './api-error';

/**
 * Continuation tokens are opaque to clients (base64url JSON here). They hold a position, not a
 * snapshot: the client re-sends the same request plus the token, and the next page starts after
 * the position, so writes between pages are seen rather than corrupting offsets.
 */
export type PageToken =
  /** Series lists: the offset of the next item. */
  | { k: 'list'; offset: number }
  /** Raw datapoints: the time (µs) of the last point returned. */
  | { k: 'raw'; after: number }
  /** Aggregates: the index of the next bucket. */
  | { k: 'agg'; bucket: number }
  /** POST /query/data: the cursor of every unfinished item, by its index in the request array. */
  | { k: 'multi'; items: Record<string, { after?: number; bucket?: number }> };

export function encodeToken(token: PageToken): string {
  return Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');
}

/** Decodes a token of the expected kind(s); anything else is a 400. */
export function decodeToken<K extends PageToken['k']>(
  raw: string,
  ...kinds: K[]
): Extract<PageToken, { k: K }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const token = parsed as PageToken | undefined;
  if (!token || typeof token !== 'object' || !kinds.includes(token.k as K) || !isWellFormed(token)) {
    throw badRequest(`The continuation token '${raw}' is not valid for this request.`);
  }
  return token as Extract<PageToken, { k: K }>;
}

function isWellFormed(token: PageToken): boolean {
  switch (token.k) {
    case 'list':
      return Number.isInteger(token.offset) && token.offset >= 0;
    case 'raw':
      return Number.isFinite(token.after);
    case 'agg':
      return Number.isInteger(token.bucket) && token.bucket >= 0;
    case 'multi':
      return typeof token.items === 'object' && token.items !== null;
  }
}
