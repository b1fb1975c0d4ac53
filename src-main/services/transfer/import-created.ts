// What an import created, for undoing it (migration 0026): each step of a
// job's chunks records, per table, the rowid range its new records took and
// their created_at. `largestRowids` reads the largest rowids before a step's
// writes and `recordCreated` stores the ranges after them, inside the step's
// transaction (nothing else inserts there, and SQLite gives a new row the
// largest rowid plus one). The undo walks those ranges by rowid with a
// cursor, a batch of ids at a time, taking only the rows whose created_at is
// the step's: a rowid freed by a purge and taken again later is not the
// import's record. An account it created that live records outside the undo
// link to (a later import's contacts, a deal) is not taken (`unusedAccount`):
// trashed, it left them linked to an account in the trash.
import { z } from 'zod';
import type { ImportEntity } from '../../../src-shared/transfer/import';
import type { ReadTx, WriteTx } from '../../vault/connection';

/** The tables an import creates records in (a contact import creates accounts for company names). */
export const createdTables = ['contacts', 'accounts'] as const satisfies readonly ImportEntity[];

export type LargestRowids = Readonly<Record<ImportEntity, number>>;

/** The largest rowid of each table an import writes (0 when it is empty). */
export async function largestRowids(tx: ReadTx): Promise<LargestRowids> {
  const row = z
    .object({ contacts: z.number().int(), accounts: z.number().int() })
    .parse(await tx.get('SELECT (SELECT coalesce(max(rowid), 0) FROM contacts) AS contacts, (SELECT coalesce(max(rowid), 0) FROM accounts) AS accounts'));
  return row;
}

/** Records the rows a step created since `before` (its largestRowids), with their created_at. */
export async function recordCreated(tx: WriteTx, jobId: string, before: LargestRowids, createdAt: number): Promise<void> {
  const after = await largestRowids(tx);
  for (const entity of createdTables) {
    if (after[entity] <= before[entity]) continue;
    await tx.run('INSERT INTO import_created (job_id, entity, first_rowid, last_rowid, created_at) VALUES (?, ?, ?, ?, ?)', [
      jobId,
      entity,
      before[entity] + 1,
      after[entity],
      createdAt,
    ]);
  }
}

export interface CreatedRange {
  readonly entity: ImportEntity;
  readonly first: number;
  readonly last: number;
  readonly createdAt: number;
}

const RangeRow = z.object({ entity: z.enum(createdTables), first_rowid: z.number().int(), last_rowid: z.number().int(), created_at: z.number().int() });

/** The job's ranges of one table, in rowid order. */
export async function createdRanges(tx: ReadTx, jobId: string, entity: ImportEntity): Promise<CreatedRange[]> {
  const rows = await tx.all('SELECT entity, first_rowid, last_rowid, created_at FROM import_created WHERE job_id = ? AND entity = ? ORDER BY first_rowid', [jobId, entity]);
  return z
    .array(RangeRow)
    .parse(rows)
    .map((row) => ({ entity: row.entity, first: row.first_rowid, last: row.last_rowid, createdAt: row.created_at }));
}

/** The tables the job created records in. */
export async function createdEntities(tx: ReadTx, jobId: string): Promise<ImportEntity[]> {
  const rows = await tx.all('SELECT DISTINCT entity FROM import_created WHERE job_id = ? ORDER BY entity', [jobId]);
  return z
    .array(z.object({ entity: z.enum(createdTables) }))
    .parse(rows)
    .map((row) => row.entity);
}

/** Whether the job recorded what it created (jobs from before migration 0026 did not). */
export async function hasCreatedRanges(tx: ReadTx, jobId: string): Promise<boolean> {
  return (await tx.get('SELECT 1 AS one FROM import_created WHERE job_id = ? LIMIT 1', [jobId])) !== undefined;
}

/** An account no live record links to (each table's live index on account_id answers it). */
const unusedAccount = ['contacts', 'deals', 'activities', 'tasks']
  .map((table) => `NOT EXISTS (SELECT 1 FROM ${table} WHERE ${table}.account_id = accounts.id AND ${table}.deleted_at IS NULL)`)
  .join(' AND ');

/** What an undo leaves of the live records it walks: the accounts records still link to. */
function undoTakes(entity: ImportEntity, deletedAt: number | null): string {
  return entity === 'accounts' && deletedAt === null ? ` AND ${unusedAccount}` : '';
}

/**
 * Counts the ranges' records in the state looked for: live (`deletedAt` null), or trashed at exactly `deletedAt`.
 * `undoable`: of live accounts, only those the undo would take now (none links to them).
 */
export async function countCreated(tx: ReadTx, ranges: readonly CreatedRange[], deletedAt: number | null, undoable = false): Promise<number> {
  let total = 0;
  for (const range of ranges) {
    const taken = undoable ? undoTakes(range.entity, deletedAt) : '';
    const row = await tx.get(`SELECT count(*) AS n FROM ${range.entity} WHERE rowid BETWEEN ? AND ? AND created_at = ? AND deleted_at IS ?${taken}`, [
      range.first,
      range.last,
      range.createdAt,
      deletedAt,
    ]);
    total += z.object({ n: z.number().int() }).parse(row).n;
  }
  return total;
}

/** The records the job created that are still live and an undo would take (of an undone job: an undo stopped part way left them). */
export async function liveCreated(tx: ReadTx, jobId: string): Promise<number> {
  const ranges: CreatedRange[] = [];
  for (const entity of createdTables) ranges.push(...(await createdRanges(tx, jobId, entity)));
  return countCreated(tx, ranges, null, true);
}

/** Where a walk over a job's ranges stands: the next range, and the last rowid taken in it. */
export interface RangeCursor {
  readonly range: number;
  readonly after: number;
}

/**
 * Up to `limit` ids of the ranges' records that are in the state looked for: live (`deletedAt`
 * null) or trashed at exactly `deletedAt`, from `cursor` on; with the cursor to go on from (null:
 * the ranges are done).
 */
export async function nextCreated(
  tx: ReadTx,
  ranges: readonly CreatedRange[],
  deletedAt: number | null,
  cursor: RangeCursor,
  limit: number,
): Promise<{ ids: string[]; next: RangeCursor | null }> {
  const ids: string[] = [];
  let { range, after } = cursor;
  while (range < ranges.length && ids.length < limit) {
    const current = ranges[range];
    if (current === undefined) break;
    const wanted = limit - ids.length;
    const rows = z.array(z.object({ rowid: z.number().int(), id: z.string() })).parse(
      await tx.all(
        `SELECT rowid, id FROM ${current.entity} WHERE rowid BETWEEN ? AND ? AND created_at = ? AND deleted_at IS ?${undoTakes(current.entity, deletedAt)} ORDER BY rowid LIMIT ?`,
        [Math.max(after + 1, current.first), current.last, current.createdAt, deletedAt, wanted],
      ),
    );
    ids.push(...rows.map((row) => row.id));
    const lastRow = rows.at(-1);
    // A full batch may leave rows of this range: go on after its last one; otherwise the range is done.
    if (rows.length === wanted && lastRow !== undefined && lastRow.rowid < current.last) after = lastRow.rowid;
    else {
      range += 1;
      after = 0;
    }
  }
  return { ids, next: range < ranges.length ? { range, after } : null };
}
