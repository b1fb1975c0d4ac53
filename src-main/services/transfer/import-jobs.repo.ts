// The import job records of migration 0003: settings (no cell values), how
// many data rows are committed, the counters, and the rejected rows by row
// number, field and reason (its reason codes since migration 0009). A chunk's records, its rejections and the job's
// new counters are written in one transaction (see import-runner), which is
// what makes a resumed job skip exactly the rows already handled.
import { z } from 'zod';
import { Reason } from '../../../src-shared/ipc/reasons';
import {
  ColumnMapping,
  ImportDuplicates,
  ImportEntity,
  ImportFormat,
  Rejection,
  RejectionCode,
  type ImportState,
  type InterruptedImport,
  type RecentImport,
} from '../../../src-shared/transfer/import';
import type { ReadTx, WriteTx } from '../../vault/connection';
import { cappedReasons } from './rejection-reasons';

export const JobSettings = z.object({
  mapping: ColumnMapping,
  duplicates: ImportDuplicates,
  createAccounts: z.boolean(),
});
export type JobSettings = z.infer<typeof JobSettings>;

const JobRow = z.object({
  id: z.string(),
  entity: ImportEntity,
  format: ImportFormat,
  file_sha256: z.string(),
  settings_json: z.string().transform((text): unknown => JSON.parse(text)).pipe(JobSettings),
  state: z.enum(['running', 'cancelled', 'failed', 'done']),
  total_rows: z.number().int(),
  committed_rows: z.number().int(),
  imported_rows: z.number().int(),
  rejected_rows: z.number().int(),
  duplicate_rows: z.number().int(),
  updated_rows: z.number().int(),
  undone_at: z.number().int().nullable(),
  created_at: z.number().int(),
});

export interface ImportJob {
  readonly id: string;
  readonly entity: ImportEntity;
  readonly format: ImportFormat;
  readonly fileSha256: string;
  readonly settings: JobSettings;
  readonly state: Exclude<ImportState, 'interrupted'>;
  readonly total: number;
  readonly committed: number;
  readonly imported: number;
  readonly updated: number;
  readonly rejected: number;
  readonly duplicates: number;
  /** When its created records went to the trash (import-undo.ts); null: not undone. */
  readonly undoneAt: number | null;
  /** When it started (ms since the epoch; a resume keeps the first start). */
  readonly startedAt: number;
}

/** Each row counts once: rows = imported + updated + rejected + duplicates (a skipped duplicate is not rejected). */
export interface ChunkCounts {
  readonly rows: number;
  readonly imported: number;
  readonly updated: number;
  readonly rejected: number;
  readonly duplicates: number;
}

export async function insertJob(
  tx: WriteTx,
  job: { id: string; entity: ImportEntity; format: ImportFormat; fileSha256: string; fileBytes: number; settings: JobSettings; total: number },
  userId: string,
  now: number,
): Promise<void> {
  await tx.run(
    `INSERT INTO import_jobs (id, entity, format, file_sha256, file_bytes, settings_json, state, total_rows, created_at, created_by, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?)`,
    [job.id, job.entity, job.format, job.fileSha256, job.fileBytes, JSON.stringify(job.settings), job.total, now, userId, now],
  );
}

export async function findJob(tx: ReadTx, id: string): Promise<ImportJob | null> {
  const row = await tx.get('SELECT * FROM import_jobs WHERE id = ?', [id]);
  if (row === undefined) return null;
  const parsed = JobRow.parse(row);
  return {
    id: parsed.id,
    entity: parsed.entity,
    format: parsed.format,
    fileSha256: parsed.file_sha256,
    settings: parsed.settings_json,
    state: parsed.state,
    total: parsed.total_rows,
    committed: parsed.committed_rows,
    imported: parsed.imported_rows,
    updated: parsed.updated_rows,
    rejected: parsed.rejected_rows,
    duplicates: parsed.duplicate_rows,
    undoneAt: parsed.undone_at,
    startedAt: parsed.created_at,
  };
}

const RunningJobRow = z.object({
  id: z.string(),
  entity: ImportEntity,
  format: ImportFormat,
  total_rows: z.number().int(),
  committed_rows: z.number().int(),
  created_at: z.number().int(),
});

/** Jobs whose record says running, newest first (the caller leaves out those that run in this process). */
export async function runningJobs(tx: ReadTx, limit: number): Promise<InterruptedImport[]> {
  const rows = await tx.all(
    `SELECT id, entity, format, total_rows, committed_rows, created_at FROM import_jobs WHERE state = 'running' ORDER BY created_at DESC, id LIMIT ?`,
    [limit],
  );
  return z
    .array(RunningJobRow)
    .parse(rows)
    .map((row) => ({ jobId: row.id, entity: row.entity, format: row.format, total: row.total_rows, processed: row.committed_rows, startedAt: row.created_at }));
}

const RecentJobRow = z.object({
  id: z.string(),
  entity: ImportEntity,
  format: ImportFormat,
  state: z.enum(['done', 'cancelled', 'failed']),
  created_at: z.number().int(),
  imported_rows: z.number().int(),
  updated_rows: z.number().int(),
  rejected_rows: z.number().int(),
  duplicate_rows: z.number().int(),
  undone_at: z.number().int().nullable(),
  kept_created: z.number().int(),
  created_contacts: z.number().int(),
  created_accounts: z.number().int(),
});

/** Of a job's kept ranges (import-created.ts), the records they hold: a range is exactly the records its step created. */
const createdOf = (entity: ImportEntity) =>
  `(SELECT coalesce(sum(c.last_rowid - c.first_rowid + 1), 0) FROM import_created c WHERE c.job_id = import_jobs.id AND c.entity = '${entity}') AS created_${entity}`;

/** The newest ended jobs of these entities that wrote records or were undone, newest first (the recent imports list). */
export async function recentJobs(tx: ReadTx, entities: readonly ImportEntity[], limit: number): Promise<RecentImport[]> {
  if (entities.length === 0) return [];
  const rows = await tx.all(
    `SELECT id, entity, format, state, created_at, imported_rows, updated_rows, rejected_rows, duplicate_rows, undone_at,
            EXISTS (SELECT 1 FROM import_created c WHERE c.job_id = import_jobs.id) AS kept_created, ${createdOf('contacts')}, ${createdOf('accounts')}
     FROM import_jobs
     WHERE state <> 'running' AND entity IN (${entities.map(() => '?').join(', ')}) AND (imported_rows + updated_rows > 0 OR undone_at IS NOT NULL)
     ORDER BY created_at DESC, id LIMIT ?`,
    [...entities, limit],
  );
  return z
    .array(RecentJobRow)
    .parse(rows)
    .map((row) => {
      // No range kept: a job that imported rows made them before migration 0026 (every later one keeps them); one that
      // imported none only updated records (a contact import's new accounts would have kept a range).
      const created = row.kept_created === 1 || row.imported_rows === 0 ? { contacts: row.created_contacts, accounts: row.created_accounts } : null;
      return {
        jobId: row.id,
        entity: row.entity,
        format: row.format,
        state: row.state,
        startedAt: row.created_at,
        imported: row.imported_rows,
        updated: row.updated_rows,
        rejected: row.rejected_rows,
        duplicates: row.duplicate_rows,
        undoneAt: row.undone_at,
        created,
        undoable: created !== null && created.contacts + created.accounts > 0,
        left: 0,
        running: null,
      };
    });
}

/** Rejected and skipped rows with their reasons (an import writes a step's with that step's records). */
export async function recordRejections(tx: WriteTx, jobId: string, rejections: readonly Rejection[]): Promise<void> {
  for (let start = 0; start < rejections.length; start += 200) {
    const batch = rejections.slice(start, start + 200);
    await tx.run(
      `INSERT OR IGNORE INTO import_rejections (job_id, row_number, field, code, message, reasons) VALUES ${batch.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
      batch.flatMap((rejection) => [jobId, rejection.row, rejection.field, rejection.code, rejection.message, JSON.stringify(rejection.reasons)]),
    );
  }
}

/** Adds a chunk's rows to the job's counters; `state`, when given, ends the job in the same statement (its last chunk). */
export async function recordCounts(tx: WriteTx, jobId: string, counts: ChunkCounts, now: number, state: Exclude<ImportState, 'interrupted'> | null): Promise<void> {
  await tx.run(
    `UPDATE import_jobs SET committed_rows = committed_rows + ?, imported_rows = imported_rows + ?, updated_rows = updated_rows + ?,
       rejected_rows = rejected_rows + ?, duplicate_rows = duplicate_rows + ?, state = coalesce(?, state), updated_at = ? WHERE id = ?`,
    [counts.rows, counts.imported, counts.updated, counts.rejected, counts.duplicates, state, now, jobId],
  );
}

/** Marks the job undone at `undoneAt`, or (null) restored. */
export async function setJobUndone(tx: WriteTx, jobId: string, undoneAt: number | null): Promise<void> {
  await tx.run('UPDATE import_jobs SET undone_at = ? WHERE id = ?', [undoneAt, jobId]);
}

export async function setJobState(tx: WriteTx, jobId: string, state: Exclude<ImportState, 'interrupted'>, now: number): Promise<void> {
  await tx.run('UPDATE import_jobs SET state = ?, updated_at = ? WHERE id = ?', [state, now, jobId]);
}

const RejectionRow = z.object({
  row_number: z.number().int(),
  field: z.string(),
  code: RejectionCode,
  message: z.string(),
  /** NULL for rows recorded before migration 0009: they are reported by their English message. */
  reasons: z
    .string()
    .nullable()
    .transform((text): unknown => (text === null ? [] : JSON.parse(text))),
});

export async function jobRejections(tx: ReadTx, jobId: string, from: number, limit: number): Promise<Rejection[]> {
  const rows = await tx.all(
    'SELECT row_number, field, code, message, reasons FROM import_rejections WHERE job_id = ? ORDER BY row_number, field, code LIMIT ? OFFSET ?',
    [jobId, limit, from],
  );
  return rejectionsOf(rows);
}

/** Every rejection of a job's rejected rows (not its skipped duplicates), in file order. */
/** The codes of a skipped duplicate's entry: its row was not rejected. */
export const duplicateCodes = ['duplicate_in_file', 'duplicate_in_vault'] as const;

/** A skipped duplicate's rejection, not a rejected row's (rowRejections leaves out the same codes). */
export function isDuplicate(rejection: Rejection): boolean {
  return (duplicateCodes as readonly string[]).includes(rejection.code);
}

/** The rows of the job with a rejection (rejected or skipped as duplicates): a resumed skip job leaves them out of `remember`. */
export async function rowsWithRejections(tx: ReadTx, jobId: string): Promise<Set<number>> {
  const rows = z.array(z.object({ row_number: z.number().int() })).parse(await tx.all('SELECT DISTINCT row_number FROM import_rejections WHERE job_id = ?', [jobId]));
  return new Set(rows.map((row) => row.row_number));
}

/**
 * The rejections of the job's first `upToRows` rejected rows (skipped duplicates left out), every rejection of each.
 * Before, every rejection of the job was read and checked at once, however many the download would list: a file
 * of a million bad rows held main's memory and event loop for all of them.
 */
export async function rowRejections(tx: ReadTx, jobId: string, upToRows: number): Promise<Rejection[]> {
  const notDuplicate = `code NOT IN (${duplicateCodes.map(() => '?').join(', ')})`;
  const rows = await tx.all(
    `SELECT row_number, field, code, message, reasons FROM import_rejections
     WHERE job_id = ? AND ${notDuplicate}
       AND row_number IN (SELECT DISTINCT row_number FROM import_rejections WHERE job_id = ? AND ${notDuplicate} ORDER BY row_number LIMIT ?)
     ORDER BY row_number, field, code`,
    [jobId, ...duplicateCodes, jobId, ...duplicateCodes, upToRows],
  );
  return rejectionsOf(rows);
}

function rejectionsOf(rows: unknown[]): Rejection[] {
  return z
    .array(RejectionRow)
    .parse(rows)
    // A row recorded before its reasons were capped (a card with a photo left unfolded: a syntax problem a line) is cut as it is read.
    .map((row) => Rejection.parse(cappedReasons({ row: row.row_number, field: row.field, code: row.code, message: row.message, reasons: z.array(Reason).parse(row.reasons) })));
}

export async function countRejections(tx: ReadTx, jobId: string): Promise<number> {
  const row = await tx.get<{ n: unknown }>('SELECT count(*) AS n FROM import_rejections WHERE job_id = ?', [jobId]);
  return z.number().int().parse(row?.n);
}
