import {
  CompressionCodecs,
  ConvertedTypes,
  FieldRepetitionTypes,
  ParquetTypes,
} from 'hyparquet/src/constants.js';
import type { ColumnMetaData, LogicalType, SchemaElement, TimeUnit } from 'hyparquet';
import { CompactType } from './thrift-compact';

/** A column chunk's location and encoding: what reading its pages needs. */
export type FooterColumn = Pick<ColumnMetaData, 'type' | 'path_in_schema' | 'codec'> & {
  /** Counts and byte offsets as numbers (hyparquet's metadata has bigints). */
  num_values: number;
  total_compressed_size: number;
  data_page_offset: number;
  dictionary_page_offset?: number;
};

/** The part of a parquet footer a flat-column reader needs, in hyparquet's shapes. */
export interface ParquetFooter {
  num_rows: number;
  /** Every schema element, the root first, as hyparquet's `parquetSchema` takes them. */
  schema: SchemaElement[];
  row_groups: { num_rows: number; columns: { file_path?: string; meta_data?: FooterColumn }[] }[];
  /** Values of the file's key-value metadata whose keys were asked for. */
  keyValues: Map<string, string>;
}

const { TRUE, FALSE, BYTE, I16, I32, I64, DOUBLE, BINARY, LIST, SET, MAP, STRUCT, UUID } = CompactType;

const utf8 = new TextDecoder();

/**
 * Reads a parquet footer (`FileMetaData`), keeping only what `keep` and flat-column reading need.
 *
 * hyparquet's `parquetMetadata` turns every thrift field into an object property with bigints for
 * 64-bit integers, and decodes every key-value string and column statistic. A Gordo answer's footer
 * is most of its bytes (84 of 122 KB for 9 rows of 131 columns: pyarrow's `ARROW:schema` and the
 * pandas metadata), and reading it that way was a fifth of all the executor allocated per task.
 * Here unwanted fields are skipped over without being built.
 */
export function readParquetFooter(file: ArrayBuffer, keep: readonly string[] = []): ParquetFooter {
  const view = new DataView(file);
  if (view.byteLength < 12 || view.getUint32(view.byteLength - 4, true) !== 0x31524150)
    throw new Error('parquet file invalid (it does not end with PAR1)');
  const length = view.getUint32(view.byteLength - 8, true);
  if (length > view.byteLength - 12)
    throw new Error(`parquet footer length ${length} exceeds the file (${view.byteLength} bytes)`);
  const reader = new CompactReader(new Uint8Array(file, view.byteLength - 8 - length, length));
  const footer: ParquetFooter = { num_rows: 0, schema: [], row_groups: [], keyValues: new Map() };
  reader.struct((id, type) => {
    if (id === 2 && type === LIST) reader.list(() => footer.schema.push(schemaElement(reader)));
    else if (id === 3 && type === I64) footer.num_rows = reader.i64();
    else if (id === 4 && type === LIST) reader.list(() => footer.row_groups.push(rowGroup(reader)));
    else if (id === 5 && type === LIST) reader.list(() => keyValue(reader, keep, footer.keyValues));
    else reader.skip(type);
  });
  return footer;
}

function schemaElement(reader: CompactReader): SchemaElement {
  const element: Partial<SchemaElement> & { name: string } = { name: '' };
  reader.struct((id, type) => {
    if (id === 1 && type === I32) element.type = named(ParquetTypes, reader.i32(), 'physical type');
    else if (id === 2 && type === I32) element.type_length = reader.i32();
    else if (id === 3 && type === I32)
      element.repetition_type = named(FieldRepetitionTypes, reader.i32(), 'repetition type');
    else if (id === 4 && type === BINARY) element.name = reader.string();
    else if (id === 5 && type === I32) element.num_children = reader.i32();
    else if (id === 6 && type === I32)
      element.converted_type = named(ConvertedTypes, reader.i32(), 'converted type');
    else if (id === 7 && type === I32) element.scale = reader.i32();
    else if (id === 8 && type === I32) element.precision = reader.i32();
    else if (id === 9 && type === I32) element.field_id = reader.i32();
    else if (id === 10 && type === STRUCT) element.logical_type = logicalType(reader);
    else reader.skip(type);
  });
  return element as SchemaElement;
}

/** Names from the `LogicalType` union, with the parameters hyparquet's value conversion reads. */
const LOGICAL_NAMES: Readonly<Record<number, string>> = {
  1: 'STRING',
  2: 'MAP',
  3: 'LIST',
  4: 'ENUM',
  6: 'DATE',
  11: 'NULL',
  12: 'JSON',
  13: 'BSON',
  14: 'UUID',
  15: 'FLOAT16',
  16: 'VARIANT',
  17: 'GEOMETRY',
  18: 'GEOGRAPHY',
};

function logicalType(reader: CompactReader): LogicalType | undefined {
  let out: LogicalType | undefined;
  reader.struct((id, type) => {
    if (type !== STRUCT) return reader.skip(type);
    if (id === 5) {
      const decimal = { type: 'DECIMAL' as const, scale: 0, precision: 0 };
      reader.struct((f, t) => {
        if (f === 1 && t === I32) decimal.scale = reader.i32();
        else if (f === 2 && t === I32) decimal.precision = reader.i32();
        else reader.skip(t);
      });
      out = decimal;
    } else if (id === 7 || id === 8) {
      let isAdjustedToUTC = false;
      let unit: TimeUnit | undefined;
      reader.struct((f, t) => {
        if (f === 1 && (t === TRUE || t === FALSE)) isAdjustedToUTC = t === TRUE;
        else if (f === 2 && t === STRUCT) unit = timeUnit(reader);
        else reader.skip(t);
      });
      if (!unit) throw new Error('parquet time unit required');
      out = { type: id === 7 ? 'TIME' : 'TIMESTAMP', isAdjustedToUTC, unit };
    } else if (id === 10) {
      const integer = { type: 'INTEGER' as const, bitWidth: 0, isSigned: false };
      reader.struct((f, t) => {
        if (f === 1 && t === BYTE) integer.bitWidth = reader.byte();
        else if (f === 1 && t === I32)
          integer.bitWidth = reader.i32(); // hyparquet-writer's
        else if (f === 2 && (t === TRUE || t === FALSE)) integer.isSigned = t === TRUE;
        else reader.skip(t);
      });
      out = integer;
    } else {
      reader.skip(type);
      const name = LOGICAL_NAMES[id];
      // Parameters of the others (a geometry's CRS, a variant's version) do not matter to numbers.
      if (name) out = { type: name } as LogicalType;
    }
  });
  return out;
}

function timeUnit(reader: CompactReader): TimeUnit | undefined {
  let unit: TimeUnit | undefined;
  reader.struct((id, type) => {
    reader.skip(type);
    if (id === 1) unit = 'MILLIS';
    else if (id === 2) unit = 'MICROS';
    else if (id === 3) unit = 'NANOS';
  });
  return unit;
}

function rowGroup(reader: CompactReader): ParquetFooter['row_groups'][number] {
  const group: ParquetFooter['row_groups'][number] = { num_rows: 0, columns: [] };
  reader.struct((id, type) => {
    if (id === 1 && type === LIST) reader.list(() => group.columns.push(columnChunk(reader)));
    else if (id === 3 && type === I64) group.num_rows = reader.i64();
    else reader.skip(type);
  });
  return group;
}

function columnChunk(reader: CompactReader): ParquetFooter['row_groups'][number]['columns'][number] {
  const chunk: ParquetFooter['row_groups'][number]['columns'][number] = {};
  reader.struct((id, type) => {
    if (id === 1 && type === BINARY) chunk.file_path = reader.string();
    else if (id === 3 && type === STRUCT) chunk.meta_data = columnMetaData(reader);
    else reader.skip(type);
  });
  return chunk;
}

function columnMetaData(reader: CompactReader): FooterColumn {
  const meta: FooterColumn = {
    type: 'BOOLEAN',
    path_in_schema: [],
    codec: 'UNCOMPRESSED',
    num_values: 0,
    total_compressed_size: 0,
    data_page_offset: 0,
  };
  reader.struct((id, type) => {
    if (id === 1 && type === I32) meta.type = named(ParquetTypes, reader.i32(), 'physical type');
    else if (id === 3 && type === LIST) reader.list(() => meta.path_in_schema.push(reader.string()));
    else if (id === 4 && type === I32) meta.codec = named(CompressionCodecs, reader.i32(), 'codec');
    else if (id === 5 && type === I64) meta.num_values = reader.i64();
    else if (id === 7 && type === I64) meta.total_compressed_size = reader.i64();
    else if (id === 9 && type === I64) meta.data_page_offset = reader.i64();
    else if (id === 11 && type === I64) meta.dictionary_page_offset = reader.i64();
    else reader.skip(type);
  });
  return meta;
}

function keyValue(reader: CompactReader, keep: readonly string[], into: Map<string, string>): void {
  let key: string | undefined;
  let value: [number, number] | undefined;
  reader.struct((id, type) => {
    if (id === 1 && type === BINARY) key = reader.string();
    else if (id === 2 && type === BINARY) value = reader.span();
    else reader.skip(type);
  });
  // Values are decoded only when wanted: pyarrow's ARROW:schema alone is a third of a Gordo footer.
  if (key !== undefined && value && keep.includes(key)) into.set(key, reader.text(value[0], value[1]));
}

function named<T>(names: readonly T[], index: number, what: string): T {
  const name = names[index];
  if (name === undefined) throw new Error(`parquet ${what} ${index} is unknown`);
  return name;
}

/** A cursor over thrift compact-protocol bytes that reads wanted fields and skips the rest. */
class CompactReader {
  private at = 0;
  private elementType = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /** Calls `field` with each field's id and type; `field` must read or skip the value. */
  struct(field: (id: number, type: number) => void): void {
    let id = 0;
    for (;;) {
      const header = this.byte();
      const type = header & 0x0f;
      if (type === 0) return;
      const delta = header >> 4;
      id = delta ? id + delta : this.i32();
      field(id, type);
    }
  }

  /** Calls `item` once per element; the element type must be the struct or string it reads. */
  list(item: () => void): void {
    const size = this.listHeader();
    for (let i = 0; i < size; i++) item();
  }

  skip(type: number): void {
    switch (type) {
      case TRUE:
      case FALSE: // a struct field's value is in its header
        return;
      case BYTE:
        this.at += 1;
        break;
      case I16:
      case I32:
      case I64:
        this.varint();
        break;
      case DOUBLE:
        this.at += 8;
        break;
      case BINARY:
        this.skipBinary();
        break;
      case UUID:
        this.at += 16;
        break;
      case LIST:
      case SET: {
        const size = this.listHeader();
        const element = this.elementType;
        // A list's booleans are one byte each, unlike a struct's.
        for (let i = 0; i < size; i++) this.skip(element === TRUE || element === FALSE ? BYTE : element);
        break;
      }
      case MAP: {
        const size = this.varint();
        if (size === 0) break;
        const types = this.byte();
        for (let i = 0; i < size; i++) {
          this.skip(types >> 4);
          this.skip(types & 0x0f);
        }
        break;
      }
      case STRUCT:
        this.skipStruct();
        break;
      default:
        throw new Error(`parquet footer: unknown thrift type ${type} at byte ${this.at}`);
    }
    this.check();
  }

  /** Field headers and values up to the struct's end; no ids needed, so no callback. */
  private skipStruct(): void {
    for (;;) {
      const header = this.byte();
      const type = header & 0x0f;
      if (type === 0) return;
      if (!(header >> 4)) this.varint(); // a long-form field id
      this.skip(type);
    }
  }

  byte(): number {
    this.check(1);
    return this.bytes[this.at++] as number;
  }

  i32(): number {
    const n = this.varint();
    return (n >>> 1) ^ -(n & 1);
  }

  /** A zigzag 64-bit integer as a number: offsets, sizes and counts stay below 2^53. */
  i64(): number {
    let n = 0;
    for (let scale = 1; ; scale *= 128) {
      const b = this.byte();
      n += (b & 0x7f) * scale;
      if (!(b & 0x80)) break;
    }
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }

  /** `[start, length]` of a binary value, skipped over. */
  span(): [number, number] {
    const start = this.skipBinary();
    return [start, this.at - start];
  }

  string(): string {
    const start = this.skipBinary();
    return this.text(start, this.at - start);
  }

  /** Steps over a binary value and returns where its bytes start (they end at `at`). */
  private skipBinary(): number {
    const length = this.varint();
    const start = this.at;
    this.at += length;
    this.check();
    return start;
  }

  text(start: number, length: number): string {
    return utf8.decode(this.bytes.subarray(start, start + length));
  }

  /** A list's size; its element type goes to `elementType` (no tuple per list). */
  private listHeader(): number {
    const header = this.byte();
    this.elementType = header & 0x0f;
    return header >> 4 === 15 ? this.varint() : header >> 4;
  }

  private varint(): number {
    let n = 0;
    for (let shift = 0; ; shift += 7) {
      const b = this.byte();
      n |= (b & 0x7f) << shift;
      if (!(b & 0x80)) return n >>> 0;
    }
  }

  private check(more = 0): void {
    if (this.at + more > this.bytes.length)
      throw new Error(`parquet footer ends early (at byte ${this.at} of ${this.bytes.length})`);
  }
}
