// Streams the records of an uploaded CSV file, one at a time, so a 100k-row
// file is never held as an array of rows: plain files through the fast reader
// (csv-fast-path.ts), anything else through csv-parse. Row numbers are the ones
// a spreadsheet shows: the header is row 1, blank lines count, a quoted value
// spanning lines stays one row, and CRLF, LF and a lone CR each end a row,
// mixed in one file too. The delimiter (comma, semicolon as saved by
// European Excel, or tab) is taken from the header line, or from the "sep=;"
// line Excel may write before it (that line is skipped, not a row).
// Structural errors that make the rest of the file unreadable (an
// unterminated quote) end the stream with a FileProblemError; csv-parse's own
// messages are not passed on, since they can quote the file's content.
import { Readable } from 'node:stream';
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
    super(problem.line === null ? problem.message : `${problem.message} (line ${problem.line})`, { code: 'file_problem', problem: problem.code, line: problem.line });
  }
}

/** Largest record (characters). */
export const maxRecordChars = maxImportRecordChars;

/** The delimiter that occurs most often outside quotes in the first line. */
export function detectDelimiter(firstText: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of firstText) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && (char === ',' || char === ';' || char === '\t')) counts[char] += 1;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return ',';
}

/**
 * The line on which the quoted value that is never closed opens. Run only
 * after csv-parse reported one, with its rules: a quote opens a quoted value
 * only at the start of a value, and "" inside one is an escaped quote.
 */
export function unclosedQuoteLine(bytes: Uint8Array, encoding: TextEncoding, delimiter: string): number | null {
  let line = 1;
  let quoted = false;
  let openedOn = 0;
  let atValueStart = true;
  let pendingQuote = false;
  for (const text of decodeChunks(bytes, encoding)) {
    for (const char of text) {
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
          openedOn = line;
        }
        atValueStart = char === delimiter || char === '\n' || char === '\r';
      }
      if (char === '\n') line += 1;
    }
  }
  return quoted && !pendingQuote ? openedOn : null;
}

function problemFrom(error: unknown, openQuoteLine: () => number | null): FileProblem {
  if (!(error instanceof CsvError)) throw error;
  const reported = Reflect.get(error, 'lines');
  const line = typeof reported === 'number' && reported > 0 ? reported : null;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return { code: 'unterminated_quote', message: 'A quoted value is never closed: add the missing " or remove the stray one', line: openQuoteLine() };
    case 'CSV_MAX_RECORD_SIZE':
      return { code: 'record_too_large', message: 'A row is larger than 16,000,000 characters', line };
    default:
      return { code: 'malformed_csv', message: 'The CSV is malformed here: check the quotes around values', line };
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

/** csv-parse over the whole file, leaving out the first `skip` records (already read by the fast path). */
async function* parsedRecords(bytes: Uint8Array, encoding: TextEncoding, delimiter: ',' | ';' | '\t', skip: number): AsyncGenerator<CsvRecord> {
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
  });
  const source = Readable.from(decodeChunks(bytes, encoding));
  source.pipe(parser);
  let row = 0;
  try {
    for await (const cells of parser) {
      if (!Array.isArray(cells)) throw new Error('csv-parse yielded a record that is not an array');
      row += 1;
      if (row <= skip) continue;
      yield { row, cells: cells.map((cell) => (typeof cell === 'string' ? cell : String(cell))) };
    }
  } catch (error) {
    throw new FileProblemError(problemFrom(error, () => unclosedQuoteLine(bytes, encoding, delimiter)));
  } finally {
    source.unpipe(parser);
    source.destroy();
    parser.destroy();
  }
}

/**
 * The file's records. Throws FileProblemError where the CSV cannot be read on;
 * records before that point have already been yielded. Plain files go through
 * the fast reader (csv-fast-path.ts); at the first thing it does not handle,
 * csv-parse takes over from the record where it stopped.
 */
export async function* csvRecords(bytes: Uint8Array, encoding: TextEncoding): AsyncGenerator<CsvRecord> {
  // Excel's "sep=" line is not a row: a spreadsheet hides it and numbers the header 1.
  const head = firstText(bytes, encoding);
  const hinted = separatorHint(head);
  if (hinted === null) {
    yield* fileRecords(bytes, encoding, detectDelimiter(head));
    return;
  }
  for await (const record of fileRecords(bytes, encoding, hinted)) {
    if (record.row > 1) yield { row: record.row - 1, cells: record.cells };
  }
}

async function* fileRecords(bytes: Uint8Array, encoding: TextEncoding, delimiter: Delimiter): AsyncGenerator<CsvRecord> {
  let row = 0;
  try {
    for (const cells of simpleCsvRecords(decodeChunks(bytes, encoding), delimiter)) {
      row += 1;
      yield { row, cells };
    }
    return;
  } catch (error) {
    if (!(error instanceof NotSimpleCsv)) throw error;
  }
  yield* parsedRecords(bytes, encoding, delimiter, row);
}

/** Whether a record is a blank line (csv-parse gives one empty cell). */
export function isBlank(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}
