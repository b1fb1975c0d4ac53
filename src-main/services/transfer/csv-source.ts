// Streams the records of an uploaded CSV file, one at a time, so a 100k-row
// file is never held as an array of rows: plain files through the fast reader
// (csv-fast-path.ts), anything else through csv-parse. Row numbers are the ones
// a spreadsheet shows: the header is row 1, blank lines count, a quoted value
// spanning lines stays one row, and CRLF, LF and a lone CR each end a row,
// mixed in one file too. The delimiter (comma, semicolon as saved by
// European Excel, or tab) is taken from the header line, or from the "sep=;"
// line Excel may write before it (that line is skipped, not a row).
// Structural errors that make the rest of the file unreadable (an
// unterminated quote) end the stream with a FileProblemError naming the line
// where the problem starts (the file's line, as a text editor counts it) and,
// when a quoted value spanning lines makes them differ, the row (as a
// spreadsheet counts it); every row read before the problem is yielded first.
// csv-parse's own messages are not passed on, since they can quote the
// file's content.
import { CsvError, parse } from 'csv-parse';
import { BadInputError } from '../../../src-shared/ipc/errors';
import { maxImportRecordChars, type FileProblem } from '../../../src-shared/transfer/import';
import { NotSimpleCsv, simpleCsvRecords } from './csv-fast-path';
import { decodeChunks, type TextEncoding } from './decode-text';

export interface CsvRecord {
  /** 1-based, the header being row 1. */
  readonly row: number;
  readonly cells: readonly string[];
}

/** The file cannot be read past some point; carries the problem for the report. */
export class FileProblemError extends BadInputError {
  constructor(readonly problem: FileProblem) {
    super(problem.message, { code: 'file_problem', problem: problem.code, line: problem.line, row: problem.row });
  }
}

/**
 * A file problem whose message says where it starts: the line, and the row
 * too when they differ (a quoted value spanning lines above it, Excel's
 * "sep=" line, which is a line but not a row).
 */
export function fileProblem(code: FileProblem['code'], message: string, line: number | null, row: number | null = line): FileProblem {
  const where = line === null ? '' : row === null || row === line ? ` (line ${line})` : ` (line ${line} of the file; row ${row} in a spreadsheet)`;
  return { code, message: `${message}${where}`, line, row: row === line ? null : row };
}

/** Largest record (characters). */
export const maxRecordChars = maxImportRecordChars;

/**
 * The delimiter that occurs most often outside quotes in the first line that is not blank (the header: blank
 * lines before it are skipped, so a file starting with one was read as comma-separated whatever it was).
 */
export function detectDelimiter(firstText: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  let started = false;
  for (const char of firstText) {
    if (!started && (char === '\n' || char === '\r' || char === ' ')) continue;
    started = true;
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && (char === ',' || char === ';' || char === '\t')) counts[char] += 1;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return ',';
}

/** Where a record starts in the file: its 1-based line and its 0-based index among the file's records. */
interface RecordPlace {
  readonly line: number;
  readonly record: number;
}

/**
 * Where record `record` (0-based, counting every record of the file) starts,
 * and where a quoted value still open at the end of the file opens, with the
 * record it is in. Run only after csv-parse reported an error, with its rules:
 * a quote opens a quoted value only at the start of a value, "" inside one is
 * an escaped quote, a quote followed by anything but a delimiter or newline
 * closes it all the same (relax_quotes), and CRLF, LF and a lone CR outside
 * quotes each end a record. Lines are counted as an editor counts them: CRLF,
 * LF and a lone CR each end one, inside quoted values too.
 */
export function locateInCsv(bytes: Uint8Array, encoding: TextEncoding, delimiter: string, record: number): { recordLine: number | null; openQuote: RecordPlace | null } {
  let line = 1;
  let current = 0;
  let recordLine: number | null = record === 0 ? 1 : null;
  let quoted = false;
  let openQuote: RecordPlace | null = null;
  let atValueStart = true;
  let pendingQuote = false;
  let afterCr = false;
  for (const text of decodeChunks(bytes, encoding)) {
    for (const char of text) {
      const crlf = afterCr && char === '\n';
      afterCr = char === '\r';
      if (quoted) {
        if (pendingQuote) {
          pendingQuote = false;
          if (char === '"') continue;
          quoted = false;
        } else if (char === '"') {
          pendingQuote = true;
          continue;
        }
      }
      if (!quoted) {
        if (char === '"' && atValueStart) {
          quoted = true;
          openQuote = { line, record: current };
        }
        atValueStart = char === delimiter || char === '\n' || char === '\r';
      }
      if (char === '\r' || (char === '\n' && !crlf)) {
        line += 1;
        // The record ends here; CRLF's LF ends nothing more.
        if (!quoted) {
          current += 1;
          if (current === record) recordLine = line;
        }
      }
    }
  }
  return { recordLine, openQuote: quoted && !pendingQuote ? openQuote : null };
}

/**
 * The problem csv-parse met in the record after the `completed` records it
 * read whole; `firstRow` is the row number of the file's first record (0 when
 * it is Excel's "sep=" line, which is not a row).
 */
function problemFrom(error: unknown, where: () => ReturnType<typeof locateInCsv>, completed: number, firstRow: number): FileProblem {
  if (!(error instanceof CsvError)) throw error;
  const place = where();
  const at = (code: FileProblem['code'], message: string, start: RecordPlace | null) =>
    start === null ? fileProblem(code, message, null) : fileProblem(code, message, start.line, Math.max(1, start.record + firstRow));
  const record = place.recordLine === null ? null : { line: place.recordLine, record: completed };
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return at('unterminated_quote', 'A quoted value is never closed: add the missing " or remove the stray one', place.openQuote ?? record);
    case 'CSV_MAX_RECORD_SIZE':
      return at('record_too_large', 'A row is larger than 16,000,000 characters', record);
    default:
      return at('malformed_csv', 'The CSV is malformed here: check the quotes around values', record);
  }
}

type Delimiter = ',' | ';' | '\t';

/** The delimiter Excel's hint line names ("sep=;" before the header), or null when the file has none. */
function separatorHint(text: string): Delimiter | null {
  const named = /^sep=([,;\t])\r?\n/i.exec(text)?.[1];
  return named === ',' || named === ';' || named === '\t' ? named : null;
}

/** The file's delimiter: the one Excel's "sep=" line names, else the one its header line uses most. */
export function csvDelimiter(bytes: Uint8Array, encoding: TextEncoding): Delimiter {
  const text = firstText(bytes, encoding);
  return separatorHint(text) ?? detectDelimiter(text);
}

/** Reads the header's first bytes to choose the delimiter. */
function firstText(bytes: Uint8Array, encoding: TextEncoding): string {
  const head = decodeChunks(bytes.subarray(0, 64 * 1024), encoding).next();
  return head.done === true ? '' : head.value;
}

/** The newlines that end a row, longest first so CRLF is one. */
export const recordDelimiters = ['\r\n', '\n', '\r'];

/**
 * csv-parse over the whole file, leaving out the first `skip` records (already
 * read by the fast path). Records are taken as csv-parse completes them
 * (on_record) and the text is written a chunk at a time, so the records of a
 * chunk that ends in an error are still yielded before it: read through the
 * stream's iterator, an error dropped the records parsed with it, and a
 * preview counted and showed fewer rows than the file has before its problem.
 */
async function* parsedRecords(bytes: Uint8Array, encoding: TextEncoding, delimiter: Delimiter, skip: number, firstRow: number): AsyncGenerator<CsvRecord> {
  const completed: string[][] = [];
  const parser = parse({
    delimiter,
    // Every newline ends a row, whichever style: csv-parse would otherwise take the first one it meets as the
    // only one, and a file with rows appended in another editor (CRLF, then LF) would merge rows, or keep a
    // quoted value's closing quote in the value.
    record_delimiter: recordDelimiters,
    relax_column_count: true,
    // A stray quote inside an unquoted value ("5" screen") is kept as text.
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: maxRecordChars,
    on_record: (cells: unknown) => {
      if (!Array.isArray(cells)) throw new Error('csv-parse yielded a record that is not an array');
      completed.push(cells.map((cell) => (typeof cell === 'string' ? cell : String(cell))));
      // Nothing is pushed to the stream: the records are read from `completed`.
      return null;
    },
  });
  let failure: unknown = null;
  // The callbacks hear an error before the stream emits it; the listener keeps the emit from being unhandled.
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.resume();
  const feed = (chunk: string | null) =>
    new Promise<void>((resolve) => {
      const done = (error?: Error | null) => {
        if (error !== undefined && error !== null) failure ??= error;
        resolve();
      };
      if (chunk === null) parser.end(done);
      else parser.write(chunk, done);
    });
  let records = 0;
  try {
    for (const chunk of decodeChunksThenEnd(bytes, encoding)) {
      await feed(chunk);
      for (const cells of completed.splice(0)) {
        records += 1;
        if (records > skip) yield { row: records - 1 + firstRow, cells };
      }
      if (failure !== null) break;
    }
  } finally {
    parser.destroy();
  }
  if (failure !== null) {
    const read = records;
    throw new FileProblemError(problemFrom(failure, () => locateInCsv(bytes, encoding, delimiter, read), read, firstRow));
  }
}

/** The file's text in chunks, then null for its end. */
function* decodeChunksThenEnd(bytes: Uint8Array, encoding: TextEncoding): Generator<string | null> {
  yield* decodeChunks(bytes, encoding);
  yield null;
}

/**
 * The file's records. Throws FileProblemError where the CSV cannot be read on;
 * records before that point have already been yielded. Plain files go through
 * the fast reader (csv-fast-path.ts); at the first thing it does not handle,
 * csv-parse takes over from the record where it stopped.
 */
export async function* csvRecords(bytes: Uint8Array, encoding: TextEncoding): AsyncGenerator<CsvRecord> {
  const head = firstText(bytes, encoding);
  const hinted = separatorHint(head);
  // Excel's "sep=" line is not a row: a spreadsheet hides it and numbers the header 1, so it is row 0, left out.
  const firstRow = hinted === null ? 1 : 0;
  for await (const record of fileRecords(bytes, encoding, hinted ?? detectDelimiter(head), firstRow)) {
    if (record.row >= 1) yield record;
  }
}

async function* fileRecords(bytes: Uint8Array, encoding: TextEncoding, delimiter: Delimiter, firstRow: number): AsyncGenerator<CsvRecord> {
  let records = 0;
  try {
    for (const cells of simpleCsvRecords(decodeChunks(bytes, encoding), delimiter)) {
      records += 1;
      yield { row: records - 1 + firstRow, cells };
    }
    return;
  } catch (error) {
    if (!(error instanceof NotSimpleCsv)) throw error;
  }
  yield* parsedRecords(bytes, encoding, delimiter, records, firstRow);
}

/** Whether a record is a blank line (csv-parse gives one empty cell). */
export function isBlank(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}
