// Contacts and deals hold their account's name in their search entries
// (search/account-names.ts), so when an account's indexed name changes
// (renamed, trashed, restored or removed, locally or by sync) its contacts
// and deals are indexed again, in the same transaction as the change. An
// entry whose text comes out the same is not touched (reindexRecords).
import { indexText } from '../../../src-shared/search/search-text';
import { z } from 'zod';
import type { ReadTx, WriteTx } from '../../vault/connection';
import { compactAfterBulk, reindexRecords } from '../search/search-index';
import { contactTable } from './contact.repo';
import { dealTable } from './deal.repo';
import { selectRecords, type CrmRecord, type EntityTable } from './entity-table';

/** Accounts per statement: a few hundred ids in one json_each list. */
const accountsPerRead = 200;

/**
 * Reindexes the live records of `table` of these accounts that are in the index already; answers how many there
 * were. One not indexed yet is a record sync inserted in the same batch as its account (the write buffer inserts
 * every row, then runs each entity's hooks): its own afterCreate indexes it, reading the account's name then, and
 * an entry made here first broke that insert's UNIQUE(entity, record_id), rolling back the page at every retry.
 */
async function reindexOf<R extends CrmRecord>(tx: WriteTx, table: EntityTable<R>, accountIds: readonly string[]): Promise<number> {
  let count = 0;
  for (let start = 0; start < accountIds.length; start += accountsPerRead) {
    const part = JSON.stringify(accountIds.slice(start, start + accountsPerRead));
    const records = await selectRecords(
      tx,
      table,
      'account_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL AND id IN (SELECT record_id FROM search_docs WHERE entity = ?)',
      [part, table.entity],
    );
    count += records.length;
    await reindexRecords(
      tx,
      table.entity,
      records.map((record) => ({ id: record.id, texts: table.searchTexts(record) })),
    );
  }
  return count;
}

/**
 * Indexes the live contacts and deals of these accounts again, with their
 * accounts' names as they are now. Each changed entry is a secure delete and
 * an insert: renaming an account of 5,000 contacts in a vault of 25,000 took
 * 5–12 s on a loaded two-core machine (ARCHITECTURE.md, Search). When they
 * are a large share of the index, its segments are merged after
 * (compactAfterBulk), as later secure deletes step through every segment.
 */
export async function reindexAccountDependents(tx: WriteTx, accountIds: readonly string[]): Promise<void> {
  if (accountIds.length === 0) return;
  const written = (await reindexOf(tx, contactTable, accountIds)) + (await reindexOf(tx, dealTable, accountIds));
  if (written > 0) await compactAfterBulk(tx, written);
}

const IndexedAccount = z.object({ id: z.string(), name: z.string(), live: z.number(), indexed: z.string().nullable() });

/**
 * Of these accounts (just written by sync, their search entries not yet
 * rewritten), those whose name as indexed changes: renamed, trashed or
 * restored. Read before the accounts' own entries are written.
 */
export async function accountsRenamed(tx: ReadTx, accountIds: readonly string[]): Promise<string[]> {
  if (accountIds.length === 0) return [];
  const rows = await tx.all(
    `SELECT a.id, a.name, a.deleted_at IS NULL AS live, d.name AS indexed FROM accounts a
       LEFT JOIN search_docs d ON d.entity = 'accounts' AND d.record_id = a.id
     WHERE a.id IN (SELECT value FROM json_each(?))`,
    [JSON.stringify(accountIds)],
  );
  return z
    .array(IndexedAccount)
    .parse(rows)
    .filter((row) => (row.live === 0 ? row.indexed !== null : row.indexed !== indexText(row.name)))
    .map((row) => row.id);
}
