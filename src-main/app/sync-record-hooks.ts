// Binds the sync engine's RecordHooks (src-main/sync/record-hooks.ts) to the
// services that own data derived from records: the tag table, deal links and
// the names' stored sort keys (services/crm) and the search index
// (services/search). Sync may not import
// services, so the composition root makes this adapter and injects it.
import { accountsRenamed, reindexAccountDependents } from '../services/crm/account-dependents';
import { accountTable } from '../services/crm/account.repo';
import { activityTable } from '../services/crm/activity.repo';
import { contactTable } from '../services/crm/contact.repo';
import { dealTable, writeDealContacts } from '../services/crm/deal.repo';
import { decodeRow, selectRecords, sortKeyOf, syncedFields, type CrmRecord, type EntityTable } from '../services/crm/entity-table';
import { writeSortKeys } from '../services/crm/record-writes';
import { taskTable } from '../services/crm/task.repo';
import { compactAfterBulk, indexNewRecords, indexReplaced, reindexRecords, removeFromIndex, rewriteIndex, scrubIndexKeys } from '../services/search/search-index';
import { tagKey } from '../../src-shared/domain/common';
import type { SyncedEntity } from '../../src-shared/sync/protocol';
import type { CreatedRow, DerivedInsertColumns, RecordHooks } from '../sync/record-hooks';
import type { SqlValue, WriteTx } from '../vault/connection';
import type { RecordGenerations } from '../vault/record-generations';
import { insertRows } from '../vault/json-rows';
import { columnOf } from '../vault/column-names';

/** Ids per IN (…) list: well under SQLite's parameter limit. */
const chunk = 500;

/** Inserts tag rows (entity, tag, record_id) in multi-row statements. */
function insertTags(tx: WriteTx, rows: readonly (readonly SqlValue[])[]): Promise<void> {
  return insertRows(tx, 'INSERT OR IGNORE INTO record_tags (entity, tag, record_id)', rows);
}

/**
 * Rebuilds what derives from records sync changed, a chunk at a time: one
 * read of the records, their tags replaced in two statements, then the
 * search index in a few more (a trashed record leaves it).
 */
async function rebuild<R extends CrmRecord>(tx: WriteTx, table: EntityTable<R>, ids: readonly string[], extra?: (record: R) => Promise<void>): Promise<void> {
  for (let start = 0; start < ids.length; start += chunk) {
    const part = ids.slice(start, start + chunk);
    const marks = part.map(() => '?').join(', ');
    const records = await selectRecords(tx, table, `id IN (${marks})`, part);
    await tx.run(`DELETE FROM record_tags WHERE entity = ? AND record_id IN (${marks})`, [table.entity, ...part]);
    await insertTags(tx, records.flatMap((record) => record.tags.map((tag) => [table.entity, tagKey(tag), record.id])));
    await writeSortKeys(tx, table, records);
    if (extra !== undefined) for (const record of records) await extra(record);
    const live = records.filter((record) => record.deletedAt === null);
    const trashed = records.filter((record) => record.deletedAt !== null).map((record) => record.id);
    await reindexRecords(tx, table.entity, live.map((record) => ({ id: record.id, texts: table.searchTexts(record) })), trashed);
  }
}

/**
 * Derived data for records new to the device, in a few statements per chunk
 * (they have none yet). A row sync inserted with every column is decoded from
 * the values it inserted (the same decodeRow a read would use); only rows
 * that left columns to their defaults are read back. The sort key is written
 * only for rows whose INSERT did not carry it (derivedOnInsert): for the rest
 * the UPDATE would change nothing, yet look up every row of an initial sync
 * by its primary key once more.
 */
async function derive<R extends CrmRecord>(tx: WriteTx, table: EntityTable<R>, rows: readonly CreatedRow[], extra?: (record: R) => Promise<void>): Promise<void> {
  const columns = syncedFields(table).map(columnOf);
  const keyColumn = table.sortKey?.column;
  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.slice(start, start + chunk);
    const records: R[] = [];
    const partial: string[] = [];
    for (const row of part) {
      if (columns.every((column) => column in row.columns)) records.push(decodeRow(table, row.columns));
      else partial.push(row.id);
    }
    if (partial.length > 0) records.push(...(await selectRecords(tx, table, `id IN (${partial.map(() => '?').join(', ')})`, partial)));
    const unkeyed = new Set(part.filter((row) => keyColumn !== undefined && !(keyColumn in row.columns)).map((row) => row.id));
    await insertTags(tx, records.flatMap((record) => record.tags.map((tag) => [table.entity, tagKey(tag), record.id])));
    await writeSortKeys(tx, table, records.filter((record) => unkeyed.has(record.id)));
    if (extra !== undefined) for (const record of records) await extra(record);
    const live = records.filter((record) => record.deletedAt === null);
    await indexNewRecords(tx, table.entity, live.map((record) => ({ id: record.id, texts: table.searchTexts(record) })));
  }
}

/**
 * The search texts of a record about to be removed (indexed, or trashed and so
 * out of the index already). A row that does not decode must not stop an
 * erasure: then its index entry's folded text, which holds the same tokens.
 */
async function textsOf<R extends CrmRecord>(tx: WriteTx, table: EntityTable<R>, id: string): Promise<readonly string[] | null> {
  try {
    const [record] = await selectRecords(tx, table, 'id = ?', [id]);
    return record === undefined ? null : table.searchTexts(record);
  } catch {
    const doc = await tx.get<{ name: unknown; body: unknown }>('SELECT name, body FROM search_docs WHERE entity = ? AND record_id = ?', [table.entity, id]);
    return typeof doc?.name === 'string' && typeof doc.body === 'string' ? [doc.name, doc.body] : null;
  }
}

function searchTextsOf(tx: WriteTx, entity: SyncedEntity, id: string): Promise<readonly string[] | null> {
  switch (entity) {
    case 'accounts':
      return textsOf(tx, accountTable, id);
    case 'contacts':
      return textsOf(tx, contactTable, id);
    case 'deals':
      return textsOf(tx, dealTable, id);
    case 'activities':
      return textsOf(tx, activityTable, id);
    case 'tasks':
      return textsOf(tx, taskTable, id);
  }
}

/** Accounts removed so far in a transaction: afterRemovals indexes their contacts and deals that stay again, without their names. */
const removedAccounts = new WeakMap<WriteTx, string[]>();
/** Search texts of the records removed so far in a transaction, for afterRemovals (scrubIndexKeys). */
const removedTexts = new WeakMap<WriteTx, (readonly string[])[]>();
/**
 * Transactions that evicted a record whose search entry this device replaced
 * (indexReplaced): afterRemovals rewrites the index, as for a purge, since a
 * value the record held before may survive as a page key. A record that came
 * edited (field versions of its own) but was never re-indexed here had only
 * its current text indexed, and the key check covers it.
 */
const evictedReplaced = new WeakSet<WriteTx>();

/** A new row's stored sort key, written with it when the insert names the field it is the key of. */
function sortKeyOnInsert<R extends CrmRecord>(table: EntityTable<R>, columns: readonly string[]): DerivedInsertColumns | undefined {
  const sortKey = table.sortKey;
  if (sortKey === undefined) return undefined;
  const at = columns.indexOf(columnOf(sortKey.field));
  if (at < 0) return undefined;
  return { columns: [sortKey.column], values: (row) => [sortKeyOf(table, { [sortKey.field]: row[at] })] };
}

export const syncRecordHooks: RecordHooks = {
  derivedOnInsert(entity, columns) {
    switch (entity) {
      case 'accounts':
        return sortKeyOnInsert(accountTable, columns);
      case 'contacts':
        return sortKeyOnInsert(contactTable, columns);
      case 'deals':
        return sortKeyOnInsert(dealTable, columns);
      case 'activities':
        return undefined;
      case 'tasks':
        return sortKeyOnInsert(taskTable, columns);
    }
  },
  async afterWrite(tx, entity, ids) {
    switch (entity) {
      case 'accounts': {
        // Their contacts and deals hold the names as indexed (account-names.ts): read before the accounts' entries change.
        const renamed = await accountsRenamed(tx, ids);
        await rebuild(tx, accountTable, ids);
        return reindexAccountDependents(tx, renamed);
      }
      case 'contacts':
        return rebuild(tx, contactTable, ids);
      case 'deals':
        return rebuild(tx, dealTable, ids, (deal) => writeDealContacts(tx, deal));
      case 'activities':
        return rebuild(tx, activityTable, ids);
      case 'tasks':
        return rebuild(tx, taskTable, ids);
    }
  },
  async afterCreate(tx, entity, rows) {
    switch (entity) {
      case 'accounts':
        await derive(tx, accountTable, rows);
        // Contacts or deals that came before their account now take its name.
        return reindexAccountDependents(tx, rows.map((row) => row.id));
      case 'contacts':
        return derive(tx, contactTable, rows);
      case 'deals':
        return derive(tx, dealTable, rows, (deal) => writeDealContacts(tx, deal));
      case 'activities':
        return derive(tx, activityTable, rows);
      case 'tasks':
        return derive(tx, taskTable, rows);
    }
  },
  async beforeRemove(tx, entity, id, kind) {
    // An eviction is a local purge: an earlier value must leave the file too (ARCHITECTURE.md, partial replication).
    if (kind === 'evict' && !evictedReplaced.has(tx) && (await indexReplaced(tx, entity, id))) evictedReplaced.add(tx);
    const texts = await searchTextsOf(tx, entity, id);
    if (texts !== null) {
      const removed = removedTexts.get(tx) ?? [];
      removed.push(texts);
      removedTexts.set(tx, removed);
    }
    await removeFromIndex(tx, entity, id);
    if (entity === 'accounts') removedAccounts.set(tx, [...(removedAccounts.get(tx) ?? []), id]);
    await tx.run('DELETE FROM record_tags WHERE entity = ? AND record_id = ?', [entity, id]);
    if (entity === 'deals') await tx.run('DELETE FROM deal_contacts WHERE deal_id = ?', [id]);
  },
  async afterRemovals(tx, erased) {
    // Contacts and deals that stay drop the name of an account that left (its row is gone now), before the index's keys are checked.
    const accounts = removedAccounts.get(tx);
    removedAccounts.delete(tx);
    if (accounts !== undefined) await reindexAccountDependents(tx, accounts);
    const removed = removedTexts.get(tx);
    removedTexts.delete(tx);
    const rewrite = erased || evictedReplaced.has(tx);
    evictedReplaced.delete(tx);
    // An erased (or evicted and re-indexed here) record's earlier values may be page keys too: only a rewrite is sure to take them out.
    if (rewrite) await rewriteIndex(tx);
    else if (removed !== undefined) await scrubIndexKeys(tx, removed);
  },
  async afterBulkApply(tx, changes) {
    await compactAfterBulk(tx, changes);
  },
};

/**
 * The hooks, moving the written entity's generation as each remote write
 * happens: the engine reports what a cycle changed once it succeeded, so a
 * cycle that fails after some pages were applied, and a resolved conflict,
 * are seen here.
 */
export function recordHooksMoving(generations: RecordGenerations): RecordHooks {
  return {
    ...syncRecordHooks,
    afterWrite(tx, entity, ids) {
      generations.written([entity]);
      return syncRecordHooks.afterWrite(tx, entity, ids);
    },
    afterCreate(tx, entity, rows) {
      generations.written([entity]);
      return syncRecordHooks.afterCreate(tx, entity, rows);
    },
    beforeRemove(tx, entity, id, kind) {
      generations.written([entity]);
      if (kind !== 'delete') generations.departed();
      return syncRecordHooks.beforeRemove(tx, entity, id, kind);
    },
  };
}
