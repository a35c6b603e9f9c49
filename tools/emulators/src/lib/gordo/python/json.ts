/**
 * JSON the way Gordo's Python server reads and writes it: `NaN`/`Infinity` are accepted and
 * written bare, floats keep their Python spelling (`1.0`, `1e-05`), non-ASCII is escaped as
 * `\uXXXX`, separators are `", "` and `": "`, and object keys keep their order (or are sorted by
 * code point, as `json.dumps(sort_keys=True)` does).
 */

/**
 * A float whose value is a whole number (`287.0`, `1e+16`). JavaScript cannot tell `1.0` from
 * `1`, Python can, and the server writes them differently; non-integral floats stay plain numbers.
 */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** A JSON value as Python sees it. */
export type PyJson = null | boolean | number | bigint | string | PyFloat | PyJson[] | PyObject;
export interface PyObject {
  [key: string]: PyJson;
}

/** Thrown for text Python's `json.loads` would reject. */
export class PythonJsonSyntaxError extends SyntaxError {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`);
    this.name = 'PythonJsonSyntaxError';
  }
}

// JavaScript iterates integer-like keys ("0", "10") first; when an object has any, its Python
// order is kept here so columns such as {"2": [..], "1": [..]} stay in the order they were sent.
const KEY_ORDER = Symbol('python key order');
const ARRAY_INDEX = /^(?:0|[1-9]\d{0,9})$/;

/** The keys of an object in the order Python would iterate them. */
export function keysInOrder(object: PyObject): string[] {
  return (object as { [KEY_ORDER]?: string[] })[KEY_ORDER] ?? Object.keys(object);
}

/** Numeric value of a number-like JSON value (`PyFloat`, `bigint`), else undefined. */
export function numberValue(value: PyJson | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (value instanceof PyFloat) return value.value;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

export function isPyObject(value: PyJson | undefined): value is PyObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof PyFloat);
}

/** Parses JSON as Python's `json.loads` does (bare `NaN`, `Infinity`, `-Infinity` included). */
export function parsePythonJson(text: string): PyJson {
  return fastParse(text) ?? slowParse(text);
}

const FLOAT_LITERAL = /[.eE]/;

/**
 * The native parser with a reviver that reads each number's source text (about 10× faster than
 * the hand-written one). Undefined when only the hand-written parser can be faithful: text with
 * NaN/Infinity or a syntax error, or objects with integer-like keys, which JavaScript reorders.
 */
function fastParse(text: string): PyJson | undefined {
  let faithful = true;
  try {
    const value = JSON.parse(
      text,
      function revive(this: unknown, _key: string, v: unknown, context?: { source?: string }) {
        if (typeof v === 'number') {
          const source = context?.source;
          if (source === undefined) faithful = false;
          else if (FLOAT_LITERAL.test(source)) return Number.isInteger(v) ? new PyFloat(v) : v;
          else if (!Number.isSafeInteger(v)) return BigInt(source);
          return v;
        }
        if (typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof PyFloat)) {
          // integer-like keys iterate first, so the first key tells whether any was reordered
          for (const k in v) {
            if (ARRAY_INDEX.test(k)) faithful = false;
            break;
          }
        }
        return v;
      },
    ) as PyJson;
    return faithful ? value : undefined;
  } catch {
    return undefined;
  }
}

function slowParse(text: string): PyJson {
  const parser = new Parser(text);
  parser.skipWhitespace();
  const value = parser.value();
  parser.skipWhitespace();
  if (parser.pos < text.length) throw new PythonJsonSyntaxError('Extra data', parser.pos);
  return value;
}

class Parser {
  pos = 0;
  constructor(private readonly text: string) {}

  skipWhitespace(): void {
    const t = this.text;
    let c = t.charCodeAt(this.pos);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = t.charCodeAt(++this.pos);
  }

  value(): PyJson {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    if (c === 34) return this.string();
    if (c === 123) return this.object();
    if (c === 91) return this.array();
    if (c === 45 || (c >= 48 && c <= 57)) {
      if (t.startsWith('-Infinity', this.pos)) return this.literal('-Infinity', -Infinity);
      return this.number();
    }
    if (c === 116) return this.literal('true', true);
    if (c === 102) return this.literal('false', false);
    if (c === 110) return this.literal('null', null);
    if (c === 78) return this.literal('NaN', NaN);
    if (c === 73) return this.literal('Infinity', Infinity);
    throw new PythonJsonSyntaxError('Expecting value', this.pos);
  }

  private literal<T extends PyJson>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) throw new PythonJsonSyntaxError('Expecting value', this.pos);
    this.pos += word.length;
    return value;
  }

  private number(): number | bigint | PyFloat {
    const t = this.text;
    const start = this.pos;
    let i = this.pos;
    if (t.charCodeAt(i) === 45) i++;
    const digits = (from: number) => {
      let j = from;
      while (t.charCodeAt(j) >= 48 && t.charCodeAt(j) <= 57) j++;
      return j;
    };
    if (t.charCodeAt(i) === 48) i++;
    else {
      const end = digits(i);
      if (end === i) throw new PythonJsonSyntaxError('Expecting value', start);
      i = end;
    }
    let isFloat = false;
    if (t.charCodeAt(i) === 46) {
      const end = digits(i + 1);
      if (end > i + 1) {
        isFloat = true;
        i = end;
      }
    }
    const e = t.charCodeAt(i);
    if (e === 101 || e === 69) {
      let j = i + 1;
      const sign = t.charCodeAt(j);
      if (sign === 43 || sign === 45) j++;
      const end = digits(j);
      if (end > j) {
        isFloat = true;
        i = end;
      }
    }
    this.pos = i;
    const literal = t.slice(start, i);
    if (!isFloat) {
      const n = Number(literal);
      return Number.isSafeInteger(n) ? n : BigInt(literal);
    }
    const n = Number(literal);
    return Number.isInteger(n) ? new PyFloat(n) : n;
  }

  private string(): string {
    const t = this.text;
    let i = this.pos + 1;
    let chunkStart = i;
    let out = '';
    for (;;) {
      const c = t.charCodeAt(i);
      if (Number.isNaN(c)) throw new PythonJsonSyntaxError('Unterminated string starting', this.pos);
      if (c === 34) break;
      if (c < 32) throw new PythonJsonSyntaxError('Invalid control character', i);
      if (c !== 92) {
        i++;
        continue;
      }
      out += t.slice(chunkStart, i);
      const esc = t[i + 1];
      switch (esc) {
        case '"':
        case '\\':
        case '/':
          out += esc;
          i += 2;
          break;
        case 'b':
          out += '\b';
          i += 2;
          break;
        case 'f':
          out += '\f';
          i += 2;
          break;
        case 'n':
          out += '\n';
          i += 2;
          break;
        case 'r':
          out += '\r';
          i += 2;
          break;
        case 't':
          out += '\t';
          i += 2;
          break;
        case 'u': {
          const hex = t.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new PythonJsonSyntaxError('Invalid \\uXXXX escape', i);
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
          break;
        }
        default:
          throw new PythonJsonSyntaxError('Invalid \\escape', i);
      }
      chunkStart = i;
    }
    out += t.slice(chunkStart, i);
    this.pos = i + 1;
    return out;
  }

  private array(): PyJson[] {
    const items: PyJson[] = [];
    this.pos++;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === 93) {
      this.pos++;
      return items;
    }
    for (;;) {
      this.skipWhitespace();
      items.push(this.value());
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos++);
      if (c === 93) return items;
      if (c !== 44) throw new PythonJsonSyntaxError("Expecting ',' delimiter", this.pos - 1);
    }
  }

  private object(): PyObject {
    const object: PyObject = {};
    let order: string[] | undefined;
    let keys: string[] | undefined;
    this.pos++;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === 125) {
      this.pos++;
      return object;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text.charCodeAt(this.pos) !== 34)
        throw new PythonJsonSyntaxError('Expecting property name enclosed in double quotes', this.pos);
      const key = this.string();
      this.skipWhitespace();
      if (this.text.charCodeAt(this.pos++) !== 58)
        throw new PythonJsonSyntaxError("Expecting ':' delimiter", this.pos - 1);
      this.skipWhitespace();
      const value = this.value();
      const isNew = !Object.prototype.hasOwnProperty.call(object, key);
      if (key === '__proto__')
        Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
      else object[key] = value;
      if (isNew) {
        (keys ??= []).push(key);
        if (ARRAY_INDEX.test(key)) order = keys;
      }
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos++);
      if (c === 125) break;
      if (c !== 44) throw new PythonJsonSyntaxError("Expecting ',' delimiter", this.pos - 1);
    }
    if (order && order.length > 1)
      Object.defineProperty(object, KEY_ORDER, { value: order, enumerable: false });
    return object;
  }
}

/** `repr(float)` in Python 3: shortest round-trip digits, `1.0`, `1e-05`, `1e+16`, `NaN`. */
export function pyFloatRepr(x: number): string {
  // Fast path: where both languages write fixed notation they write the same digits
  // (String() yields the shortest round-trip digits, choosing the closest like Python does).
  if (x >= 1e-4 && x < 1e16) {
    const s = String(x);
    return s.indexOf('.') >= 0 ? s : `${s}.0`;
  }
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const s = String(Math.abs(x));
  let digits: string;
  let exponent: number;
  const e = s.indexOf('e');
  if (e >= 0) {
    digits = s.slice(0, e).replace('.', '');
    exponent = Number(s.slice(e + 1));
  } else {
    const dot = s.indexOf('.');
    const intPart = dot >= 0 ? s.slice(0, dot) : s;
    const fracPart = dot >= 0 ? s.slice(dot + 1) : '';
    if (intPart !== '0') {
      exponent = intPart.length - 1;
      digits = (intPart + fracPart).replace(/0+$/, '');
    } else {
      const lead = fracPart.length - fracPart.replace(/^0+/, '').length;
      exponent = -lead - 1;
      digits = fracPart.slice(lead);
    }
  }
  if (digits === '') digits = '0';
  if (exponent < -4 || exponent >= 16) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const abs = Math.abs(exponent);
    return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const intDigits = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const frac = digits.slice(exponent + 1);
  return `${sign}${intDigits}.${frac === '' ? '0' : frac}`;
}

/** `repr(int)`: also for whole JavaScript numbers beyond 2^53, which String() would write as 1e+21. */
export function pyIntRepr(x: number | bigint): string {
  if (typeof x === 'bigint') return x.toString();
  return Number.isSafeInteger(x) ? String(x) : BigInt(x).toString();
}

const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** A JSON string literal with `ensure_ascii=True`. */
export function pyJsonString(s: string): string {
  if (PLAIN_ASCII.test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) out += '\\"';
    else if (c === 92) out += '\\\\';
    else if (c >= 0x20 && c < 0x7f) out += s[i];
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c === 8) out += '\\b';
    else if (c === 12) out += '\\f';
    else out += `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return out + '"';
}

const SURROGATE = /[\ud800-\udfff]/;

/** Python's `str` ordering (by code point); JavaScript's `<` orders UTF-16 units, which differs only around surrogates. */
export function comparePythonStrings(a: string, b: string): number {
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  const x = Array.from(a, (ch) => ch.codePointAt(0) as number);
  const y = Array.from(b, (ch) => ch.codePointAt(0) as number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i] as number) - (y[i] as number);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

export interface DumpOptions {
  /** `sort_keys=True`: every object's keys in code-point order (Flask's `jsonify` does this). */
  sortKeys?: boolean;
}

/**
 * `json.dumps(value)` with Python's defaults: whole numbers print as ints, non-integral numbers
 * and {@link PyFloat} as Python floats, bare `NaN`/`Infinity`, ASCII-only strings.
 */
export function dumpsPython(value: PyJson, options: DumpOptions = {}): string {
  const parts: string[] = [];
  write(value, parts, options.sortKeys === true);
  return parts.join('');
}

function write(value: PyJson, out: string[], sortKeys: boolean): void {
  if (value === null) out.push('null');
  else if (value === true) out.push('true');
  else if (value === false) out.push('false');
  else if (typeof value === 'number')
    out.push(Number.isInteger(value) ? pyIntRepr(value) : pyFloatRepr(value));
  else if (typeof value === 'bigint') out.push(value.toString());
  else if (typeof value === 'string') out.push(pyJsonString(value));
  else if (value instanceof PyFloat) out.push(pyFloatRepr(value.value));
  else if (Array.isArray(value)) {
    out.push('[');
    value.forEach((item, i) => {
      if (i > 0) out.push(', ');
      write(item, out, sortKeys);
    });
    out.push(']');
  } else {
    const keys = sortKeys ? Object.keys(value).sort(comparePythonStrings) : keysInOrder(value);
    out.push('{');
    keys.forEach((key, i) => {
      if (i > 0) out.push(', ');
      out.push(pyJsonString(key), ': ');
      write(value[key] as PyJson, out, sortKeys);
    });
    out.push('}');
  }
}
