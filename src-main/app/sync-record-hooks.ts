// Binds the sync engine's RecordHooks (src-main/sync/record-hooks.ts) to the
// services that own data derived from records: the tag table and deal links
// (services/crm) and the search index (services/search). Sync may not import
// services, so the composition root makes this adapter and injects it.
import type { SyncedEntity } from '../../src-shared/sync/protocol';
import { accountTable } from '../services/crm/account.repo';
import { activityTable } from '../services/crm/activity.repo';
import { contactTable } from '../services/crm/contact.repo';
import { dealTable, writeDealContacts } from '../services/crm/deal.repo';
import { findRecord, selectRecords, type CrmRecord, type EntityTable } from '../services/crm/entity-table';
import { taskTable } from '../services/crm/task.repo';
import { indexNewRecords, indexRecord, removeFromIndex } from '../services/search/search-index';
import type { RecordHooks } from '../sync/record-hooks';
import type { SqlValue, WriteTx } from '../vault/connection';

/** Ids per IN (…) list and tag rows per INSERT: well under SQLite's parameter limit. */
const chunk = 500;

async function replaceTags(tx: WriteTx, entity: SyncedEntity, id: string, tags: readonly string[]): Promise<void> {
  await tx.run('DELETE FROM record_tags WHERE entity = ? AND record_id = ?', [entity, id]);
  for (const tag of tags) await tx.run('INSERT OR IGNORE INTO record_tags (entity, tag, record_id) VALUES (?, ?, ?)', [entity, tag, id]);
}

/** Rebuilds what derives from one record after sync wrote it; a trashed record leaves the search index. */
async function rebuild<R extends CrmRecord>(tx: WriteTx, table: EntityTable<R>, id: string, extra?: (record: R) => Promise<void>): Promise<void> {
  const record = await findRecord(tx, table, id);
  if (record === null) return;
  await replaceTags(tx, table.entity, id, record.tags);
  await extra?.(record);
  if (record.deletedAt === null) await indexRecord(tx, table.entity, id, table.searchTexts(record));
  else await removeFromIndex(tx, table.entity, id);
}

/** Derived data for records new to the device, in a few statements per chunk (they have none yet). */
async function derive<R extends CrmRecord>(tx: WriteTx, table: EntityTable<R>, ids: readonly string[], extra?: (record: R) => Promise<void>): Promise<void> {
  for (let start = 0; start < ids.length; start += chunk) {
    const part = ids.slice(start, start + chunk);
    const records = await selectRecords(tx, table, `id IN (${part.map(() => '?').join(', ')})`, part);
    const tags: SqlValue[] = records.flatMap((record) => record.tags.flatMap((tag) => [table.entity, tag, record.id]));
    for (let offset = 0; offset < tags.length; offset += chunk * 3) {
      const rows = tags.slice(offset, offset + chunk * 3);
      await tx.run(`INSERT OR IGNORE INTO record_tags (entity, tag, record_id) VALUES ${new Array<string>(rows.length / 3).fill('(?, ?, ?)').join(', ')}`, rows);
    }
    if (extra !== undefined) for (const record of records) await extra(record);
    const live = records.filter((record) => record.deletedAt === null);
    await indexNewRecords(tx, table.entity, live.map((record) => ({ id: record.id, texts: table.searchTexts(record) })));
  }
}

export const syncRecordHooks: RecordHooks = {
  async afterWrite(tx, entity, id) {
    switch (entity) {
      case 'accounts':
        return rebuild(tx, accountTable, id);
      case 'contacts':
        return rebuild(tx, contactTable, id);
      case 'deals':
        return rebuild(tx, dealTable, id, (deal) => writeDealContacts(tx, deal));
      case 'activities':
        return rebuild(tx, activityTable, id);
      case 'tasks':
        return rebuild(tx, taskTable, id);
    }
  },
  async afterCreate(tx, entity, ids) {
    switch (entity) {
      case 'accounts':
        return derive(tx, accountTable, ids);
      case 'contacts':
        return derive(tx, contactTable, ids);
      case 'deals':
        return derive(tx, dealTable, ids, (deal) => writeDealContacts(tx, deal));
      case 'activities':
        return derive(tx, activityTable, ids);
      case 'tasks':
        return derive(tx, taskTable, ids);
    }
  },
  async beforeRemove(tx, entity, id) {
    await removeFromIndex(tx, entity, id);
    await tx.run('DELETE FROM record_tags WHERE entity = ? AND record_id = ?', [entity, id]);
    if (entity === 'deals') await tx.run('DELETE FROM deal_contacts WHERE deal_id = ?', [id]);
  },
};
