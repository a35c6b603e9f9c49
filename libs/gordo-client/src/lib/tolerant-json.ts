// Gordo re-serialises every JSON body with Python's json.dumps, which writes bare NaN, Infinity
// and -Infinity (smoothing windows, zero thresholds). JSON.parse rejects them, so the tokens are
// rewritten outside string literals only, and the native parser still does the real work.

/** Stands in for NaN between the rewrite and the walk that restores it; no Gordo text contains it. */
const NAN_MARK = '\u0000gordo-NaN\u0000';
const NAN_LITERAL = JSON.stringify(NAN_MARK);

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const N = 0x4e;
const I = 0x49;
const MINUS = 0x2d;

/**
 * Parses JSON that may contain Python's bare `NaN`, `Infinity` and `-Infinity` as numbers.
 * Valid JSON takes the native path unchanged; the rewrite runs only when that fails.
 */
export function parseTolerantJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const rewritten = rewriteNonFinite(text);
    if (rewritten === undefined) throw error;
    const value: unknown = JSON.parse(rewritten.text);
    return rewritten.hasNaN ? restoreNaN(value) : value;
  }
}

/**
 * Replaces the non-finite tokens outside strings: Infinity by `1e999` (which JSON.parse reads as
 * Infinity), NaN by a marker string. Undefined when there is nothing to replace.
 */
function rewriteNonFinite(text: string): { text: string; hasNaN: boolean } | undefined {
  const parts: string[] = [];
  let copiedUpTo = 0;
  let hasNaN = false;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH)
        i++; // the escaped character cannot end the string
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) {
      inString = true;
      continue;
    }
    // Outside strings valid JSON has only true/false/null as words, so N and I can only start these.
    let token: string | undefined;
    let replacement = '';
    if (c === N && text.startsWith('NaN', i)) {
      token = 'NaN';
      replacement = NAN_LITERAL;
      hasNaN = true;
    } else if (c === I && text.startsWith('Infinity', i)) {
      token = 'Infinity';
      replacement = '1e999';
    } else if (c === MINUS && text.startsWith('-Infinity', i)) {
      token = '-Infinity';
      replacement = '-1e999';
    }
    if (token === undefined) continue;
    parts.push(text.slice(copiedUpTo, i), replacement);
    i += token.length - 1;
    copiedUpTo = i + 1;
  }
  if (parts.length === 0) return undefined;
  parts.push(text.slice(copiedUpTo));
  return { text: parts.join(''), hasNaN };
}

/** Puts NaN back where the marker is; a plain walk is much cheaper than a JSON.parse reviver. */
function restoreNaN(value: unknown): unknown {
  if (value === NAN_MARK) return NaN;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = restoreNaN(value[i]);
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = restoreNaN(record[key]);
  }
  return value;
}
