// The rejected rows of a CSV import or check, as the file has them: the rows
// the rejections name (the first maxRejectedRowsListed), each with its cells
// and its problems, read again from the upload (kept in memory), for the user
// to download, fix and import again. A vCard file's rejected cards are not
// rows to give as CSV.
import { BadInputError } from '../../../src-shared/ipc/errors';
import { maxRejectedRowsListed, type ImportRejectedRows, type ImportRun, type Rejection } from '../../../src-shared/transfer/import';
import { csvRecords, isBlank } from './csv-source';
import { openSource, turnEvery } from './import-source';
import type { Upload } from './upload-store';

/** The file's rows that `rejections` name (the first maxRejectedRowsListed), with their cells and problems; `rejected`: how many rows were. */
export async function fileRows(upload: Upload, entity: ImportRun['entity'], mapping: ImportRun['mapping'], rejections: readonly Rejection[], rejected: number): Promise<ImportRejectedRows> {
  const problems = new Map<number, Rejection[]>();
  for (const rejection of rejections) {
    const listed = problems.get(rejection.row);
    if (listed !== undefined) listed.push(rejection);
    else if (problems.size < maxRejectedRowsListed) problems.set(rejection.row, [rejection]);
  }
  const source = await openSource(upload.bytes, 'csv', entity, mapping);
  const rows: ImportRejectedRows['rows'] = [];
  let read = 0;
  for await (const record of csvRecords(upload.bytes, source.encoding)) {
    read += 1;
    await turnEvery(read);
    const found = problems.get(record.row);
    if (found !== undefined && !isBlank(record.cells)) rows.push({ row: record.row, cells: [...record.cells], problems: found });
    if (rows.length === problems.size) break;
  }
  return { headers: [...source.headers], rows, more: rejected > rows.length };
}

export function rejectedRowsCsvOnly(): BadInputError {
  return new BadInputError('Rejected rows can be downloaded from a CSV import only', { code: 'rejected_rows_csv_only' });
}
