// Refuses a change to a record that belongs to a teammate. The sync server
// lets only a record's owner (its `ownerUserId`: the user whose push created
// it, or whom an administrator gave it to) change it, and refused such an
// edit only at the next push, as a conflict. Pulls store each record's owner
// (sync/record-owners.ts); a record whose known owner is not the user this
// device writes as (current-user.ts: the enrolled user) is refused here, with
// reason `not_owner`. A record with no known owner (made on this device, or
// before enrolment) stays editable. A task's assignee may still set its
// status and move its reminder (assigneeMayWrite, as the server allows).
// Lists say which tasks' Done the write would refuse (withStatusLocks), so
// their checkbox is not offered.
import { assigneeMayWrite, type Task, type TaskListItem } from '../../../src-shared/domain/task';
import type { SyncedEntity } from '../../../src-shared/sync/protocol';
import { knownOwners, NotOwnerError, ownedByTeammate } from '../../sync/record-owners';
import type { ReadTx } from '../../vault/connection';
import { currentUserId } from './current-user';
import { fieldValue, type CrmRecord } from './entity-table';

export { NotOwnerError };

/** The ids among `recordIds` whose known owner is another user than `userId`, in their order. */
export async function othersRecords(tx: ReadTx, entity: SyncedEntity, recordIds: readonly string[], userId: string): Promise<string[]> {
  const owners = await knownOwners(tx, entity, recordIds);
  return recordIds.filter((id) => {
    const owner = owners.get(id);
    return owner !== undefined && owner !== userId;
  });
}

/**
 * Refuses (NotOwnerError) when any of the records belongs to another user than `userId`, naming each one so refused;
 * `bulk`: the ids are a list's selection.
 */
export async function requireOwnRecords(tx: ReadTx, entity: SyncedEntity, recordIds: readonly string[], userId: string, bulk: boolean): Promise<void> {
  const refused = await othersRecords(tx, entity, recordIds, userId);
  if (refused.length > 0) throw new NotOwnerError(entity, refused, bulk);
}

/**
 * A detail answer's `ownedByTeammate` (details.ts): set only for a record whose known owner is another user
 * (sync's own check, which reads the user only for a record with a known owner: most detail reads have none).
 */
export async function teammateMark(tx: ReadTx, entity: SyncedEntity, recordId: string): Promise<{ ownedByTeammate?: true }> {
  return (await ownedByTeammate(tx, entity, recordId)) ? { ownedByTeammate: true } : {};
}

/**
 * Whether writing `fields` of `record` is an edit its assignee may make though a teammate owns it: a task assigned to
 * `userId`, only its status and reminder written (src-shared assigneeMayWrite, the server's rule too).
 */
export function assigneeEdit(entity: SyncedEntity, record: CrmRecord, fields: readonly string[], userId: string): boolean {
  return entity === 'tasks' && fieldValue(record, 'assigneeId') === userId && assigneeMayWrite(fields);
}

/**
 * The tasks as a list shows them, each the write would refuse to mark done flagged `statusLocked` (saveChanges's
 * rule: a known owner other than the user, unless the task is assigned to the user). The user is read only when
 * some task has a known owner (most lists have none). Before, the list offered its Done checkbox, which failed.
 */
export async function withStatusLocks(tx: ReadTx, tasks: readonly Task[]): Promise<TaskListItem[]> {
  const owners = await knownOwners(tx, 'tasks', tasks.map((task) => task.id));
  if (owners.size === 0) return [...tasks];
  const me = await currentUserId(tx);
  return tasks.map((task) => {
    const owner = owners.get(task.id);
    return owner !== undefined && owner !== me && task.assigneeId !== me ? { ...task, statusLocked: true } : task;
  });
}
