import type { OutgoingHttpHeaders } from 'node:http';

/** What a route handler answers; the server applies faults and writes it. */
export interface EmulatorResponse {
  status: number;
  headers?: OutgoingHttpHeaders;
  body?: string | Buffer;
}

/** `Content-Type: application/json` exactly (no charset), as the APIs answer. */
export function json(status: number, value: unknown, headers: OutgoingHttpHeaders = {}): EmulatorResponse {
  return jsonText(status, JSON.stringify(value), headers);
}

/** A JSON answer whose body is serialised already. */
export function jsonText(status: number, body: string, headers: OutgoingHttpHeaders = {}): EmulatorResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body };
}

export function text(
  status: number,
  body: string,
  contentType = 'text/plain; charset=utf-8',
): EmulatorResponse {
  return { status, headers: { 'content-type': contentType }, body };
}

export function html(status: number, body: string): EmulatorResponse {
  return text(status, body, 'text/html; charset=utf-8');
}

/**
 * What a client sees when an identity-aware proxy in front of an API sends it to sign in:
 * a 200 HTML page instead of JSON. Clients must treat it as an error, not as data.
 */
export const SIGN_IN_PAGE = `<!DOCTYPE html>
<html dir="ltr" lang="en"><head><title>Sign in to your account</title>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head>
<body><form name="f1" method="post" action="/common/login"><div id="loginHeader">Sign in</div>
<input type="email" name="loginfmt" placeholder="Email, phone, or Skype"></form></body></html>
`;
