// Bulk writes of a list's selection: trash, restore, and a task status, over
// up to bulkMax records, each record written as a single edit writes it
// (record-writes.ts: the change recorded for sync, tags and search index in
// step; trash and restore record the outbox and search entries of the whole
// selection in a few statements, saveManyChanges) and all of them inside the
// caller's one write transaction, so a failure anywhere leaves nothing written.
//
// All or nothing: an id that names no record, or (to trash it or set its
// status) a record already in the trash, refuses the whole call with
// NOT_FOUND (reason selection_gone), and so does a selection holding
// records that belong to teammates (NOT_PERMITTED, reason not_owner, with how
// many; record-owners.ts), but for the status of a task assigned to the
// user. A record already in the state asked for
// (restored, or of that status) is a defined skip: it makes no outbox entry,
// and a restore answers only the ids it took out of the trash. A repeated id
// counts once. An edit's Undo (revertMany) skips a record gone or trashed
// since instead: the others go back. So does the Undo of a Delete or a
// Restore (`skipGone`): a restore leaves out a record gone since or whose
// links point at a record in the trash now (it stays in the trash), a trash
// one gone or in the trash again since, and each answers the ids it moved.
// Before, one such record refused the whole Undo and all of them stayed.
import { AppError } from '../../../src-shared/ipc/errors';
import type { SyncedEntity } from '../../../src-shared/sync/protocol';
import type { WriteTx } from '../../vault/connection';
import { selectRecords, type CrmRecord, type EntityTable } from './entity-table';
import { assigneeEdit, requireOwnRecords } from './record-owners';
import { changedFields, saveChanges, saveManyChanges, type WriteContext } from './record-writes';

/** A bulk call's selection names a record that is gone or in the trash; the transaction rolls back. */
export class SelectionGoneError extends AppError {
  constructor(entity: SyncedEntity) {
    super('NOT_FOUND', `One of the selected ${entity} is no longer there, so nothing was changed. Refresh the list and select again.`, undefined, {
      code: 'selection_gone',
      entity,
    });
  }
}

/**
 * The selection's records, live ones only unless `trashed` admits those in the trash; first occurrence of each
 * id, in one read. `skipGone` (an Undo's): one gone or in the trash since is left out instead of refusing all.
 */
async function selected<R extends CrmRecord>(
  tx: WriteTx,
  table: EntityTable<R>,
  ids: readonly string[],
  context: WriteContext,
  trashed: boolean,
  skipGone = false,
  assigneeMay: (record: R) => boolean = () => false,
): Promise<R[]> {
  const unique = [...new Set(ids)];
  const found = new Map((await selectRecords(tx, table, 'id IN (SELECT value FROM json_each(?))', [JSON.stringify(unique)])).map((record) => [record.id, record]));
  // Teammates' records refuse the call, each one named (NotOwnerError.recordIds), before anything is written; a
  // task of this user's whose status alone the call sets is theirs to set (record-owners.ts, assigneeEdit).
  const checked = [...found.values()].filter((record) => !assigneeMay(record)).map((record) => record.id);
  await requireOwnRecords(tx, table.entity, checked, context.userId, true);
  return unique.flatMap((id) => {
    const record = found.get(id);
    if (record === undefined || (!trashed && record.deletedAt !== null)) {
      if (skipGone) return [];
      throw new SelectionGoneError(table.entity);
    }
    return [record];
  });
}

/** How a bulk move to the trash or out of it treats a record that cannot move. */
export interface BulkMoveOptions {
  /**
   * An Undo's: a record gone (or, to trash it, in the trash already; to restore it, linking to a record in the
   * trash) is left where it is and out of the answer, instead of refusing the whole call.
   */
  readonly skipGone?: boolean | undefined;
}

/** A move to the trash: `deletedAt`, the trash time when it is not the write's (an import's undo going on after a stop keeps its first time). */
export interface TrashOptions extends BulkMoveOptions {
  readonly deletedAt?: number | undefined;
}

/** Moves live records to the trash, each recorded as a 'delete' operation (undo: restoreRecords). */
export async function trashRecords<R extends CrmRecord>(
  tx: WriteTx,
  table: EntityTable<R>,
  ids: readonly string[],
  context: WriteContext,
  { deletedAt = context.now, skipGone = false }: TrashOptions = {},
): Promise<{ ids: string[]; deletedAt: number }> {
  const records = await selected(tx, table, ids, context, false, skipGone);
  await saveManyChanges(tx, table, records.map((before) => ({ before, next: { ...before, deletedAt } })), context, 'delete');
  return { ids: records.map((record) => record.id), deletedAt };
}

/** Whether `checkLinks` passes `record`, false when it refuses it for a link to a record in the trash (link_trashed). */
async function linksRestorable<R extends CrmRecord>(checkLinks: (record: R) => Promise<void>, record: R): Promise<boolean> {
  try {
    await checkLinks(record);
    return true;
  } catch (error) {
    if (error instanceof AppError && error.reason?.code === 'link_trashed') return false;
    throw error;
  }
}

/**
 * Takes records out of the trash (one already out is skipped). `checkLinks`
 * refuses a record whose links point at records in the trash, as a single
 * restore does; the whole call with it, but with `skipGone` (an Undo), where
 * that record stays in the trash and the others come out.
 */
export async function restoreRecords<R extends CrmRecord>(
  tx: WriteTx,
  table: EntityTable<R>,
  ids: readonly string[],
  context: WriteContext,
  checkLinks: (record: R) => Promise<void>,
  { skipGone = false }: BulkMoveOptions = {},
): Promise<{ ids: string[] }> {
  const records = await selected(tx, table, ids, context, true, skipGone);
  const trashed: R[] = [];
  for (const before of records) {
    if (before.deletedAt === null) continue;
    if (!skipGone) await checkLinks(before);
    else if (!(await linksRestorable(checkLinks, before))) continue;
    trashed.push(before);
  }
  await saveManyChanges(tx, table, trashed.map((before) => ({ before, next: { ...before, deletedAt: null } })), context);
  // Only those it took out of the trash: the count said and the Undo (back to the trash) are about them, not
  // about a record a sync had restored already.
  return { ids: trashed.map((record) => record.id) };
}

/**
 * Writes `change(record)` over each live record of the selection and answers
 * with the records as they were before, for an Undo to write back. `skipGone`
 * (an Undo): a record gone or trashed since is left as it is.
 */
export async function patchRecords<R extends CrmRecord>(
  tx: WriteTx,
  table: EntityTable<R>,
  ids: readonly string[],
  context: WriteContext,
  change: (record: R) => R,
  skipGone = false,
): Promise<R[]> {
  const assigneeMay = (record: R): boolean => assigneeEdit(table.entity, record, changedFields(table, record, change(record)), context.userId);
  const records = await selected(tx, table, ids, context, false, skipGone, assigneeMay);
  for (const before of records) await saveChanges(tx, table, before, change(before), context);
  return records;
}
