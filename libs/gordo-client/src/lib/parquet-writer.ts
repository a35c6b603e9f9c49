import { CompactType } from './thrift-compact';

/** A required column of a flat parquet file: doubles, or int64 timestamps in nanoseconds (UTC). */
export type FlatColumn =
  | { name: string; type: 'DOUBLE'; values: Float64Array }
  | { name: string; type: 'TIMESTAMP_NANOS'; epochMs: Float64Array };

const { TRUE, FALSE, I32, I64, BINARY, LIST, STRUCT } = CompactType;
// The parquet enum values written here.
const PHYSICAL = { DOUBLE: 5, INT64: 2 } as const;
const PLAIN = 0;
const RLE = 3;
const DATA_PAGE = 0;
const UNCOMPRESSED = 0;
const REQUIRED = 0;

/**
 * A parquet file of required flat columns, one row group, one plain uncompressed page per column,
 * and key-value metadata. That is all a model input needs, so the values go in as the bytes of
 * their typed arrays; a general writer (hyparquet-writer) wrote them one value at a time and
 * built a thrift object per struct, which was a tenth of what our client allocated.
 */
export function writeFlatParquet(
  columns: readonly FlatColumn[],
  options: { keyValues?: ReadonlyMap<string, string>; createdBy?: string } = {},
): Uint8Array {
  const rows = columns.length ? columnLength(columns[0] as FlatColumn) : 0;
  for (const column of columns)
    if (columnLength(column) !== rows)
      throw new Error(`column ${column.name} has ${columnLength(column)} values, not ${rows}`);
  const header = pageHeader(rows * 8, rows); // every column's page has the same size
  const chunkSize = header.length + rows * 8;
  const footer = fileMetaData(columns, rows, chunkSize, options);
  const out = new Uint8Array(4 + columns.length * chunkSize + footer.length + 8);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  let at = 4;
  for (const column of columns) {
    out.set(header, at);
    at += header.length;
    if (column.type === 'DOUBLE') writeDoubles(out, view, at, column.values);
    else writeNanos(view, at, column.epochMs, column.name);
    at += rows * 8;
  }
  out.set(footer, at);
  view.setUint32(at + footer.length, footer.length, true);
  out.set(MAGIC, at + footer.length + 4);
  return out;
}

const MAGIC = new Uint8Array([0x50, 0x41, 0x52, 0x31]); // PAR1
const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

function physicalType(column: FlatColumn): number {
  return column.type === 'DOUBLE' ? PHYSICAL.DOUBLE : PHYSICAL.INT64;
}

function columnLength(column: FlatColumn): number {
  return column.type === 'DOUBLE' ? column.values.length : column.epochMs.length;
}

/** Parquet's PLAIN doubles are IEEE 754 little-endian: on such a machine, the array's own bytes. */
function writeDoubles(out: Uint8Array, view: DataView, at: number, values: Float64Array): void {
  if (LITTLE_ENDIAN) out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), at);
  else for (let i = 0; i < values.length; i++) view.setFloat64(at + i * 8, values[i] as number, true);
}

/**
 * Epoch milliseconds as int64 nanoseconds, in two 32-bit halves: the product passes 2^53, and a
 * BigInt per row was most of what encoding the index cost.
 */
function writeNanos(view: DataView, at: number, epochMs: Float64Array, name: string): void {
  for (let i = 0; i < epochMs.length; i++) {
    const ms = epochMs[i] as number;
    if (!Number.isSafeInteger(ms) || Math.abs(ms) >= 9_223_372_036_854)
      // int64 nanoseconds: year 2262
      throw new RangeError(
        `${name}[${i}] = ${ms} is not a whole millisecond that int64 nanoseconds can hold`,
      );
    const abs = Math.abs(ms);
    const highMs = Math.floor(abs / 2 ** 32);
    const low = (abs - highMs * 2 ** 32) * 1_000_000; // < 2^52: exact
    const lowWord = low % 2 ** 32;
    let hi = highMs * 1_000_000 + Math.floor(low / 2 ** 32);
    let lo = lowWord;
    if (ms < 0) {
      // Two's complement of the 64-bit magnitude.
      lo = (~lo + 1) >>> 0;
      hi = (~hi + (lo === 0 ? 1 : 0)) >>> 0;
    }
    view.setUint32(at + i * 8, lo, true);
    view.setUint32(at + i * 8 + 4, hi, true);
  }
}

function pageHeader(bytes: number, rows: number): Uint8Array {
  const w = new CompactWriter();
  w.struct(() => {
    w.i32Field(1, DATA_PAGE);
    w.i32Field(2, bytes); // uncompressed size
    w.i32Field(3, bytes); // compressed size
    w.structField(5, () => {
      w.i32Field(1, rows);
      w.i32Field(2, PLAIN);
      w.i32Field(3, RLE); // level encodings: required flat columns have no levels
      w.i32Field(4, RLE);
    });
  });
  return w.bytes();
}

function fileMetaData(
  columns: readonly FlatColumn[],
  rows: number,
  chunkSize: number,
  options: { keyValues?: ReadonlyMap<string, string>; createdBy?: string },
): Uint8Array {
  const w = new CompactWriter();
  w.struct(() => {
    w.i32Field(1, 2); // format version
    w.listField(2, STRUCT, columns.length + 1, (i) =>
      w.struct(() => {
        if (i === 0) {
          w.binaryField(4, 'schema');
          w.i32Field(5, columns.length);
          return;
        }
        const column = columns[i - 1] as FlatColumn;
        w.i32Field(1, physicalType(column));
        w.i32Field(3, REQUIRED);
        w.binaryField(4, column.name);
        if (column.type === 'TIMESTAMP_NANOS')
          w.structField(10, () =>
            w.structField(8, () => {
              w.boolField(1, true); // isAdjustedToUTC
              w.structField(2, () => w.structField(3, () => undefined)); // unit: NANOS
            }),
          );
      }),
    );
    w.i64Field(3, rows);
    w.listField(4, STRUCT, 1, () =>
      w.struct(() => {
        w.listField(1, STRUCT, columns.length, (i) =>
          w.struct(() => {
            const column = columns[i] as FlatColumn;
            const offset = 4 + i * chunkSize; // after PAR1, the chunks in column order
            w.i64Field(2, offset);
            w.structField(3, () => {
              w.i32Field(1, physicalType(column));
              w.listField(2, I32, 1, () => w.varint(PLAIN << 1));
              w.listField(3, BINARY, 1, () => w.binary(column.name));
              w.i32Field(4, UNCOMPRESSED);
              w.i64Field(5, rows);
              w.i64Field(6, chunkSize);
              w.i64Field(7, chunkSize);
              w.i64Field(9, offset);
            });
          }),
        );
        w.i64Field(2, columns.length * chunkSize);
        w.i64Field(3, rows);
      }),
    );
    const keyValues = [...(options.keyValues ?? [])];
    if (keyValues.length)
      w.listField(5, STRUCT, keyValues.length, (i) =>
        w.struct(() => {
          const [key, value] = keyValues[i] as [string, string];
          w.binaryField(1, key);
          w.binaryField(2, value);
        }),
      );
    if (options.createdBy) w.binaryField(6, options.createdBy);
  });
  return w.bytes();
}

const utf8 = new TextEncoder();

/** Thrift compact protocol, the few forms a parquet footer and page header use. */
class CompactWriter {
  private buffer = new Uint8Array(1024);
  private at = 0;
  private lastField = 0;

  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.at);
  }

  struct(fields: () => void): void {
    const outer = this.lastField;
    this.lastField = 0;
    fields();
    this.byte(0); // STOP
    this.lastField = outer;
  }

  structField(id: number, fields: () => void): void {
    this.fieldHeader(id, STRUCT);
    this.struct(fields);
  }

  i32Field(id: number, value: number): void {
    this.fieldHeader(id, I32);
    this.varint(((value << 1) ^ (value >> 31)) >>> 0);
  }

  /** Non-negative 64-bit values (sizes, offsets, counts) below 2^52. */
  i64Field(id: number, value: number): void {
    this.fieldHeader(id, I64);
    this.varint(value * 2);
  }

  boolField(id: number, value: boolean): void {
    this.fieldHeader(id, value ? TRUE : FALSE);
  }

  binaryField(id: number, text: string): void {
    this.fieldHeader(id, BINARY);
    this.binary(text);
  }

  listField(id: number, elementType: number, size: number, element: (i: number) => void): void {
    this.fieldHeader(id, LIST);
    if (size < 15) this.byte((size << 4) | elementType);
    else {
      this.byte(0xf0 | elementType);
      this.varint(size);
    }
    for (let i = 0; i < size; i++) element(i);
  }

  binary(text: string): void {
    const bytes = utf8.encode(text);
    this.varint(bytes.length);
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.at);
    this.at += bytes.length;
  }

  /** An unsigned varint of a non-negative integer up to 2^53. */
  varint(value: number): void {
    let n = value;
    while (n >= 0x80) {
      this.byte((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    this.byte(n);
  }

  private fieldHeader(id: number, type: number): void {
    const delta = id - this.lastField;
    if (delta > 0 && delta <= 15) this.byte((delta << 4) | type);
    else {
      this.byte(type);
      this.varint(((id << 1) ^ (id >> 31)) >>> 0);
    }
    this.lastField = id;
  }

  private byte(value: number): void {
    this.reserve(1);
    this.buffer[this.at++] = value;
  }

  private reserve(more: number): void {
    if (this.at + more <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.at + more));
    grown.set(this.buffer.subarray(0, this.at));
    this.buffer = grown;
  }
}
