// The rejected rows of an import or check, as the file has them, read again
// from the upload (kept in memory), for the user to download, fix and import
// again: a CSV file's rows (the first maxRejectedRowsListed) with their cells
// and problems, a vCard file's cards with their lines and problems.
import { BadInputError, NotFoundError } from '../../../src-shared/ipc/errors';
import { maxRejectedRowsListed, type ImportRejectedRows, type ImportRun, type Rejection } from '../../../src-shared/transfer/import';
import type { Connection } from '../../vault/connection';
import { csvRecords, isBlank } from './csv-source';
import { rowRejections, type ImportJob } from './import-jobs.repo';
import { openSource, turnEvery } from './import-source';
import type { CheckedRows, Upload, UploadStore } from './upload-store';
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

/** What the newest check (dry run) of the upload rejected; NOT_FOUND (no_check) before one. */
export function lastCheck(uploads: UploadStore, uploadId: string): CheckedRows {
  const check = uploads.get(uploadId).lastCheck;
  if (check === null) throw new NotFoundError('A check of this file (check it again)', { code: 'no_check' });
  return check;
}

/**
 * A real run's rejected rows (not its skipped duplicates) as its file has
 * them (a CSV file's cells, a vCard file's cards), in file order, each with
 * why it was rejected: for the user to fix and import again. Needs the file
 * the job read, still at hand (kept after a finished run only while it has
 * rejected rows). At most maxRejectedRowsListed rows, the first ones. `job`
 * null: the rows the newest check of the file rejected (the first
 * maxDryRunRejections rejections it kept), to fix before importing.
 */
export async function rejectedRows(uploads: UploadStore, uploadId: string, job: ImportJob | null, connection: Connection): Promise<ImportRejectedRows> {
  const upload = uploads.get(uploadId);
  if (job === null) {
    const check = lastCheck(uploads, uploadId);
    return fileRows(upload, check.format, check.entity, check.mapping, check.rejections, check.rejected);
  }
  if (job.fileSha256 !== upload.sha256) throw new BadInputError('This is not the file of that import: choose the same file again', { code: 'resume_other_file' });
  const rejections = await connection.read((tx) => rowRejections(tx, job.id, maxRejectedRowsListed));
  return fileRows(upload, job.format, job.entity, job.settings.mapping, rejections, job.rejected);
}
