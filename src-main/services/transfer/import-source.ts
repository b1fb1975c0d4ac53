// One stream of data rows for both formats: CSV (header row, mapping, ragged
// rows reported) and vCard (a card is a row). Each row carries its mapped
// field values and the problems found while reading it.
import { BadInputError } from '../../../src-shared/ipc/errors';
import type { ColumnMapping, ImportEntity, ImportFormat, Rejection } from '../../../src-shared/transfer/import';
import { maxImportColumns, maxShownChars } from '../../../src-shared/transfer/import';
import { laterTurn } from '../../sync/event-loop';
import { fieldsFromCells, mappingProblem, suggestMapping, type FieldValues, type MappingProblem } from './column-mapping';
import { csvDelimiter, csvRecords, fileProblem, FileProblemError, isBlank } from './csv-source';
import { detectEncoding, type TextEncoding } from './decode-text';
import { vcardRecords } from './vcard-source';

export interface SourceRow {
  readonly row: number;
  readonly fields: FieldValues;
  readonly problems: Rejection[];
}

export interface OpenedSource {
  readonly encoding: TextEncoding;
  /** CSV header cells; empty for vCard. */
  readonly headers: readonly string[];
  readonly suggestedMapping: ColumnMapping;
  /** The mapping rows are read with (the suggestion unless the caller chose one). */
  readonly mapping: ColumnMapping;
  /** Why the mapping cannot import (no name column, …), or null. Preview shows it; a run refuses. */
  readonly mappingProblem: MappingProblem | null;
  /** Data rows in order (iterate with for await); throws FileProblemError where the file cannot be read on. */
  rows(): AsyncIterable<SourceRow> | Iterable<SourceRow>;
  /** An example of each CSV column, mapped or not (columnSamples); none for vCard. */
  columnSamples(): Promise<string[]>;
}

/** Data rows a column's example is looked for in. */
const sampleRows = 50;
/** The first maxShownChars characters and an ellipsis, never half a surrogate pair. */
export function cutSample(cell: string): string {
  if (cell.length <= maxShownChars) return cell;
  const head = cell.slice(0, maxShownChars);
  const last = head.charCodeAt(head.length - 1);
  return `${last >= 0xd800 && last <= 0xdbff ? head.slice(0, -1) : head}…`;
}

/**
 * Each column's first non-empty value (trimmed, cut by cutSample) among the first sampleRows data
 * rows, '' when they have none: the mapping screen shows it beside the column, mapped or ignored. A
 * file problem ends the search (the preview reports it).
 */
async function columnSamples(bytes: Uint8Array, encoding: TextEncoding, width: number): Promise<string[]> {
  const samples = new Array<string>(width).fill('');
  let missing = width;
  let header = true;
  let rows = 0;
  try {
    for await (const record of csvRecords(bytes, encoding)) {
      if (isBlank(record.cells)) continue;
      if (header) {
        header = false;
        continue;
      }
      rows += 1;
      for (let column = 0; column < width; column += 1) {
        const cell = samples[column] === '' ? (record.cells[column]?.trim() ?? '') : '';
        if (cell === '') continue;
        samples[column] = cutSample(cell);
        missing -= 1;
      }
      if (missing === 0 || rows >= sampleRows) break;
    }
  } catch (error) {
    if (!(error instanceof FileProblemError)) throw error;
  }
  return samples;
}

/** Rows read between two turns of the event loop (a source parses on this thread; 1,000 rows take about 9 ms). */
const countRowsPerTurn = 1_000;

/**
 * Counts the data rows, which also proves the whole file parses before
 * anything is written. The event loop turns every countRowsPerTurn rows:
 * parsing a 100,000-row file at once held the main process for about a
 * second, and every list, search and progress call waited for it.
 */
export async function countSourceRows(source: OpenedSource): Promise<number> {
  let total = 0;
  for await (const row of source.rows()) {
    void row;
    total += 1;
    await turnEvery(total);
  }
  return total;
}

/** Lets the event loop turn when `rowsRead` is a multiple of countRowsPerTurn (for loops that read a whole file). */
export async function turnEvery(rowsRead: number): Promise<void> {
  if (rowsRead % countRowsPerTurn === 0) await laterTurn();
}

async function csvHeader(bytes: Uint8Array, encoding: TextEncoding): Promise<readonly string[]> {
  for await (const record of csvRecords(bytes, encoding)) {
    if (isBlank(record.cells)) continue;
    return record.cells.map((cell) => cell.trim());
  }
  throw new FileProblemError(fileProblem('empty', 'The file has no header row', null));
}

const delimiterNames = { ',': 'comma', ';': 'semicolon', '\t': 'tab' } as const;

async function* csvRows(bytes: Uint8Array, encoding: TextEncoding, width: number, mapping: ColumnMapping): AsyncGenerator<SourceRow> {
  const delimiter = delimiterNames[csvDelimiter(bytes, encoding)];
  let header = true;
  for await (const record of csvRecords(bytes, encoding)) {
    if (isBlank(record.cells)) continue;
    if (header) {
      header = false;
      continue;
    }
    // A row of another width is rejected, blank extra cells too: `Smith, John,Acme,,` under `Name,Company,Notes`
    // (an unquoted comma in the name) ends in blanks as a trailing separator does, and read without them it would
    // import Company " John" and Notes "Acme" without a word; rejected, the report names the row.
    if (record.cells.length !== width) {
      yield {
        row: record.row,
        fields: {},
        problems: [
          {
            row: record.row,
            field: 'row',
            code: 'column_count',
            message: `The row has ${record.cells.length} values but the header has ${width} columns (check for a ${delimiter} inside a value that is not in quotes)`,
            reasons: [{ code: 'column_count', values: record.cells.length, columns: width, delimiter }],
          },
        ],
      };
      continue;
    }
    yield { row: record.row, fields: fieldsFromCells(record.cells, mapping), problems: [] };
  }
}

function* vcardRows(bytes: Uint8Array, encoding: TextEncoding): Generator<SourceRow> {
  for (const card of vcardRecords(bytes, encoding)) yield { row: card.row, fields: card.fields, problems: card.problems };
}

/** Opens an uploaded file: detects the encoding, reads the CSV header and settles the mapping. */
export async function openSource(
  bytes: Uint8Array,
  format: ImportFormat,
  entity: ImportEntity,
  chosenMapping: ColumnMapping | undefined,
): Promise<OpenedSource> {
  const encoding = detectEncoding(bytes);
  if (format === 'vcard') {
    if (entity !== 'contacts') throw new BadInputError('vCard files hold people: import them as contacts', { code: 'vcard_into_accounts' });
    return { encoding, headers: [], suggestedMapping: [], mapping: [], mappingProblem: null, rows: () => vcardRows(bytes, encoding), columnSamples: () => Promise.resolve([]) };
  }
  const headers = await csvHeader(bytes, encoding);
  if (headers.length > maxImportColumns) {
    throw new FileProblemError(fileProblem('too_many_columns', `The file has more than ${maxImportColumns} columns`, 1));
  }
  const suggestedMapping = suggestMapping(headers, entity);
  const mapping = chosenMapping ?? suggestedMapping;
  if (mapping.length > headers.length) throw new BadInputError('The mapping has more columns than the file', { code: 'mapping_wider_than_file' });
  return {
    encoding,
    headers,
    suggestedMapping,
    mapping,
    mappingProblem: mappingProblem(mapping, entity),
    rows: () => csvRows(bytes, encoding, headers.length, mapping),
    columnSamples: () => columnSamples(bytes, encoding, headers.length),
  };
}
