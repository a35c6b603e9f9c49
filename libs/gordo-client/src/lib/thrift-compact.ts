/**
 * The thrift compact protocol's type codes, in which parquet writes its footer and page headers
 * (`parquet-footer.ts` reads them, `parquet-writer.ts` writes them).
 */
export const CompactType = {
  TRUE: 1,
  FALSE: 2,
  BYTE: 3,
  I16: 4,
  I32: 5,
  I64: 6,
  DOUBLE: 7,
  BINARY: 8,
  LIST: 9,
  SET: 10,
  MAP: 11,
  STRUCT: 12,
  UUID: 13,
} as const;
