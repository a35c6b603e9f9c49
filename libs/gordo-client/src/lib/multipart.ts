import { randomBytes } from 'node:crypto';

/** A file part of a multipart/form-data body. */
export interface FilePart {
  /** Field name and file name (Flask sees a part as a file only when it has a file name). */
  readonly name: string;
  readonly bytes: Uint8Array;
}

const SIMPLE_NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * A multipart/form-data body of files, in one buffer. FormData made undici stream the body
 * through an async iterator of small chunks, which cost more CPU than encoding the parquet
 * itself; the format is fixed and small (RFC 7578), so it is written here.
 */
export function multipartFiles(parts: readonly FilePart[]): { body: Buffer; contentType: string } {
  const boundary = `latigo-${randomBytes(16).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if (!SIMPLE_NAME.test(part.name))
      throw new RangeError(`multipart part name ${JSON.stringify(part.name)}`);
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.name}"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
        'latin1',
      ),
      Buffer.from(part.bytes.buffer, part.bytes.byteOffset, part.bytes.byteLength),
      Buffer.from('\r\n', 'latin1'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'latin1'));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
