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

function before(records: readonly CrmRecord[]): BulkEdited {
  return { items: records.map(({ id, ownerId, tags }) => ({ id, ownerId, tags: [...tags] })) };
}

/** Applies one change to every live record of the selection; answers with each record's owner and tags before it. */
export async function editRecords<R extends CrmRecord>(tx: WriteTx, table: EntityTable<R>, ids: readonly string[], change: BulkChange, now: number): Promise<BulkEdited> {
  const context = await writeContext(tx, now);
  const records = await patchRecords(tx, table, ids, context, (record) => ({
    ...record,
    ownerId: change.kind === 'owner' ? change.ownerId : record.ownerId,
    tags: tagsAfter(table.entity, record.tags, change),
  }));
  return before(records);
}

/** Writes back each record's owner and tags (editMany's Undo); answers with them as they were before this call, for a Redo. */
export async function revertRecords<R extends CrmRecord>(tx: WriteTx, table: EntityTable<R>, items: readonly BulkFields[], now: number): Promise<BulkEdited> {
  const fields = new Map<string, BulkFields>();
  for (const item of items) if (!fields.has(item.id)) fields.set(item.id, item);
  const context = await writeContext(tx, now);
  const records = await patchRecords(tx, table, [...fields.keys()], context, (record) => {
    const back = fields.get(record.id);
    return back === undefined ? record : { ...record, ownerId: back.ownerId, tags: [...back.tags] };
  });
  return before(records);
}
