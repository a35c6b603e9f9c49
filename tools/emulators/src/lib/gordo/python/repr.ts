/**
 * The Python and pandas spellings that appear inside Gordo's 400 messages: `repr()` of strings,
 * lists and tuples, and pandas' `Index`/`RangeIndex` reprs (wrapped at 80 columns, truncated
 * after 100 items), as pandas 1.5 prints them.
 */

const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** `repr(str)`: single quotes unless the text has a `'` and no `"`. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0) as number;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch !== ' ' && NON_PRINTABLE.test(ch)) {
      if (code < 0x100) out += `\\x${code.toString(16).padStart(2, '0')}`;
      else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
      else out += `\\U${code.toString(16).padStart(8, '0')}`;
    } else out += ch;
  }
  return out + quote;
}

/** `repr(list_of_str)`, e.g. `['tag-1', 'tag-2']`. */
export function pyListRepr(items: readonly string[]): string {
  return `[${items.map(pyStrRepr).join(', ')}]`;
}

/** `repr(tuple_of_str)`, e.g. `('a', 'b')`. */
export function pyTupleRepr(items: readonly string[]): string {
  return items.length === 1 ? `(${pyStrRepr(items[0] as string)},)` : `(${items.map(pyStrRepr).join(', ')})`;
}

/** `repr(pd.RangeIndex(n))`. */
export function pandasRangeIndexRepr(stop: number): string {
  return `RangeIndex(start=0, stop=${stop}, step=1)`;
}

const DISPLAY_WIDTH = 80;
const MAX_SEQ_ITEMS = 100;

/** `repr(pd.Index([...str]))` with pandas' default display options (strings are never justified). */
export function pandasIndexRepr(labels: readonly string[]): string {
  const name = 'Index';
  const space1 = `\n${' '.repeat(name.length + 1)}`;
  const space2 = `\n${' '.repeat(name.length + 2)}`;
  // pandas quotes with ' whatever the content and only escapes tabs and line breaks.
  const format = (s: string) => `'${s.replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
  const n = labels.length;
  let summary: string;
  if (n === 0) summary = '[], ';
  else if (n === 1) summary = `[${format(labels[0] as string)}], `;
  else if (n === 2) summary = `[${format(labels[0] as string)}, ${format(labels[1] as string)}], `;
  else {
    const truncated = n > MAX_SEQ_ITEMS;
    const head = truncated ? labels.slice(0, 10).map(format) : [];
    const tail = (truncated ? labels.slice(-10) : labels).map(format);
    let text = '';
    let line = space2;
    const extend = (value: string, width: number) => {
      if (line.trimEnd().length + value.trimEnd().length >= width) {
        text += line.trimEnd();
        line = space2;
      }
      line += value;
    };
    for (const item of head) extend(`${item}, `, DISPLAY_WIDTH);
    if (truncated) {
      text += line.trimEnd() + space2 + '...';
      line = space2;
    }
    for (const item of tail.slice(0, -1)) extend(`${item}, `, DISPLAY_WIDTH);
    extend(tail[tail.length - 1] as string, DISPLAY_WIDTH - 2);
    text += line + '],';
    text += text.length > DISPLAY_WIDTH ? space1 : ' ';
    summary = '[' + text.slice(space2.length);
  }
  const attrs = n > MAX_SEQ_ITEMS ? `dtype='object', length=${n}` : "dtype='object'";
  return `${name}(${summary}${attrs})`;
}
