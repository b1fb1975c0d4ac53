// Runs an import over a file's rows in chunks (default 2,000 data rows): each
// chunk is validated, checked for duplicates, and — unless it is a dry run —
// written in ONE transaction together with its rejections and the job's
// committed-row count. A crash or cancel therefore loses at most the chunk in
// flight, and a resumed job skips exactly the committed rows. While one chunk
// is written (SQLite works on its own thread), the next is read and checked
// here, so at most two chunks of rows are in memory; the file itself is read
// as a stream.
import type { ImportEntity, ImportState, Rejection } from '../../../src-shared/transfer/import';
import type { Connection } from '../../vault/connection';
import { hashKey, keysOfDraftBothSides, type KeyHashSet } from './duplicate-keys';
import { recordChunk, setJobState, type ChunkCounts } from './import-jobs.repo';
import { checkRow, type ImportDraft } from './import-rows';
import type { OpenedSource, SourceRow } from './import-source';
import type { ImportRecordWriter } from './record-writer';

/**
 * Rows per write transaction. Larger chunks spread each commit's fixed costs
 * (fsync, the job row, the company lookup) over more rows; 2,000 still
 * gives a 100k-row file fifty progress events, and bounds what a crash can
 * lose.
 */
export const defaultChunkRows = 2000;
/** Rejections a dry run keeps to return (the count is always exact). */
export const maxDryRunRejections = 10_000;

export interface ImportCounts {
  processed: number;
  imported: number;
  rejected: number;
  duplicates: number;
}

export interface RunRequest {
  readonly connection: Connection;
  readonly source: OpenedSource;
  readonly entity: ImportEntity;
  /** Keys already in the vault, or null to import duplicates as well. */
  readonly vaultKeys: KeyHashSet | null;
  /** null for a dry run: validate and count, write nothing. */
  readonly job: { readonly id: string; readonly skipRows: number; readonly start: ImportCounts } | null;
  readonly writer: ImportRecordWriter;
  readonly isCancelled: () => boolean;
  readonly onProgress: (counts: Readonly<ImportCounts>) => void;
  readonly now: () => number;
  readonly chunkRows?: number;
}

export interface RunOutcome {
  readonly state: Extract<ImportState, 'done' | 'cancelled'>;
  readonly counts: ImportCounts;
  /** Dry run only: the first maxDryRunRejections rejections. */
  readonly rejections: Rejection[];
  readonly rejectionCount: number;
}

interface Checked {
  readonly accepted: ImportDraft[];
  readonly rejections: Rejection[];
  readonly rejectedRows: number;
  readonly duplicateRows: number;
}

class DuplicateFinder {
  /** Key hash → the row that brought it into the file. */
  readonly #inFile = new Map<number, number>();

  constructor(private readonly vault: KeyHashSet | null) {}

  check(row: number, draft: ImportDraft): Rejection | null {
    if (this.vault === null) return null;
    const label = draft.entity === 'contacts' ? 'contact' : 'account';
    const { existing, incoming } = keysOfDraftBothSides(draft);
    const hashes = existing.map(hashKey);
    // incoming is a prefix of existing, so hashes[index] is the hash of incoming[index].
    for (const [index, key] of incoming.entries()) {
      const hash = hashes[index] ?? hashKey(key);
      if (this.vault.has(hash)) {
        return { row, field: key.kind, code: 'duplicate_in_vault', message: `An existing ${label} has the same ${key.kind}` };
      }
      const earlier = this.#inFile.get(hash);
      if (earlier !== undefined) return { row, field: key.kind, code: 'duplicate_in_file', message: `Row ${earlier} has the same ${key.kind}` };
    }
    for (const hash of hashes) {
      if (!this.#inFile.has(hash)) this.#inFile.set(hash, row);
    }
    return null;
  }
}

function checkChunk(rows: readonly SourceRow[], entity: ImportEntity, duplicates: DuplicateFinder): Checked {
  const accepted: ImportDraft[] = [];
  const rejections: Rejection[] = [];
  let rejectedRows = 0;
  let duplicateRows = 0;
  for (const source of rows) {
    const row = source.problems.length > 0 ? null : checkRow(source.row, entity, source.fields);
    const problems = row === null ? source.problems : row.problems;
    const duplicate = row?.result ? duplicates.check(source.row, row.result) : null;
    if (row?.result && duplicate === null) {
      accepted.push(row.result);
      continue;
    }
    rejectedRows += 1;
    if (duplicate !== null) {
      duplicateRows += 1;
      rejections.push(duplicate);
    } else rejections.push(...problems);
  }
  return { accepted, rejections, rejectedRows, duplicateRows };
}

/** A chunk write in flight: resolves once it committed (null) or with what made it fail. */
type Writing = Promise<{ readonly failure: unknown } | null>;

/** Imports (or dry-runs) the source's rows; throws if a chunk cannot be written (that chunk is rolled back). */
export async function runImport(request: RunRequest): Promise<RunOutcome> {
  const { connection, job } = request;
  const chunkRows = request.chunkRows ?? defaultChunkRows;
  const duplicates = new DuplicateFinder(request.vaultKeys);
  const counts: ImportCounts = job === null ? { processed: 0, imported: 0, rejected: 0, duplicates: 0 } : { ...job.start };
  const dryRejections: Rejection[] = [];
  let dryRejectionCount = 0;
  let dataRows = 0;
  let chunk: SourceRow[] = [];
  // One chunk is written (on SQLite's thread) while the next is read and checked (on this one).
  // Writes still commit one after another and in file order: a chunk's write starts only once the
  // previous one committed, and a failed write stops the run before any later chunk is written.
  let writing: Writing | null = null;

  const count = (chunkCounts: ChunkCounts): void => {
    counts.processed += chunkCounts.rows;
    counts.imported += chunkCounts.imported;
    counts.rejected += chunkCounts.rejected;
    counts.duplicates += chunkCounts.duplicates;
    request.onProgress(counts);
  };

  /** Waits for the chunk in flight, if any, whatever its outcome. */
  const drain = async (): Promise<void> => {
    await writing;
  };

  /** Waits for the chunk in flight; rethrows its failure. */
  const settle = async (): Promise<void> => {
    const outcome = await writing;
    writing = null;
    if (outcome !== null) throw outcome.failure;
  };

  /** Checks the chunk and hands it to a write; false when the run was cancelled instead. */
  const flush = async (): Promise<boolean> => {
    const checked = checkChunk(chunk, request.entity, duplicates);
    const chunkCounts = { rows: chunk.length, imported: checked.accepted.length, rejected: checked.rejectedRows, duplicates: checked.duplicateRows };
    chunk = [];
    if (job === null) {
      dryRejectionCount += checked.rejections.length;
      dryRejections.push(...checked.rejections.slice(0, Math.max(0, maxDryRunRejections - dryRejections.length)));
      count(chunkCounts);
      return !request.isCancelled();
    }
    await settle();
    if (request.isCancelled()) return false;
    const now = request.now();
    writing = connection
      .write(async (tx) => {
        await request.writer.write(tx, checked.accepted, now);
        await recordChunk(tx, job.id, chunkCounts, checked.rejections, now);
      })
      .then(
        () => {
          count(chunkCounts);
          return null;
        },
        (failure: unknown) => ({ failure }),
      );
    return true;
  };

  let cancelled = false;
  // A real run inserts into every index at random places: it holds the larger page cache until it ends.
  const releaseCache = job === null ? null : await connection.holdBulkCache();
  try {
    for await (const row of request.source.rows()) {
      dataRows += 1;
      if (job !== null && dataRows <= job.skipRows) continue;
      chunk.push(row);
      if (chunk.length >= chunkRows && !(await flush())) {
        cancelled = true;
        break;
      }
    }
    if (!cancelled && chunk.length > 0) cancelled = !(await flush());
  } finally {
    // Never return (or fail) with a write still running: the caller records the job's end next.
    await drain();
    await releaseCache?.();
  }
  await settle();
  const state = cancelled ? 'cancelled' : 'done';
  if (job !== null) await connection.write((tx) => setJobState(tx, job.id, state, request.now()));
  return { state, counts, rejections: dryRejections, rejectionCount: dryRejectionCount };
}
