// The rejected rows of an import or check, as the file has them, read again
// from the upload (kept in memory), for the user to download, fix and import
// again: a CSV file's rows (the first maxRejectedRowsListed) with their cells
// and problems, a vCard file's cards with their lines and problems.
import { maxRejectedRowsListed, type ImportRejectedRows, type ImportRun, type Rejection } from '../../../src-shared/transfer/import';
import { csvRecords, isBlank } from './csv-source';
import { openSource, turnEvery } from './import-source';
import type { Upload } from './upload-store';
import { vcardCardTexts } from './vcard-source';

type CsvRows = Extract<ImportRejectedRows, { format: 'csv' }>;
type VCardCards = Extract<ImportRejectedRows, { format: 'vcard' }>;

/** The rows `rejections` name, the first maxRejectedRowsListed of them, each with its problems. */
function problemsByRow(rejections: readonly Rejection[]): Map<number, Rejection[]> {
  const problems = new Map<number, Rejection[]>();
  for (const rejection of rejections) {
    const listed = problems.get(rejection.row);
    if (listed !== undefined) listed.push(rejection);
    else if (problems.size < maxRejectedRowsListed) problems.set(rejection.row, [rejection]);
  }
  return problems;
}

/** The file's rows (or cards) that `rejections` name, with their problems; `rejected`: how many rows were. */
export async function fileRows(
  upload: Upload,
  format: ImportRun['format'],
  entity: ImportRun['entity'],
  mapping: ImportRun['mapping'],
  rejections: readonly Rejection[],
  rejected: number,
): Promise<ImportRejectedRows> {
  const problems = problemsByRow(rejections);
  const source = await openSource(upload.bytes, format, entity, mapping);
  if (format === 'vcard') {
    const cards: VCardCards['cards'] = [];
    let read = 0;
    for (const { row, text } of vcardCardTexts(upload.bytes, source.encoding, new Set(problems.keys()))) {
      read += 1;
      await turnEvery(read);
      if (text !== null) cards.push({ row, text, problems: problems.get(row) ?? [] });
      if (cards.length === problems.size) break;
    }
    return { format, cards, more: rejected > cards.length };
  }
  const rows: CsvRows['rows'] = [];
  let read = 0;
  for await (const record of csvRecords(upload.bytes, source.encoding)) {
    read += 1;
    await turnEvery(read);
    const found = problems.get(record.row);
    if (found !== undefined && !isBlank(record.cells)) rows.push({ row: record.row, cells: [...record.cells], problems: found });
    if (rows.length === problems.size) break;
  }
  return { format, headers: [...source.headers], rows, more: rejected > rows.length };
}
