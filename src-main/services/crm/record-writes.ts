// The write path every CRM entity shares: insert, patch, soft delete and
// restore. Each runs inside the caller's write transaction and, in that same
// transaction, records the change for sync (recordChange: only the fields
// that changed), keeps the tag table and the search index in step, so a
// failure anywhere leaves nothing half-written.
import { tagKey } from '../../../src-shared/domain/common';
import type { UserId } from '../../../src-shared/domain/ids';
import { NotFoundError } from '../../../src-shared/ipc/errors';
import type { JsonValue } from '../../../src-shared/sync/protocol';
import { checkChanges, recordChange, recordChanges, recordCheckedChangesQuietly, type Change } from '../../sync/change-recorder';
import type { SqlValue, WriteTx } from '../../vault/connection';
import { columnOf } from '../../vault/column-names';
import { insertRows, rowSources } from '../../vault/json-rows';
import { reindexAccountDependents } from './account-dependents';
import { assigneeEdit, requireOwnRecords } from './record-owners';
import { indexRecord, newIndexRows, reindexRecords, writeNewIndexRows } from '../search/search-index';
import {
  fieldValue,
  findRecord,
  jsonOf,
  sameJson,
  sortKeyOf,
  sqlOf,
  syncedFields,
  type CrmRecord,
  type EntityTable,
} from './entity-table';

/** Who writes and when; every write in one call shares them. */
export interface WriteContext {
  readonly now: number;
  readonly userId: UserId;
}

async function replaceTags(tx: WriteTx, entity: string, id: string, tags: readonly string[]): Promise<void> {
  await tx.run('DELETE FROM record_tags WHERE entity = ? AND record_id = ?', [entity, id]);
  for (const tag of tags) {
    await tx.run('INSERT OR IGNORE INTO record_tags (entity, tag, record_id) VALUES (?, ?, ?)', [entity, tagKey(tag), id]);
  }
}

function fieldsOf<R extends CrmRecord>(record: R, names: readonly string[]): Record<string, JsonValue> {
  return Object.fromEntries(names.map((name) => [name, jsonOf(fieldValue(record, name))]));
}

/** Inserts a new record (already validated into R) and queues it for sync. */
export async function insertRecord<R extends CrmRecord>(tx: WriteTx, table: EntityTable<R>, record: R, now: number): Promise<R> {
  await insertRecords(tx, table, [record], now);
  return record;
}

/**
 * Inserts new records in a few multi-row statements (imports write thousands
 * per transaction): the rows, their tags, one create operation each in the
 * outbox, and their search entries.
 *
 * The records' own rows go first, the longest statement of a bulk create
 * (they land in every index of the table). While SQLite runs it on its
 * thread, this thread prepares the rest (tag rows, checked changes, search
 * texts), which otherwise took turns with the statements.
 */
export async function insertRecords<R extends CrmRecord>(tx: WriteTx, table: EntityTable<R>, records: readonly R[], now: number): Promise<void> {
  if (records.length === 0) return;
  const fields = syncedFields(table);
  const sortKey = table.sortKey;
  const inserting = insertRows(
    tx,
    `INSERT INTO ${table.entity} (id, ${fields.map(columnOf).join(', ')}${sortKey === undefined ? '' : `, ${sortKey.column}`})`,
    records.map((record) => [
      record.id,
      ...fields.map((field) => sqlOf(table, field, fieldValue(record, field))),
      ...(sortKey === undefined ? [] : [sortKeyOf(table, record)]),
    ]),
  );
  // Handled now (it is awaited below): a failure while the rest is prepared must not count as unhandled.
  inserting.catch(() => undefined);
  // The statement reaches SQLite's thread once the pending promise jobs have run: let them.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const tagRows = records.flatMap((record) => record.tags.map((tag): SqlValue[] => [table.entity, tagKey(tag), record.id]));
  const changes = checkChanges(
    records.map((record) => ({ entity: table.entity, recordId: record.id, kind: 'upsert' as const, fields: fieldsOf(record, fields), isNew: true })),
  );
  const live = records.filter((record) => record.deletedAt === null);
  const searchRows = newIndexRows(table.entity, live.map((record) => ({ id: record.id, texts: table.searchTexts(record) })));
  await inserting;
  await insertRows(tx, 'INSERT OR IGNORE INTO record_tags (entity, tag, record_id)', tagRows);
  await recordCheckedChangesQuietly(tx, changes, now);
  await writeNewIndexRows(tx, searchRows);
}

/**
 * Writes the stored sort keys of records another path wrote (sync applying
 * remote changes, a resolved conflict), a few multi-row statements for many
 * records; a row whose key is right already is left alone, so its entries
 * in the name indexes are not rewritten.
 */
export async function writeSortKeys<R extends CrmRecord>(tx: WriteTx, table: EntityTable<R>, records: readonly R[]): Promise<void> {
  const sortKey = table.sortKey;
  if (sortKey === undefined) return;
  const rows = records.map((record) => [record.id, sortKeyOf(table, record)]);
  for (const source of rowSources(rows, 'k')) {
    await tx.run(
      `UPDATE ${table.entity} SET ${sortKey.column} = k.column2 FROM ${source.sql} WHERE ${table.entity}.id = k.column1 AND ${table.entity}.${sortKey.column} IS NOT k.column2`,
      source.params,
    );
  }
}

/** A live record or NOT_FOUND (a trashed record cannot be edited until it is restored). */
export async function requireLiveRecord<R extends CrmRecord>(tx: WriteTx, table: EntityTable<R>, id: string): Promise<R> {
  const record = await findRecord(tx, table, id);
  if (record === null || record.deletedAt !== null) throw new NotFoundError(table.label);
  return record;
}

/** A record's row to rewrite: the record as written, the fields recorded for sync, and the columns the UPDATE sets. */
interface RowPlan<R> {
  readonly written: R;
  readonly fields: readonly string[];
  readonly assignments: readonly (readonly [string, SqlValue])[];
}

/** The synced fields `next` changes from `before`, updatedAt and updatedBy aside (every write sets those). */
export function changedFields<R extends CrmRecord>(table: EntityTable<R>, before: R, next: R): string[] {
  return syncedFields(table).filter((field) => field !== 'updatedAt' && field !== 'updatedBy' && !sameJson(fieldValue(before, field), fieldValue(next, field)));
}

/**
 * What writing `next` over `before` sets: the fields that differ, with
 * updatedAt/updatedBy (and the stored sort key when it changes); null when
 * none differs.
 */
function planRow<R extends CrmRecord>(table: EntityTable<R>, before: R, next: R, context: WriteContext): RowPlan<R> | null {
  const changed = changedFields(table, before, next);
  if (changed.length === 0) return null;
  const written = table.schema.parse({ ...next, updatedAt: context.now, updatedBy: context.userId });
  const fields = [...changed, 'updatedAt', 'updatedBy'];
  const assignments = fields.map((field): [string, SqlValue] => [columnOf(field), sqlOf(table, field, fieldValue(written, field))]);
  const sortKey = table.sortKey;
  if (sortKey !== undefined && sortKeyOf(table, written) !== sortKeyOf(table, before)) assignments.push([sortKey.column, sortKeyOf(table, written)]);
  return { written, fields, assignments };
}

/**
 * Runs the UPDATEs of `plans`: one statement for every row that gets the
 * same columns set to the same values (a selection trashed or restored: its
 * deleted_at, updatedAt and updatedBy), so a batch of them updates in one
 * statement instead of one a record; and the tags of each plan that changes
 * them.
 */
async function writeRows<R extends CrmRecord>(tx: WriteTx, table: EntityTable<R>, plans: readonly RowPlan<R>[]): Promise<void> {
  const alike = new Map<string, { assignments: RowPlan<R>['assignments']; ids: string[] }>();
  for (const plan of plans) {
    const key = JSON.stringify(plan.assignments.map(([column, value]) => [column, value instanceof Uint8Array ? [...value] : value]));
    const group = alike.get(key);
    if (group === undefined) alike.set(key, { assignments: plan.assignments, ids: [plan.written.id] });
    else group.ids.push(plan.written.id);
  }
  for (const { assignments, ids } of alike.values()) {
    const set = assignments.map(([column]) => `${column} = ?`).join(', ');
    const values = assignments.map(([, value]) => value);
    if (ids.length === 1) await tx.run(`UPDATE ${table.entity} SET ${set} WHERE id = ?`, [...values, ...ids]);
    else await tx.run(`UPDATE ${table.entity} SET ${set} WHERE id IN (SELECT value FROM json_each(?))`, [...values, JSON.stringify(ids)]);
  }
  for (const plan of plans) {
    if (plan.fields.includes('tags')) await replaceTags(tx, table.entity, plan.written.id, plan.written.tags);
  }
}

/**
 * Writes `next` over `before` (same id): only the fields that differ are
 * updated and recorded, with updatedAt/updatedBy. Returns `before` untouched
 * when nothing differs, so a no-op edit makes no outbox entry.
 */
export async function saveChanges<R extends CrmRecord>(
  tx: WriteTx,
  table: EntityTable<R>,
  before: R,
  next: R,
  context: WriteContext,
  kind: 'upsert' | 'delete' = 'upsert',
): Promise<R> {
  const row = planRow(table, before, next, context);
  if (row === null) return before;
  // A teammate's record: the server would refuse the change at the next push (record-owners.ts), unless it is a
  // task of this user's whose status or reminder alone changes.
  if (!assigneeEdit(table.entity, before, row.fields, context.userId)) await requireOwnRecords(tx, table.entity, [before.id], context.userId, false);
  await writeRows(tx, table, [row]);
  const { written, fields } = row;
  await recordChange(tx, { entity: table.entity, recordId: written.id, kind, fields: fieldsOf(written, fields) }, context.now);
  if (written.deletedAt === null) await indexRecord(tx, table.entity, written.id, table.searchTexts(written));
  // Trashed, the record stays: out of the index, marked as replaced (search-index.ts, indexReplaced).
  else await reindexRecords(tx, table.entity, [], [written.id]);
  if (namesChange(table, fields)) await reindexAccountDependents(tx, [written.id]);
  return written;
}

/** Whether a write of these fields changes the account name its contacts and deals hold in their search entries (account-names.ts). */
function namesChange<R extends CrmRecord>(table: EntityTable<R>, fields: readonly string[]): boolean {
  return table.entity === 'accounts' && (fields.includes('name') || fields.includes('deletedAt'));
}

/**
 * saveChanges for many records at once (an import updating the records its
 * rows match, a selection trashed or restored): each row is written as
 * saveChanges writes it, and their outbox entries and search entries in a
 * few statements for the whole set (per record, those two took 80 % of an
 * update: 5,000 records 11.4 s; trashing 20,000 imported contacts one by
 * one took 22–25 s). The pairs must name distinct records. Answers the ids
 * of the records written (a pair that changes nothing writes nothing).
 */
export async function saveManyChanges<R extends CrmRecord>(
  tx: WriteTx,
  table: EntityTable<R>,
  pairs: readonly { readonly before: R; readonly next: R }[],
  context: WriteContext,
  kind: 'upsert' | 'delete' = 'upsert',
): Promise<ReadonlySet<string>> {
  const changes: Change[] = [];
  const index: { id: string; texts: readonly string[] }[] = [];
  const removed: string[] = [];
  const plans: RowPlan<R>[] = [];
  for (const { before, next } of pairs) {
    const row = planRow(table, before, next, context);
    if (row === null) continue;
    plans.push(row);
    changes.push({ entity: table.entity, recordId: row.written.id, kind, fields: fieldsOf(row.written, row.fields) });
    if (row.written.deletedAt === null) index.push({ id: row.written.id, texts: table.searchTexts(row.written) });
    else removed.push(row.written.id);
  }
  if (changes.length === 0) return new Set();
  await writeRows(tx, table, plans);
  await recordChanges(tx, changes, context.now);
  await reindexRecords(tx, table.entity, index, removed);
  await reindexAccountDependents(tx, plans.filter((plan) => namesChange(table, plan.fields)).map((plan) => plan.written.id));
  return new Set(changes.map((change) => change.recordId));
}

/** Moves a live record to the trash (undo: restoreRecord). Recorded as a 'delete' operation. */
export async function trashRecord<R extends CrmRecord>(
  tx: WriteTx,
  table: EntityTable<R>,
  id: string,
  context: WriteContext,
): Promise<{ id: string; deletedAt: number }> {
  const before = await requireLiveRecord(tx, table, id);
  await saveChanges(tx, table, before, { ...before, deletedAt: context.now }, context, 'delete');
  return { id, deletedAt: context.now };
}

/**
 * Takes a record out of the trash; restoring a live record is a no-op.
 * `checkLinks` refuses (before anything is written) a record whose links
 * point at records in the trash: every entity passes its own.
 */
export async function restoreRecord<R extends CrmRecord>(
  tx: WriteTx,
  table: EntityTable<R>,
  id: string,
  context: WriteContext,
  checkLinks: (record: R) => Promise<void>,
): Promise<R> {
  const before = await findRecord(tx, table, id);
  if (before === null) throw new NotFoundError(table.label);
  if (before.deletedAt === null) return before;
  await checkLinks(before);
  return saveChanges(tx, table, before, { ...before, deletedAt: null }, context);
}
