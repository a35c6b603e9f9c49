import { request } from 'undici';

/** A response with its exact body text (Gordo's JSON is not JSON.parse-safe: bare NaN). */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  text: string;
}

/** One request with undici, the body read in full; header names in lower case. */
export async function send(
  baseUrl: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string | Buffer | Uint8Array | null } = {},
): Promise<RawResponse> {
  const res = await request(`${baseUrl}${path}`, {
    method: method as 'GET',
    headers: options.headers ?? {},
    ...(options.body === undefined || options.body === null ? {} : { body: options.body }),
  });
  const body = Buffer.from(await res.body.arrayBuffer());
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers))
    if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return { status: res.statusCode, headers, body, text: body.toString('utf8') };
}

/** A multipart/form-data body with file parts (each with a filename, as python-requests sends them). */
export function multipartBody(
  parts: Record<string, Uint8Array>,
  filenames = true,
): { contentType: string; body: Buffer } {
  const boundary = 'latigo-gordo-boundary-7d1f';
  const chunks: Buffer[] = [];
  for (const [name, data] of Object.entries(parts)) {
    const disposition = filenames
      ? `form-data; name="${name}"; filename="${name}"`
      : `form-data; name="${name}"`;
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      Buffer.from(data),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(chunks) };
}
