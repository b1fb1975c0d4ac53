// The WAL checkpoint an erase owes, kept in the file rather than in one
// process's memory. An erase copies nothing out of the -wal file by itself:
// the erased record's sealed bytes stay in its frames until a TRUNCATE
// checkpoint goes through, and one cannot while any connection (another
// process's too, such as `serve` beside `fieldvault-server erase`) holds a read
// snapshot. So the erase's own transaction marks the debt in `server_steps`
// (SQLite migration 7) with its commit number, and any store on the file
// settles it: one TRUNCATE try, and the mark goes only if no later erase
// raised the number meanwhile (that erase's frames came after the checkpoint).
// Held in memory only, the debt died with a CLI process that closed while
// `serve` was reading, which then never checkpointed it, and the erase said
// it was done.
import Database from 'better-sqlite3';

/** The `server_steps` row whose `done_at` is the commit number of the latest erase whose checkpoint is owed. */
export const checkpointOwedStep = 'erase-wal-checkpoint-owed';

/** Marks the checkpoint owed by the erase committing as `commitSeq` (in that erase's transaction; the highest number stays). */
export function markCheckpointOwed(db: Database.Database, commitSeq: number): void {
  db.prepare('INSERT INTO server_steps (name, done_at) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET done_at = max(done_at, excluded.done_at)').run(
    checkpointOwedStep,
    commitSeq,
  );
}

/** Whether an erase's checkpoint is owed on this file (by this process or any other). */
export function checkpointOwed(db: Database.Database): boolean {
  return owedMark(db) !== null;
}

function owedMark(db: Database.Database): number | null {
  const row = db.prepare('SELECT done_at AS mark FROM server_steps WHERE name = ?').get(checkpointOwedStep) as { mark: number } | undefined;
  return row?.mark ?? null;
}

/** A TRUNCATE checkpoint, once: whether it went through (false: a reader or another writer held it up). */
export function truncateWal(db: Database.Database): boolean {
  try {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    return result?.busy !== 1;
  } catch (error) {
    if (isBusy(error)) return false;
    throw error;
  }
}

/**
 * Settles the owed checkpoint if there is one: one TRUNCATE try and, if it went through, the mark is deleted unless an
 * erase raised it since it was read. Returns whether a checkpoint is still owed. Runs on the writer connection
 * outside any transaction; a non-busy failure is thrown (the caller logs its code) and leaves the mark.
 */
export function settleOwedCheckpoint(db: Database.Database): boolean {
  const mark = owedMark(db);
  if (mark === null) return false;
  if (!truncateWal(db)) return true;
  try {
    db.prepare('DELETE FROM server_steps WHERE name = ? AND done_at = ?').run(checkpointOwedStep, mark);
  } catch (error) {
    // Another process took the write lock in between: the checkpoint went through, the mark stays to the next try.
    if (isBusy(error)) return true;
    throw error;
  }
  // The deletion's own frame holds no erased value; truncated too when nothing holds it up, so the -wal file is empty.
  truncateWal(db);
  return checkpointOwed(db);
}

export function isBusy(error: unknown): boolean {
  return error instanceof Database.SqliteError && /^SQLITE_(BUSY|LOCKED)/.test(error.code);
}
