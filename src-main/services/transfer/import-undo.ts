// Undoing an import: the records its steps created (import-created.ts) go to
// the trash, contacts before the accounts created for their company names,
// each a normal trash (a 'delete' recorded for sync, search entries gone);
// restoring takes back out those that undo put there (deleted_at equal to
// the job's undone_at: a record the user trashed on their own stays), the
// accounts first so their contacts' links are live again; a contact whose
// account the user trashed on their own stays in the trash (`kept`), as a
// restore of it alone would be refused. Rows the import wrote into existing
// records keep what it wrote. An account it created that records outside
// the undo still link to (a later import's contacts, a deal made under it)
// stays, counted as `kept`: trashed, it left them linked to the trash.
//
// The search index is merged into one segment (compactAfterBulk) before an
// undo that removes a large share of it: each record's secure delete visits
// every segment.
//
// A batch of records per write transaction, so a 100,000-record undo keeps
// the vault answering in between and reports its progress; stopped part way
// (the vault locked), running it again goes on with the same undone_at.
import { BadInputError, LockedError } from '../../../src-shared/ipc/errors';
import type { ImportEntity, ImportUndone, ImportUndoProgress } from '../../../src-shared/transfer/import';
import { AccountId, ContactId } from '../../../src-shared/domain/ids';
import type { Connection, WriteTx } from '../../vault/connection';
import { deleteAccounts, restoreAccounts } from '../crm/account.service';
import { deleteContacts, restoreContacts } from '../crm/contact.service';
import { compactAfterBulk } from '../search/search-index';
import { countCreated, createdRanges, hasCreatedRanges, nextCreated, type CreatedRange, type RangeCursor } from './import-created';
import { setJobUndone, type ImportJob } from './import-jobs.repo';

/** Records per write transaction: 0.13–0.17 s each (20,000 contacts: 5.3–6.7 s in 40 transactions). */
export const defaultUndoBatch = 500;

export interface UndoRequest {
  readonly connection: Connection;
  readonly job: ImportJob;
  readonly restore: boolean;
  readonly now: number;
  readonly batch?: number;
  readonly onProgress: (progress: MovedSoFar) => void;
}

/** Progress as undoImport reports it, each batch once committed (UndoRunning says when it ended). */
export type MovedSoFar = Omit<ImportUndoProgress, 'ended'>;

/**
 * The one undo (or restore) that runs at a time: which job's, for the recent
 * imports of a page opened since to show it running; and its end, said by a
 * last progress event (ended) whether it finished or stopped.
 */
export class UndoRunning {
  #current: { readonly jobId: string; readonly restore: boolean } | null = null;

  get busy(): boolean {
    return this.#current !== null;
  }

  /** What runs for the job now, if anything. */
  of(jobId: string): 'undo' | 'restore' | null {
    const current = this.#current;
    return current === null || current.jobId !== jobId ? null : current.restore ? 'restore' : 'undo';
  }

  /** Holds the slot while `body` runs (the caller checked it is free); `body` moves the records, reporting through the progress it is given. */
  async run(
    jobId: string,
    restore: boolean,
    onProgress: (progress: ImportUndoProgress) => void,
    body: (progress: (moved: MovedSoFar) => void) => Promise<ImportUndone>,
  ): Promise<ImportUndone> {
    this.#current = { jobId, restore };
    let last: MovedSoFar | null = null;
    try {
      return await body((moved) => {
        last = moved;
        onProgress({ ...moved, ended: false });
      });
    } finally {
      this.#current = null;
      if (last !== null) onProgress({ ...(last as MovedSoFar), ended: true });
    }
  }
}

/** Refuses an undo of a job that has not ended, or that kept no record of what it created. */
export async function requireUndoable(connection: Connection, job: ImportJob): Promise<void> {
  if (job.state === 'running') throw new BadInputError('This import has not ended: cancel it before undoing it', { code: 'undo_not_ended' });
  const kept = await connection.read((tx) => hasCreatedRanges(tx, job.id));
  if (!kept && job.imported > 0) throw new BadInputError('This import was made before imports could be undone', { code: 'undo_unavailable' });
}

/** Of these contacts, those whose account is in the trash: a restore cannot bring them back (link_trashed). */
async function withTrashedAccount(tx: WriteTx, ids: readonly string[]): Promise<Set<string>> {
  const rows = await tx.all<{ id: unknown }>(
    'SELECT c.id FROM contacts c JOIN accounts a ON a.id = c.account_id WHERE c.id IN (SELECT value FROM json_each(?)) AND a.deleted_at IS NOT NULL',
    [JSON.stringify(ids)],
  );
  return new Set(rows.flatMap((row) => (typeof row.id === 'string' ? [row.id] : [])));
}

/**
 * Moves a batch to the trash, or out of it; answers how many it left where they were: a restore
 * keeps in the trash the contacts whose account the user trashed on their own (the undo restored
 * the accounts it trashed first), where a restore of all of them would be refused whole.
 */
async function move(tx: WriteTx, entity: ImportEntity, ids: readonly string[], restore: boolean, now: number, deletedAt: number): Promise<number> {
  if (entity === 'contacts') {
    if (!restore) {
      await deleteContacts(tx, ids.map((id) => ContactId.parse(id)), now, { deletedAt });
      return 0;
    }
    const blocked = await withTrashedAccount(tx, ids);
    await restoreContacts(tx, ids.filter((id) => !blocked.has(id)).map((id) => ContactId.parse(id)), now);
    return blocked.size;
  }
  const accountIds = ids.map((id) => AccountId.parse(id));
  if (restore) await restoreAccounts(tx, accountIds, now);
  else await deleteAccounts(tx, accountIds, now, { deletedAt });
  return 0;
}

/**
 * Merges the search index into one segment when `records` (written by an
 * import, or about to be removed by an undo) are a large share of it
 * (compactAfterBulk); answers whether it merged.
 */
export function compactSearch(connection: Connection, records: number): Promise<boolean> {
  return connection.write((tx) => compactAfterBulk(tx, records));
}

/** Trashes (or restores) the job's created records in batches; answers how many of each it moved. */
export async function undoImport(request: UndoRequest): Promise<ImportUndone> {
  const { connection, job, restore } = request;
  const batch = request.batch ?? defaultUndoBatch;
  // A restore looks for the records trashed at the undo's time and writes at now; an undo trashes at
  // the time of its first run (going on after a stop keeps one time for all of them).
  if (restore && job.undoneAt === null) return { jobId: job.id, contacts: 0, accounts: 0, undoneAt: null, kept: 0 };
  const undoneAt = job.undoneAt ?? request.now;
  const order: ImportEntity[] = restore ? ['accounts', 'contacts'] : ['contacts', 'accounts'];
  const rangesOf = await connection.read(async (tx) => {
    const found: CreatedRange[][] = [];
    for (const entity of order) found.push(await createdRanges(tx, job.id, entity));
    return found;
  });
  const lookFor = restore ? undoneAt : null;
  const total = await connection.read((tx) => countCreated(tx, rangesOf.flat(), lookFor));
  const moved: Record<ImportEntity, number> = { contacts: 0, accounts: 0 };
  let kept = 0;
  let done = 0;
  request.onProgress({ jobId: job.id, restore, done, total });
  if (!restore && job.undoneAt === null) await connection.write((tx) => setJobUndone(tx, job.id, undoneAt));
  if (!restore) await compactSearch(connection, total);
  for (const [index, entity] of order.entries()) {
    const ranges = rangesOf[index] ?? [];
    let cursor: RangeCursor | null = { range: 0, after: 0 };
    while (cursor !== null) {
      // The vault started closing (a lock): stop at once, not after one more batch.
      if (connection.isClosed) throw new LockedError();
      const from: RangeCursor = cursor;
      const found = await connection.write(async (tx) => {
        const next = await nextCreated(tx, ranges, lookFor, from, batch);
        // Written now (their updatedAt), trashed at the undo's one time: a run going on after a stop wrote its
        // records' updatedAt days back, older than a teammate's edit made meanwhile.
        const left = next.ids.length === 0 ? 0 : await move(tx, entity, next.ids, restore, request.now, undoneAt);
        return { ...next, left };
      });
      // Counted once the batch committed.
      moved[entity] += found.ids.length - found.left;
      kept += found.left;
      done += found.ids.length;
      cursor = found.next;
      request.onProgress({ jobId: job.id, restore, done, total: Math.max(total, done) });
    }
  }
  if (restore) await connection.write((tx) => setJobUndone(tx, job.id, null));
  // The accounts it created that records outside the undo link to stay (import-created.ts): said as kept.
  else kept = await connection.read((tx) => countCreated(tx, rangesOf[order.indexOf('accounts')] ?? [], null));
  return { jobId: job.id, contacts: moved.contacts, accounts: moved.accounts, undoneAt: restore ? null : undoneAt, kept };
}
