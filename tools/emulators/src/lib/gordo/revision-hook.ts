import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { EmulatorResponse } from '../http/responses';
import { flaskErrorPage } from './html-errors';
import { pyFloatRepr, pyJsonString } from './python/json';

/**
 * The two hooks the server runs around every request (gordo-api.md §1.2): revision selection
 * before, and the `revision`/`Server-Timing` headers plus the trailing `"revision"` key after.
 */

/** What a Gordo view answers, before the after-request hook. */
export type GordoReply =
  /** `body` is an object serialized the Flask way (sorted keys, Python spelling); the hook appends `"revision"`. */
  | { status: number; kind: 'json'; body: string; headers?: OutgoingHttpHeaders }
  | { status: number; kind: 'html'; description?: string; headers?: OutgoingHttpHeaders }
  | { status: number; kind: 'empty'; headers?: OutgoingHttpHeaders }
  | { status: number; kind: 'binary'; body: Buffer | Uint8Array; headers: OutgoingHttpHeaders };

export type RevisionChoice =
  { ok: true; revision: string } | { ok: false; revision: string; reply: GordoReply };

// Python's re.match(r"^\d+$"): Unicode digits, and `$` also matches before a final newline.
const DIGITS = /^\p{Nd}+\n?$/u;

/**
 * `?revision=` wins over the `revision` header; anything present must be digits (410 otherwise,
 * also for `?revision=`) and must name an existing revision (410); absent means the latest.
 */
export function chooseRevision(
  query: URLSearchParams,
  headers: IncomingHttpHeaders,
  latest: string,
  exists: (revision: string) => boolean,
): RevisionChoice {
  const header = headers['revision'];
  const requested = query.has('revision')
    ? (query.get('revision') as string)
    : Array.isArray(header)
      ? header[0]
      : header;
  if (requested === undefined) return { ok: true, revision: latest };
  if (!DIGITS.test(requested))
    return {
      ok: false,
      revision: requested,
      reply: jsonReply(410, { error: 'Revision should only contains numbers.' }),
    };
  if (!exists(requested))
    return {
      ok: false,
      revision: requested,
      reply: jsonReply(410, { error: `Revision '${requested}' not found.` }),
    };
  return { ok: true, revision: requested };
}

/** A small JSON body with one string field, as the views build them. */
export function jsonReply(status: number, fields: Record<string, string | boolean>): GordoReply {
  const body = `{${Object.keys(fields)
    .sort()
    .map(
      (k) =>
        `${pyJsonString(k)}: ${typeof fields[k] === 'boolean' ? String(fields[k]) : pyJsonString(fields[k] as string)}`,
    )
    .join(', ')}}`;
  return { status, kind: 'json', body };
}

/** The after-request hook: headers on every response, `"revision"` appended last to JSON bodies. */
export function finishReply(reply: GordoReply, revision: string, startedAt: bigint): EmulatorResponse {
  const headers: OutgoingHttpHeaders = { ...reply.headers };
  let body: string | Buffer | Uint8Array = '';
  if (reply.kind === 'json') {
    headers['content-type'] = 'application/json';
    body = appendRevision(reply.body, revision);
  } else if (reply.kind === 'html' || reply.kind === 'empty') {
    headers['content-type'] = 'text/html; charset=utf-8';
    body = reply.kind === 'html' ? flaskErrorPage(reply.status, reply.description) : '';
  } else body = reply.body;
  const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
  headers['server-timing'] = `request_walltime_s;dur=${pyFloatRepr(seconds)}`;
  headers['revision'] = revision;
  return {
    status: reply.status,
    headers,
    body: Buffer.isBuffer(body)
      ? body
      : typeof body === 'string'
        ? body
        : Buffer.from(body.buffer, body.byteOffset, body.byteLength),
  };
}

function appendRevision(body: string, revision: string): string {
  const entry = `"revision": ${pyJsonString(revision)}`;
  return body === '{}' ? `{${entry}}` : `${body.slice(0, -1)}, ${entry}}`;
}
