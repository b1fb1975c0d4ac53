// Bulk edits of a list's selection: a new owner, or tags added or taken away
// (`<entity>.editMany`), and their Undo (`<entity>.revertMany`), which gives
// back what the edit changed: editMany answers each record's owner and tags
// before and after it, and the Undo puts the owner back only where the
// record still holds the one the edit set, takes away only the tags the edit
// added and brings back only those it took away, so what changed on the
// record since (a tag added, an owner set, here or by a sync) is kept; before,
// the Undo wrote the old fields back whole over it, and synced that. Each record
// goes through the single-record write path (bulk-writes.ts: recorded for
// sync, tags and search index in step) inside the caller's one transaction:
// all or nothing. A record the change leaves as it was makes no outbox entry,
// and editMany leaves it out of its answer: the toast counts only the records
// it changed, and their Undo only those (before, "Tags added to 3 records" of
// 3 that all had the tag, with an Undo that had nothing to put back).
import { tagsMax, uniqueTags, type BulkChange, type BulkEdited } from '../../../src-shared/domain/common';
import { AppError } from '../../../src-shared/ipc/errors';
import type { SyncedEntity } from '../../../src-shared/sync/protocol';
import type { WriteTx } from '../../vault/connection';
import { patchRecords } from './bulk-writes';
import type { CrmRecord, EntityTable } from './entity-table';
import { changedFields } from './record-writes';
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

/** One record's owner and tags (`Owner`: how the caller types an owner's id). */
export interface OwnerAndTags<Owner extends string = string> {
  readonly ownerId: Owner;
  readonly tags: readonly string[];
}

/** One record's owner and tags before an edit, and (`after`) what the edit left, as an Undo gives them back. */
export interface BulkFields extends OwnerAndTags {
  readonly id: string;
  readonly after?: OwnerAndTags | undefined;
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

/** The tags a case-insensitive set of `tags` holds. */
function tagKeys(tags: readonly string[]): Set<string> {
  return new Set(tags.map((tag) => tag.toLowerCase()));
}

/**
 * The owner and tags an Undo of the edit from `item` to `item.after` leaves on a record holding `now`: the owner
 * before, if the record still holds the one the edit left; the tags the edit added taken away and those it took away
 * brought back (the tags before, in their order, when the record's are still as the edit left them). Without
 * `after`, the fields before, whole. A tag the edit added that was added again since cannot be told from it, and
 * goes too. Refuses TagsFullError.
 */
export function undoneFields<Owner extends string>(
  entity: SyncedEntity,
  now: OwnerAndTags<Owner>,
  item: OwnerAndTags<Owner> & { readonly after?: OwnerAndTags<Owner> | undefined },
): { readonly ownerId: Owner; readonly tags: string[] } {
  const { after } = item;
  if (after === undefined) return { ownerId: item.ownerId, tags: [...item.tags] };
  const ownerId = now.ownerId === after.ownerId ? item.ownerId : now.ownerId;
  if (now.tags.length === after.tags.length && now.tags.every((tag, index) => tag === after.tags[index])) return { ownerId, tags: [...item.tags] };
  const had = tagKeys(item.tags);
  const left = tagKeys(after.tags);
  const added = new Set([...left].filter((tag) => !had.has(tag)));
  const tags = uniqueTags([...now.tags.filter((tag) => !added.has(tag.toLowerCase())), ...item.tags.filter((tag) => !left.has(tag.toLowerCase()))]);
  if (tags.length > tagsMax) throw new TagsFullError(entity);
  return { ownerId, tags };
}

/** Each record's owner and tags as `records` held them, and as `wrote` left them. */
function beforeAndAfter<R extends CrmRecord>(records: readonly R[], wrote: (record: R) => OwnerAndTags): BulkEdited {
  return {
    items: records.map((record) => {
      const { ownerId, tags } = wrote(record);
      return { id: record.id, ownerId: record.ownerId, tags: [...record.tags], after: { ownerId, tags: [...tags] } };
    }),
  };
}

/**
 * Writes `change(record)` over every live record of the selection, all or nothing; answers with the records
 * before. `skipGone` (an Undo): a record gone or trashed since is left out.
 */
export async function editSelection<R extends CrmRecord>(
  tx: WriteTx,
  table: EntityTable<R>,
  ids: readonly string[],
  now: number,
  change: (record: R) => R,
  skipGone = false,
): Promise<R[]> {
  return patchRecords(tx, table, ids, await writeContext(tx, now), change, skipGone);
}

/** Of the records `change` was written over (as they were before it), those it changed. */
export function recordsChanged<R extends CrmRecord>(table: EntityTable<R>, before: readonly R[], change: (record: R) => R): R[] {
  return before.filter((record) => changedFields(table, record, change(record)).length > 0);
}

/**
 * Applies one change to every live record of the selection; answers with each record it changed, its owner and tags
 * before and after it (one that had the owner, or the tags added, or none of those taken away, is left out).
 */
export async function editRecords<R extends CrmRecord>(tx: WriteTx, table: EntityTable<R>, ids: readonly string[], change: BulkChange, now: number): Promise<BulkEdited> {
  const apply = (record: R) => withBulkChange(table.entity, record, change);
  return beforeAndAfter(recordsChanged(table, await editSelection(tx, table, ids, now, apply), apply), apply);
}

/**
 * Gives back each record's fields as an edit answered them (editMany's
 * Undo): `back` puts an item's fields on its record (undoneFields, for the
 * owner and tags). Answers with the records as they were before this call.
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
  // A record trashed (or gone) since keeps what the edit gave it; the others go back (it refused the whole Undo,
  // saying to "select again").
  return editSelection(
    tx,
    table,
    [...fields.keys()],
    now,
    (record) => {
      const item = fields.get(record.id);
      return item === undefined ? record : back(record, item);
    },
    true,
  );
}

/** Gives back each record's owner and tags (editMany's Undo); answers with them before and after this call, for a Redo. */
export async function revertRecords<R extends CrmRecord>(tx: WriteTx, table: EntityTable<R>, items: readonly BulkFields[], now: number): Promise<BulkEdited> {
  const wrote = new Map<string, OwnerAndTags>();
  const before = await revertSelection(tx, table, items, now, (record, item) => {
    const fields = undoneFields(table.entity, record, item);
    wrote.set(record.id, fields);
    return { ...record, ownerId: fields.ownerId, tags: [...fields.tags] };
  });
  return beforeAndAfter(before, (record) => wrote.get(record.id) ?? record);
}
