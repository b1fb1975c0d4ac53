// Multi-row writes whose rows travel as ONE bound JSON text each statement:
//   INSERT INTO t (a, b, c) SELECT value->>0, value->>1, value->>2 FROM jsonb_each(?)
// instead of VALUES (?, ?, ?), (?, ?, ?), … with one parameter per value.
// Binding happens on the JavaScript thread, value by value (the driver copies
// each one into the native statement), and the JavaScript thread is what sets
// the pace of a bulk write: an initial sync of 100,000 contacts bound about
// two million values. One text is one binding; SQLite's JSON parser takes the
// rows apart on the driver's thread. jsonb_each parses the text once and
// hands each row over as SQLite's binary JSON, which `->>` reads in place;
// json_each would hand each row back as text, parsed again by `->>` (20
// columns: about 17 µs a row with json_each, 9 with jsonb_each).
//
// A value comes back from `->>` exactly as it would have been stored, for the
// values JSON carries exactly: text, integers within ±2^53 (they come back
// INTEGER where binding may give REAL, which a column of INTEGER affinity
// stores the same way; every vault column that takes numbers is INTEGER) and
// NULL. A batch holding anything else (a blob, a fraction, a string with a
// lone surrogate, which binding turns into U+FFFD but SQLite's JSON decoder
// would store as an invalid UTF-8 sequence) is bound value by value. Lone
// surrogates are found with String#isWellFormed on each value (free for a
// string with no character above U+00FF). Searching the JSON text for their
// \udXXX escapes with a case-insensitive regular expression cost more than
// JSON.stringify itself: importing 78,000 contacts, this function took
// 1,596 ms that way and 485 ms now.
import type { SqlValue, WriteTx } from './connection';
import { placeholderRows } from './placeholders';

/** Rows per statement, and characters of text per statement (a 10 MB note goes alone, not with 2,000 others). */
const maxRows = 2_000;
const maxChars = 4_000_000;
/** Rows per statement when values are bound one by one: under SQLite's 32,766 parameters. */
const maxParameters = 16_000;

/**
 * `SELECT value->>0 AS column1, …, value->>(width - 1) AS column{width} FROM jsonb_each(?)`:
 * the rows of a bound JSON array of arrays, named as a VALUES list names its columns.
 */
export function jsonRowsSelect(width: number): string {
  const columns = Array.from({ length: width }, (_, index) => `value->>${index} AS column${index + 1}`);
  return `SELECT ${columns.join(', ')} FROM jsonb_each(?)`;
}

/** The batch as one JSON text, or null when a value would not come back from `->>` as binding would store it. */
export function jsonRowsText(rows: readonly (readonly SqlValue[])[]): string | null {
  for (const row of rows) {
    for (const value of row) {
      if (value === null) continue;
      if (typeof value === 'string') {
        if (value.isWellFormed()) continue;
        return null;
      }
      if (typeof value === 'number' && Number.isSafeInteger(value)) continue;
      return null;
    }
  }
  return JSON.stringify(rows);
}

/** Splits rows into statements' worth: at most maxRows rows, and at most maxChars characters of text unless a single row is larger. */
export function rowBatches<T extends readonly SqlValue[]>(rows: readonly T[]): T[][] {
  const batches: T[][] = [];
  let batch: T[] = [];
  let chars = 0;
  for (const row of rows) {
    let size = 0;
    for (const value of row) size += typeof value === 'string' ? value.length : 8;
    if (batch.length > 0 && (batch.length >= maxRows || chars + size > maxChars)) {
      batches.push(batch);
      batch = [];
      chars = 0;
    }
    batch.push(row);
    chars += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/**
 * The rows as sources for statements that read them as a table (UPDATE …
 * FROM): `(SELECT …) AS alias` with one JSON text per batch, or, for a batch
 * JSON cannot carry, `(VALUES …) AS alias` in parts under SQLite's parameter
 * limit. Both name their columns column1, column2, …
 */
export function* rowSources(rows: readonly (readonly SqlValue[])[], alias: string): Generator<{ sql: string; params: SqlValue[] }> {
  const width = rows[0]?.length ?? 0;
  if (width === 0) return;
  for (const batch of rowBatches(rows)) {
    const text = jsonRowsText(batch);
    if (text !== null) {
      yield { sql: `(${jsonRowsSelect(width)}) AS ${alias}`, params: [text] };
      continue;
    }
    const perStatement = Math.max(1, Math.floor(maxParameters / width));
    for (let start = 0; start < batch.length; start += perStatement) {
      const part = batch.slice(start, start + perStatement);
      yield { sql: `(VALUES ${placeholderRows(part.length, width)}) AS ${alias}`, params: part.flat() };
    }
  }
}

/**
 * How many rows each placeholder statement takes: full statements, then the
 * rest as falling powers of two. The driver keeps prepared statements by SQL
 * text, so a table is written with a handful of distinct statements however
 * the row counts vary, each prepared once.
 */
export function statementSizes(rows: number, most: number): number[] {
  const sizes: number[] = [];
  let left = rows;
  while (left >= most) {
    sizes.push(most);
    left -= most;
  }
  for (let size = 2 ** Math.floor(Math.log2(most)); size >= 1; size /= 2) {
    if (left >= size) {
      sizes.push(size);
      left -= size;
    }
  }
  return sizes;
}

/** The statements that insert `rows`: one per batch as JSON where it can, else placeholder statements. */
function* insertStatements(head: string, rows: readonly (readonly SqlValue[])[], tail: string): Generator<{ sql: string; params: SqlValue[] }> {
  const width = rows[0]?.length ?? 0;
  if (width === 0) return;
  const end = tail === '' ? '' : ` ${tail}`;
  for (const batch of rowBatches(rows)) {
    const text = jsonRowsText(batch);
    if (text !== null) {
      // "WHERE true" keeps an ON CONFLICT tail from being read as a join constraint (SQLite's upsert parsing rule).
      yield { sql: `${head} ${jsonRowsSelect(width)} WHERE true${end}`, params: [text] };
      continue;
    }
    let start = 0;
    for (const size of statementSizes(batch.length, Math.max(1, 2 ** Math.floor(Math.log2(maxParameters / width))))) {
      yield { sql: `${head} VALUES ${placeholderRows(size, width)}${end}`, params: batch.slice(start, start + size).flat() };
      start += size;
    }
  }
}

/**
 * INSERT of same-width rows: `head` names the table and columns
 * (`INSERT OR IGNORE INTO t (a, b)`), `tail` may add an ON CONFLICT clause.
 */
export async function insertRows(tx: WriteTx, head: string, rows: readonly (readonly SqlValue[])[], tail = ''): Promise<void> {
  for (const statement of insertStatements(head, rows, tail)) await tx.run(statement.sql, statement.params);
}

/** insertRows with a RETURNING tail: the rows it returns, in no promised order. */
export async function insertRowsReturning(tx: WriteTx, head: string, rows: readonly (readonly SqlValue[])[], returning: string): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const statement of insertStatements(head, rows, returning)) out.push(...(await tx.all(statement.sql, statement.params)));
  return out;
}
