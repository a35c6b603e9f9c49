/**
 * The value of `key` among the top-level members of the JSON object `text`, or undefined when the
 * object has no such member (or the text is not an object whose members this scan can read). The
 * other members are stepped over, not built: the metadata API echoes the whole record (~20 KB of
 * tags) to say its `model_id`, and parsing it all was a tenth of what a task allocated.
 * The scan runs to the object's end, so a text cut short or with anything after the object gives
 * undefined wherever the member is, and of a repeated member the last counts, as with `JSON.parse`.
 * Only the found value is parsed; anything unexpected leaves the caller to `JSON.parse`.
 */
export function readTopLevelField(text: string, key: string): unknown {
  const wanted = JSON.stringify(key);
  let i = skipSpace(text, 0);
  if (text[i] !== '{') return undefined;
  i = skipSpace(text, i + 1);
  let found: [number, number] | undefined;
  if (text[i] !== '}')
    for (;;) {
      if (text[i] !== '"') return undefined;
      const keyEnd = skipString(text, i);
      const name = text.slice(i, keyEnd);
      i = skipSpace(text, keyEnd);
      if (text[i] !== ':') return undefined;
      const valueStart = skipSpace(text, i + 1);
      const valueEnd = skipValue(text, valueStart);
      if (valueEnd <= valueStart || valueEnd > text.length) return undefined;
      if (name === wanted) found = [valueStart, valueEnd];
      i = skipSpace(text, valueEnd);
      if (text[i] === '}') break;
      if (text[i] !== ',') return undefined;
      i = skipSpace(text, i + 1);
    }
  if (skipSpace(text, i + 1) !== text.length || !found) return undefined;
  return JSON.parse(text.slice(found[0], found[1])) as unknown;
}

function skipSpace(text: string, from: number): number {
  let i = from;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
}

/** The index after the string literal that opens at `from` (a quote). */
function skipString(text: string, from: number): number {
  for (let i = from + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c)
      i++; // backslash: the next character is escaped
    else if (c === 0x22) return i + 1;
  }
  return text.length + 1; // unterminated: past the end, so the caller gives up
}

/** The index after the value that starts at `from`: a string, an object or array, or a bare token. */
function skipValue(text: string, from: number): number {
  const first = text[from];
  if (first === '"') return skipString(text, from);
  if (first === '{' || first === '[') {
    let depth = 0;
    for (let i = from; i < text.length; i++) {
      const c = text[i];
      if (c === '"') i = skipString(text, i) - 1;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') if (--depth === 0) return i + 1;
    }
    return text.length + 1;
  }
  let i = from;
  while (i < text.length && !',}] \n\r\t'.includes(text[i] as string)) i++;
  return i;
}
