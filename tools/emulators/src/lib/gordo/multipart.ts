import busboy from 'busboy';
import { Readable } from 'node:stream';

/**
 * The file parts of a `multipart/form-data` body, by field name. Parts without a filename are
 * plain form fields to Flask, so they are not files here either (the server then sees no `X`).
 */
export async function multipartFiles(contentType: string, body: Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { 'content-type': contentType } });
    } catch (error) {
      reject(error as Error);
      return;
    }
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (info.filename !== undefined && !files.has(name)) files.set(name, Buffer.concat(chunks));
      });
    });
    parser.on('close', () => resolve());
    parser.on('error', (error) => reject(error as Error));
    Readable.from([body]).pipe(parser);
  });
  return files;
}
