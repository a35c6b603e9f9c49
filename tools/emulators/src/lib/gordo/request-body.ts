import { GordoHttpError } from './errors';
import { tableFromJson } from './frames/json-input';
import type { Table } from './frames/table';
import { multipartFiles } from './multipart';
import { tableFromParquet } from './parquet';
import { isPyObject, parsePythonJson, PythonJsonSyntaxError, type PyJson } from './python/json';

/** `X` and `y` of a POST as the server reads them; undefined when absent. */
export interface PredictionBody {
  X?: Table | undefined;
  y?: Table | undefined;
}

function mimetype(contentType: string | undefined): string {
  return (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
}

/**
 * JSON when the Content-Type is JSON (`application/json` or `application/*+json`, Flask's
 * `is_json`), parquet file parts `X`/`y` when it is multipart; anything else carries no `X`.
 * Malformed JSON is Flask's 400 page; bodies pandas cannot read are 500 pages.
 */
export async function readPredictionBody(
  contentType: string | undefined,
  body: Buffer,
): Promise<PredictionBody> {
  const type = mimetype(contentType);
  if (type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'))) {
    let value: PyJson;
    try {
      value = parsePythonJson(body.toString('utf8'));
    } catch (error) {
      if (error instanceof PythonJsonSyntaxError) throw GordoHttpError.page(400);
      throw error;
    }
    return fromJsonDocument(value);
  }
  if (type === 'multipart/form-data') {
    let files: Map<string, Buffer>;
    try {
      files = await multipartFiles(contentType as string, body);
    } catch {
      throw GordoHttpError.page(400);
    }
    const X = files.get('X');
    const y = files.get('y');
    return { ...(X ? { X: tableFromParquet(X) } : {}), ...(y ? { y: tableFromParquet(y) } : {}) };
  }
  return {};
}

function fromJsonDocument(document: PyJson): PredictionBody {
  // The view tests `"X" in request.json`: that works (and is false) for lists and strings, and crashes for the rest.
  if (Array.isArray(document) || typeof document === 'string') {
    if (document.includes('X')) throw GordoHttpError.crash();
    return {};
  }
  if (!isPyObject(document)) throw GordoHttpError.crash();
  const X = document['X'];
  const y = document['y'];
  return {
    // `"X": null` is an empty frame (400 for its columns); `"y": null` means no y.
    ...(X === undefined ? {} : { X: X === null ? tableFromJson([]) : tableFromJson(X) }),
    ...(y === undefined || y === null ? {} : { y: tableFromJson(y) }),
  };
}
