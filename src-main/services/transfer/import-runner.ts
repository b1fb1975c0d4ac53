// Runs an import over a file's rows in chunks (default 20,000 data rows):
// each chunk is validated, checked for duplicates, and — unless it is a dry
// run — written in ONE transaction together with its rejections and the
// job's committed-row count. A crash therefore loses at most the chunk in
// flight, and a resumed job skips exactly the committed rows. Inside a chunk
// the rows are checked and written in steps (default 1,000 rows): progress
// is reported after each step, and a cancel stops the chunk at the next step
// and rolls it back. While one chunk is written (SQLite works on its own
// thread), the next is read and checked here, so at most two chunks of rows
// are in memory; the file itself is read as a stream.
import type { ImportDuplicates, ImportEntity, ImportField, ImportPhase, ImportState, Rejection } from '../../../src-shared/transfer/import';
import type { Connection } from '../../vault/connection';
import { laterTurn } from '../../sync/event-loop';
import type { VaultKeys } from './duplicate-keys';
import { DuplicateFinder } from './duplicate-finder';
import { largestRowids, recordCreated } from './import-created';
import { isDuplicate, recordCounts, recordRejections, rowsWithRejections, setJobState, type ChunkCounts } from './import-jobs.repo';
import { checkRow, type ImportDraft, type ImportUpdate } from './import-rows';
import { turnEvery, type OpenedSource, type SourceRow } from './import-source';
import type { RefusedUpdate } from './record-updates';
import { refusedMerges } from './update-preview';
import type { ImportRecordWriter } from './record-writer';
import { oneReasonPerKey } from './rejection-reasons';

/**
 * Rows per write transaction. A chunk's inserts land at random places in the
 * contact indexes, and its commit writes every page they touched, however
 * few rows each page gained: the larger the chunk, the fewer times each page
 * is encrypted and written. 100,000 rows into 50,000 contacts: 2,000-row
 * chunks 2,469 and 2,988 rows/s; 20,000-row chunks 3,148–3,943 (three runs,
 * the 64 MiB bulk page cache; Connection.holdBulkCache).
 */
export const defaultChunkRows = 20_000;
/**
 * Rows checked and written at a time inside a chunk: the step of the progress bar and of a cancel.
 * Building a step's statements holds the event loop (about 100 ms for 2,000 rows): 1,000 keeps a
 * click during an import from waiting longer (list reads while 50,000 rows were imported, p95 90–137 ms
 * against 142–145 with 2,000; the rate did not change beyond the noise).
 */
export const defaultStepRows = 1_000;
/** Rows checked between two turns of the event loop (checking takes some 50 µs a row). */
const checkRowsPerTurn = 500;
/** Rows passed over between two catch-up reports of a resumed job (some 50 µs a row: a report about every tenth of a second). */
const catchUpRowsPerReport = 2_000;
/** Rejections a dry run keeps to return (the count is always exact). */
export const maxDryRunRejections = 10_000;

export interface ImportCounts {
  processed: number;
  imported: number;
  updated: number;
  rejected: number;
  duplicates: number;
}

export interface RunRequest {
  readonly connection: Connection;
  readonly source: OpenedSource;
  readonly entity: ImportEntity;
  /** What a row matching a record in the vault or an earlier row becomes (ImportRun's `duplicates`). */
  readonly duplicates: ImportDuplicates;
  /**
   * Reads the keys already in the vault (with their records when duplicates are updated); null when
   * duplicates are imported. The run reads them before its first row: about a second per 100,000 records.
   */
  readonly vaultKeys: () => Promise<VaultKeys | null>;
  /** null for a dry run: validate and count, write nothing. */
  readonly job: { readonly id: string; readonly skipRows: number; readonly start: ImportCounts } | null;
  readonly writer: ImportRecordWriter;
  /** The run's choice for a company no account has (a dry run's update check needs it). */
  readonly createAccounts: boolean;
  readonly isCancelled: () => boolean;
  readonly onProgress: (counts: Readonly<ImportCounts>) => void;
  /**
   * Told what the run does before its rows move the bar: `keys` while it reads the vault's keys (not
   * when duplicates are imported); `resuming` while a resumed job, reading its file from the start,
   * passes over the rows its committed chunks wrote (`job.skipRows`: seconds per 100,000 rows), with
   * how many it has passed (0 first, then every catchUpRowsPerReport); then `rows`.
   */
  readonly onPhase?: (phase: ImportPhase) => void;
  readonly now: () => number;
  readonly chunkRows?: number;
  readonly stepRows?: number;
}

export interface RunOutcome {
  /** interrupted: the vault closed under the run (a lock, or the app closing); its record still says running. */
  readonly state: Extract<ImportState, 'done' | 'cancelled' | 'interrupted'>;
  readonly counts: ImportCounts;
  /** Dry run only: the first maxDryRunRejections rejections, skipped duplicates among them (the report's). */
  readonly rejections: Rejection[];
  readonly rejectionCount: number;
  /**
   * Dry run only: the first maxDryRunRejections rejections of rejected rows, skipped duplicates
   * left out (the rows to download and fix). Kept apart, so a file whose first problems are all
   * duplicates still gives its rejected rows.
   */
  readonly rowRejections: Rejection[];
}

interface Checked {
  readonly accepted: ImportDraft[];
  readonly updates: ImportUpdate[];
  readonly rejections: Rejection[];
  readonly counts: ChunkCounts;
}

async function checkChunk(rows: readonly SourceRow[], entity: ImportEntity, duplicates: DuplicateFinder): Promise<Checked> {
  const accepted: ImportDraft[] = [];
  const updates: ImportUpdate[] = [];
  const rejections: Rejection[] = [];
  let rejectedRows = 0;
  let duplicateRows = 0;
  for (const [index, source] of rows.entries()) {
    if (index > 0 && index % checkRowsPerTurn === 0) await laterTurn();
    const row = source.problems.length > 0 ? null : checkRow(source.row, entity, source.fields);
    const problems = row === null ? source.problems : row.problems;
    const verdict = row?.result ? duplicates.check(source.row, row.result) : null;
    if (row?.result && verdict?.kind === 'new') {
      accepted.push(row.result);
      continue;
    }
    if (row?.result && verdict?.kind === 'update') {
      updates.push({ row: source.row, record: verdict.record, item: row.result, fields: Object.keys(source.fields) as ImportField[] });
      continue;
    }
    // A row is imported, updates a record, is skipped as a duplicate, or is rejected: never two of these,
    // so the four add up to the rows read. A skipped row is still listed (code duplicate_*), with the row
    // or record it matched.
    if (verdict?.kind === 'skip') {
      duplicateRows += 1;
      rejections.push(verdict.rejection);
    } else {
      rejectedRows += 1;
      rejections.push(...oneReasonPerKey(problems));
    }
  }
  return {
    accepted,
    updates,
    rejections,
    counts: { rows: rows.length, imported: accepted.length, updated: updates.length, rejected: rejectedRows, duplicates: duplicateRows },
  };
}

/** Thrown inside a chunk's transaction to roll it back when the run is cancelled between two steps. */
class CancelledChunk extends Error {}

/** A chunk write in flight: resolves once it committed, or was rolled back by a cancel, or with what made it fail. */
type Writing = Promise<'committed' | 'cancelled' | { readonly failure: unknown }>;

function add(counts: ImportCounts, step: Readonly<ChunkCounts>): void {
  counts.processed += step.rows;
  counts.imported += step.imported;
  counts.updated += step.updated;
  counts.rejected += step.rejected;
  counts.duplicates += step.duplicates;
}

/** The counts of a chunk as its job record adds them up. */
function chunkOf({ processed, ...rest }: Readonly<ImportCounts>): ChunkCounts {
  return { rows: processed, ...rest };
}

/** A step's counts once its updates are written: a refused update's row is skipped (its record went) or rejected instead. */
function withRefused(step: Readonly<ChunkCounts>, refused: readonly RefusedUpdate[]): ChunkCounts {
  if (refused.length === 0) return step;
  const skipped = refused.filter((update) => update.skipped).length;
  return { ...step, updated: step.updated - refused.length, duplicates: step.duplicates + skipped, rejected: step.rejected + refused.length - skipped };
}

/** Imports (or dry-runs) the source's rows; throws if a chunk cannot be written (that chunk is rolled back). */
export async function runImport(request: RunRequest): Promise<RunOutcome> {
  const { connection, job } = request;
  const chunkRows = request.chunkRows ?? defaultChunkRows;
  const stepRows = request.stepRows ?? defaultStepRows;
  // What the vault holds (committed chunks); progress adds the steps of the chunk being written.
  const counts: ImportCounts = job === null ? { processed: 0, imported: 0, updated: 0, rejected: 0, duplicates: 0 } : { ...job.start };
  const readsKeys = request.duplicates !== 'import';
  if (readsKeys) request.onPhase?.({ kind: 'keys' });
  let vaultKeys: VaultKeys | null;
  try {
    vaultKeys = await request.vaultKeys();
  } catch (error) {
    // The vault locked while its keys were read: cut off before any row, as a lock stops a chunk (a job stays resumable).
    if (connection.isClosed) return { state: 'interrupted', counts, rejections: [], rejectionCount: 0, rowRejections: [] };
    throw error;
  }
  const duplicates = new DuplicateFinder(vaultKeys, request.duplicates === 'update');
  const dryRejections: Rejection[] = [];
  const dryRowRejections: Rejection[] = [];
  let dryRejectionCount = 0;
  let dataRows = 0;
  let chunk: SourceRow[] = [];
  // One chunk is written (on SQLite's thread) while the next is read and checked (on this one).
  // Writes still commit one after another and in file order: a chunk's write starts only once the
  // previous one committed, and a failed or cancelled write stops the run before any later chunk is written.
  let writing: Writing | null = null;

  /**
   * A real run also stops (at its next step, rolling its chunk back) when the vault starts closing:
   * the close waits for the open transaction, and a 20,000-row chunk written on to its end held a
   * lock, or the app's exit, for many seconds only to be followed by nothing the job could record.
   * A dry run stops too, at its next step: it wrote nothing, but it went on checking the file's rows
   * after the lock (the customer data kept in memory, the process kept busy while the app quit) and
   * answered with a report for a vault that was no longer open.
   */
  const stopped = (): boolean => request.isCancelled() || connection.isClosed;
  /** The file's last chunk committed, and with it the job's end ('done'). */
  let endedInChunk = false;

  /** Waits for the chunk in flight, if any, whatever its outcome. */
  const drain = async (): Promise<void> => {
    await writing;
  };

  /** Waits for the chunk in flight; false when a cancel rolled it back; rethrows its failure. */
  const settle = async (): Promise<boolean> => {
    const outcome = await writing;
    writing = null;
    if (outcome === null || outcome === 'committed') return true;
    if (outcome === 'cancelled') return false;
    throw outcome.failure;
  };

  /**
   * Checks the chunk step by step and hands it to a write; false when the run was cancelled instead.
   * The event loop turns after each step, and every checkRowsPerTurn rows inside one. Reading and
   * checking the first 20,000-row chunk at once held the main process for 1.3–1.5 s (every list,
   * search and progress call waited); with a turn every 1,000 rows read and after each 2,000-row
   * step, the longest hold of an import was 114–221 ms.
   */
  const flush = async (last: boolean): Promise<boolean> => {
    const steps: Checked[] = [];
    for (let start = 0; start < chunk.length; start += stepRows) {
      if (job === null && stopped()) return false;
      steps.push(await checkChunk(chunk.slice(start, start + stepRows), request.entity, duplicates));
      await laterTurn();
    }
    chunk = [];
    if (job === null) {
      for (const step of steps) {
        // The merges a real run would try, tried on the records as they are now: a row whose merge breaks a rule is rejected here too.
        const refused = step.updates.length === 0 ? [] : await connection.read((tx) => refusedMerges(tx, step.updates, request.createAccounts));
        const rejections = refused.length === 0 ? step.rejections : [...step.rejections, ...refused.flatMap((update) => update.rejections)].sort((a, b) => a.row - b.row);
        dryRejectionCount += rejections.length;
        dryRejections.push(...rejections.slice(0, Math.max(0, maxDryRunRejections - dryRejections.length)));
        if (dryRowRejections.length < maxDryRunRejections) {
          dryRowRejections.push(...rejections.filter((rejection) => !isDuplicate(rejection)).slice(0, maxDryRunRejections - dryRowRejections.length));
        }
        add(counts, withRefused(step.counts, refused));
        request.onProgress(counts);
      }
      return !stopped();
    }
    if (!(await settle()) || stopped()) return false;
    const now = request.now();
    /** The chunk's rows as its transaction wrote them (set by the transaction, read once it committed). */
    let chunkCounts: ChunkCounts | null = null;
    writing = connection
      .write(async (tx) => {
        const written: ImportCounts = { processed: 0, imported: 0, updated: 0, rejected: 0, duplicates: 0 };
        // Progress counts the rows this transaction has written so far, before it commits: a step's
        // records and its rejected and skipped rows. (Written after all the steps, the rejections of a
        // file of duplicates came after the bar had shown every row: 20,000 rows of them per chunk.)
        const progress = { ...counts };
        for (const step of steps) {
          if (stopped()) throw new CancelledChunk();
          // What the step creates (records, and accounts for company names) is recorded by rowid range, for an undo.
          const before = await largestRowids(tx);
          await request.writer.write(tx, step.accepted, now);
          const refused = step.updates.length === 0 ? [] : await request.writer.update(tx, step.updates, now);
          await recordCreated(tx, job.id, before, now);
          await recordRejections(tx, job.id, [...step.rejections, ...refused.flatMap((update) => update.rejections)]);
          const stepCounts = withRefused(step.counts, refused);
          add(progress, stepCounts);
          add(written, stepCounts);
          request.onProgress(progress);
        }
        // The file's last chunk ends the job with its rows: no write of its own, queued behind others, after the bar is full.
        chunkCounts = chunkOf(written);
        await recordCounts(tx, job.id, chunkCounts, now, last ? 'done' : null);
      })
      .then(
        () => {
          if (chunkCounts !== null) add(counts, chunkCounts);
          endedInChunk = last;
          return 'committed' as const;
        },
        (failure: unknown) => (failure instanceof CancelledChunk ? 'cancelled' as const : { failure }),
      );
    return true;
  };

  /**
   * A resumed update import checks again each row its committed chunks wrote, writing nothing, so the
   * finder knows the keys and records earlier rows took, as the first run did: a later row with the key
   * of a record an earlier chunk created, or matching a record an earlier chunk updated, is left out
   * as it would have been (without this, it updated that record). About 50 µs a row.
   */
  const recall = (source: SourceRow): void => {
    if (source.problems.length > 0) return;
    const checked = checkRow(source.row, request.entity, source.fields);
    if (checked.result !== null) duplicates.check(source.row, checked.result);
  };
  /**
   * A resumed skip job remembers the keys of the rows its committed chunks imported (those without a
   * rejection), so a later row sharing one is skipped as a duplicate in the file (`duplicate_in_file`,
   * naming that row) as in a run in one go, not as one already in the vault.
   */
  const skippedBefore = job !== null && job.skipRows > 0 && request.duplicates === 'skip' ? await connection.read((tx) => rowsWithRejections(tx, job.id)) : null;
  const remember = (source: SourceRow): void => {
    if (source.problems.length > 0 || skippedBefore === null || skippedBefore.has(source.row)) return;
    const checked = checkRow(source.row, request.entity, source.fields);
    if (checked.result !== null) duplicates.remember(source.row, checked.result);
  };

  let cancelled = false;
  // A real run inserts into every index at random places: it holds the larger page cache until it ends.
  const releaseCache = job === null ? null : await connection.holdBulkCache();
  const skipRows = job?.skipRows ?? 0;
  if (skipRows > 0) request.onPhase?.({ kind: 'resuming', passed: 0, of: skipRows });
  else if (readsKeys) request.onPhase?.({ kind: 'rows' });
  try {
    for await (const row of request.source.rows()) {
      dataRows += 1;
      // Parsing runs on this thread too: let calls in between (as countSourceRows does).
      await turnEvery(dataRows);
      if (dataRows <= skipRows) {
        // A cancel, or the vault locking, stops it here too: passing over 100,000 committed rows of an
        // update job (recall) takes some 5 s, which a lock must not wait for.
        if (stopped()) {
          cancelled = true;
          break;
        }
        if (request.duplicates === 'update') recall(row);
        else remember(row);
        if (dataRows === skipRows) request.onPhase?.({ kind: 'rows' });
        else if (dataRows % catchUpRowsPerReport === 0) request.onPhase?.({ kind: 'resuming', passed: dataRows, of: skipRows });
        continue;
      }
      // A dry run reads on only while it could still answer (a real run stops in its chunk's write).
      if (job === null && stopped()) {
        cancelled = true;
        break;
      }
      // A full chunk goes once a row after it shows the file goes on, so the file's last chunk is known as such.
      if (chunk.length >= chunkRows && !(await flush(false))) {
        cancelled = true;
        break;
      }
      chunk.push(row);
    }
    if (!cancelled && chunk.length > 0) cancelled = !(await flush(true));
  } finally {
    // Never return (or fail) with a write still running: the caller records the job's end next.
    await drain();
    await releaseCache?.();
  }
  if (!(await settle())) cancelled = true;
  // Stopped because the vault is closing: nothing more can be written, and the job stays running in
  // its record, so it reads as interrupted and can be resumed after its last committed chunk.
  const state = !cancelled ? 'done' : connection.isClosed ? 'interrupted' : 'cancelled';
  if (job !== null && state !== 'interrupted' && !endedInChunk) await connection.write((tx) => setJobState(tx, job.id, state, request.now()));
  return { state, counts, rejections: dryRejections, rejectionCount: dryRejectionCount, rowRejections: dryRowRejections };
}
