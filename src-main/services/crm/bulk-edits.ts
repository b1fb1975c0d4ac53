// Bulk edits of a list's selection: a new owner, or tags added or taken away
// (`<entity>.editMany`), and their Undo (`<entity>.revertMany`), which writes
// back each record's owner and tags as editMany answered them. Each record
// goes through the single-record write path (bulk-writes.ts: recorded for
// sync, tags and search index in step) inside the caller's one transaction:
// all or nothing. A record the change leaves as it was makes no outbox entry.
import { tagsMax, uniqueTags, type BulkChange, type BulkEdited } from '../../../src-shared/domain/common';
import { AppError } from '../../../src-shared/ipc/errors';
import type { SyncedEntity } from '../../../src-shared/sync/protocol';
import type { WriteTx } from '../../vault/connection';
import { patchRecords } from './bulk-writes';
import type { CrmRecord, EntityTable } from './entity-table';
import { writeContext } from './write-context';

/** Adding the tags would leave a selected record with more than tagsMax; the transaction rolls back. */
export class TagsFullError extends AppError {
  constructor(entity: SyncedEntity) {
    super('BAD_INPUT', `One of the selected ${entity} would have more than ${tagsMax} tags, so nothing was changed. Remove some of its tags first.`, undefined, {
      code: 'tags_full',
      entity,
      max: tagsMax,
    });
  }
}

/** One record's owner and tags, as an Undo writes them back. */
export interface BulkFields {
  readonly id: string;
  readonly ownerId: string;
  readonly tags: readonly string[];
}

function tagsAfter(entity: SyncedEntity, tags: readonly string[], change: BulkChange): readonly string[] {
  if (change.kind === 'owner') return tags;
  if (change.kind === 'addTags') {
    const added = uniqueTags([...tags, ...change.tags]);
    if (added.length > tagsMax) throw new TagsFullError(entity);
    return added;
  }
  const removed = new Set(change.tags.map((tag) => tag.toLowerCase()));
  return tags.filter((tag) => !removed.has(tag.toLowerCase()));
}

/** A record with the change applied (an owner, or tags added or taken away); refuses TagsFullError. */
export function withBulkChange<R extends CrmRecord>(entity: SyncedEntity, record: R, change: BulkChange): R {
  return { ...record, ownerId: change.kind === 'owner' ? change.ownerId : record.ownerId, tags: tagsAfter(entity, record.tags, change) };
}

function before(records: readonly CrmRecord[]): BulkEdited {
  return { items: records.map(({ id, ownerId, tags }) => ({ id, ownerId, tags: [...tags] })) };
}

/** Writes `change(record)` over every live record of the selection, all or nothing; answers with the records before. */
export async function editSelection<R extends CrmRecord>(tx: WriteTx, table: EntityTable<R>, ids: readonly string[], now: number, change: (record: R) => R): Promise<R[]> {
  return patchRecords(tx, table, ids, await writeContext(tx, now), change);
}

/** Applies one change to every live record of the selection; answers with each record's owner and tags before it. */
export async function editRecords<R extends CrmRecord>(tx: WriteTx, table: EntityTable<R>, ids: readonly string[], change: BulkChange, now: number): Promise<BulkEdited> {
  return before(await editSelection(tx, table, ids, now, (record) => withBulkChange(table.entity, record, change)));
}

/**
 * Writes back each record's fields as an edit answered them (editMany's
 * Undo): `back` puts an item's fields on its record (by default its owner
 * and tags). Answers with the records as they were before this call.
 */
export async function revertSelection<R extends CrmRecord, F extends BulkFields>(
  tx: WriteTx,
  table: EntityTable<R>,
  items: readonly F[],
  now: number,
  back: (record: R, item: F) => R,
): Promise<R[]> {
  const fields = new Map<string, F>();
  for (const item of items) if (!fields.has(item.id)) fields.set(item.id, item);
  return editSelection(tx, table, [...fields.keys()], now, (record) => {
    const item = fields.get(record.id);
    return item === undefined ? record : back(record, item);
  });
}

/** Writes back each record's owner and tags (editMany's Undo); answers with them as they were before this call, for a Redo. */
export async function revertRecords<R extends CrmRecord>(tx: WriteTx, table: EntityTable<R>, items: readonly BulkFields[], now: number): Promise<BulkEdited> {
  return before(await revertSelection(tx, table, items, now, (record, item) => ({ ...record, ownerId: item.ownerId, tags: [...item.tags] })));
}
