// Tasks: create, detail (linked contact, account and deal, live or in the
// trash), list, patch, soft
// delete and restore. Linked records must be live; the assignee defaults to
// the writing user.
import type { BulkDeleted, BulkRestored, Deleted } from '../../../src-shared/domain/common';
import type { TaskDetail } from '../../../src-shared/domain/details';
import { localOwnerUserId, UserId, type TaskId } from '../../../src-shared/domain/ids';
import {
  lateReminderField,
  reminderOrderRule,
  Task,
  type TaskDraft,
  type TaskListQuery,
  type TaskPage,
  type TaskPatch,
  type TaskStatus,
  type TaskStatusesBefore,
  type TaskBulkChange,
  type TaskBulkEdited,
  type TaskRevertMany,
  type TaskStatusMany,
} from '../../../src-shared/domain/task';
import { BadInputError, NotFoundError } from '../../../src-shared/ipc/errors';
import type { ReadTx, WriteTx } from '../../vault/connection';
import { uuid7 } from '../../vault/uuid7';
import { findRecord } from './entity-table';
import { requireRecordLinks, requireRestorableLinks, restorableLinks } from './links';
import { countList, listPage } from './list-query';
import { editSelection, recordsChanged, revertSelection, undoneFields, withBulkChange } from './bulk-edits';
import { patchRecords, restoreRecords, trashRecords, type BulkMoveOptions } from './bulk-writes';
import { insertRecord, requireLiveRecord, restoreRecord, saveChanges, trashRecord } from './record-writes';
import { linksOf } from './related';
import { taskListRequest, taskTable } from './task.repo';
import { writeContext } from './write-context';
import { teammateMark, withStatusLocks } from './record-owners';
import { currentUserId } from './current-user';

export async function createTask(tx: WriteTx, draft: TaskDraft, now: number): Promise<Task> {
  const { userId } = await writeContext(tx, now);
  await requireRecordLinks(tx, draft);
  const task = Task.parse({
    ...draft,
    id: uuid7(now),
    assigneeId: draft.assigneeId ?? userId,
    ownerId: draft.ownerId ?? userId,
    createdAt: now,
    createdBy: userId,
    updatedAt: now,
    updatedBy: userId,
    deletedAt: null,
  });
  return insertRecord(tx, taskTable, task, now);
}

export async function getTaskDetail(tx: ReadTx, id: TaskId): Promise<TaskDetail> {
  const task = await findRecord(tx, taskTable, id);
  if (task === null) throw new NotFoundError(taskTable.label);
  const mark = await teammateMark(tx, 'tasks', id);
  // Read the user only for a teammate's task (most detail reads have no known owner).
  const assigned = mark.ownedByTeammate === true && task.assigneeId === (await currentUserId(tx)) ? { assignedToYou: true as const } : {};
  return { task, ...mark, ...assigned, ...(await linksOf(tx, task)) };
}

export async function listTasks(tx: ReadTx, query: TaskListQuery): Promise<TaskPage> {
  const page = await listPage(tx, taskTable, taskListRequest(query));
  return { ...page, items: await withStatusLocks(tx, page.items) };
}

/** How many tasks the list query matches (filters and trash side), counting no further than upTo. */
export function countTasks(tx: ReadTx, query: TaskListQuery, upTo: number, ids?: readonly string[]): Promise<number> {
  return countList(tx, taskTable, taskListRequest(query), upTo, ids);
}

export async function updateTask(tx: WriteTx, id: TaskId, patch: TaskPatch, now: number): Promise<Task> {
  const before = await requireLiveRecord(tx, taskTable, id);
  await requireRecordLinks(tx, patch, before);
  const late = lateReminderField(before, patch);
  if (late !== null) {
    throw new BadInputError(`Invalid input (patch.${late}: ${reminderOrderRule.message})`, { code: 'invalid_request', path: `patch.${late}`, rule: { code: 'reminder_after_due' } });
  }
  return saveChanges(tx, taskTable, before, Task.parse({ ...before, ...patch }), await writeContext(tx, now));
}

export async function deleteTask(tx: WriteTx, id: TaskId, now: number): Promise<Deleted> {
  return trashRecord(tx, taskTable, id, await writeContext(tx, now));
}

/**
 * A task restored after enrolment still assigned to the vault's local owner (trashed before it: enrolment gives
 * only live tasks to the server user, sync/enrolment.ts) is the user's: it gets their id. Before, it kept
 * 'local-owner', which no user is, and stayed away from Today and "Assigned to me".
 */
function assignedToUser(task: Task, userId: string): Task {
  return task.assigneeId === localOwnerUserId && userId !== localOwnerUserId ? { ...task, assigneeId: UserId.parse(userId) } : task;
}

export async function restoreTask(tx: WriteTx, id: TaskId, now: number): Promise<Task> {
  const context = await writeContext(tx, now);
  const restored = await restoreRecord(tx, taskTable, id, context, (record) => requireRestorableLinks(tx, record));
  const adopted = assignedToUser(restored, context.userId);
  return adopted === restored ? restored : saveChanges(tx, taskTable, restored, adopted, context);
}

/** Trashes the selection in the caller's transaction, all or nothing but for an Undo's `skipGone` (bulk-writes.ts). */
export async function deleteTasks(tx: WriteTx, ids: readonly TaskId[], now: number, options: BulkMoveOptions = {}): Promise<BulkDeleted> {
  return trashRecords(tx, taskTable, ids, await writeContext(tx, now), options);
}

/** Restores the selection (undo of deleteTasks), all or nothing but for an Undo's `skipGone`. */
export async function restoreTasks(tx: WriteTx, ids: readonly TaskId[], now: number, options: BulkMoveOptions = {}): Promise<BulkRestored> {
  const context = await writeContext(tx, now);
  const restored = await restoreRecords(tx, taskTable, ids, context, restorableLinks(tx), options);
  // Those it restored, now live; a task whose assignee stays writes nothing.
  if (restored.ids.length > 0) await patchRecords(tx, taskTable, restored.ids, context, (task) => assignedToUser(task, context.userId));
  return restored;
}

/**
 * Sets the status of each task of a list's selection ("Mark done", and its
 * Undo with the answer), all or nothing, and answers with each task it
 * changed: its status before and after. A task already of its status is
 * skipped and left out of the answer, so "5 tasks marked done" counts only
 * the tasks it did mark (before, the 2 done already counted too). "Mark done"
 * leaves a cancelled task cancelled (and out of the answer): a task dropped
 * is not a task finished. An item with `after` (the Undo's) sets the
 * status only on a task that still holds that one: a status changed since
 * (reopened, done elsewhere and synced) stays; before, the Undo wrote the old
 * status over it. An Undo also skips a task gone or trashed since, as the
 * other Undos do; before, one such task refused the whole Undo. A status is
 * no link and no reminder: the checks updateTask makes do not apply.
 */
export async function setTaskStatuses(tx: WriteTx, items: TaskStatusMany['items'], now: number): Promise<TaskStatusesBefore> {
  const statuses = new Map<string, TaskStatusMany['items'][number]>();
  for (const item of items) if (!statuses.has(item.id)) statuses.set(item.id, item);
  const set = (task: Task): TaskStatus => {
    const item = statuses.get(task.id);
    if (item === undefined) return task.status;
    if (item.after !== undefined) return task.status === item.after ? item.status : task.status;
    return item.status === 'done' && task.status === 'cancelled' ? task.status : item.status;
  };
  const undo = items.some((item) => item.after !== undefined);
  const before = await patchRecords(tx, taskTable, [...statuses.keys()], await writeContext(tx, now), (task) => ({ ...task, status: set(task) }), undo);
  return { items: before.filter((task) => set(task) !== task.status).map((task) => ({ id: task.id, status: task.status, after: set(task) })) };
}

/** Each task's owner, tags and assignee as `tasks` held them, and as `wrote` left them. */
function taskFieldsBeforeAndAfter(tasks: readonly Task[], wrote: (task: Task) => Task): TaskBulkEdited {
  return {
    items: tasks.map((task) => {
      const after = wrote(task);
      return { id: task.id, ownerId: task.ownerId, tags: [...task.tags], assigneeId: task.assigneeId, after: { ownerId: after.ownerId, tags: [...after.tags], assigneeId: after.assigneeId } };
    }),
  };
}

/**
 * A bulk edit of tasks (tasks.editMany): a new owner, tags added or taken
 * away, or a new assignee ("Assign…", whose reminders then go to them), all or
 * nothing; answers with each task's owner, tags and assignee before and after.
 * It answers with the tasks it changed only, as "Mark done" does: a task of
 * that assignee (or owner) already, or one the tags change leaves as it was, is
 * left out, so the toast and its Undo count the others (before, 5 selected of
 * which 3 were Bo's said "5 tasks assigned").
 */
export async function editTasks(tx: WriteTx, ids: readonly TaskId[], change: TaskBulkChange, now: number): Promise<TaskBulkEdited> {
  const apply = (task: Task): Task => (change.kind === 'assignee' ? { ...task, assigneeId: change.assigneeId } : withBulkChange(taskTable.entity, task, change));
  const before = await editSelection(tx, taskTable, ids, now, apply);
  return taskFieldsBeforeAndAfter(recordsChanged(taskTable, before, apply), apply);
}

/**
 * tasks.editMany's Undo: what the edit changed given back, as for every list (undoneFields), the assignee too: put
 * back only on a task that still has the one the edit set.
 */
export async function revertTasks(tx: WriteTx, items: TaskRevertMany['items'], now: number): Promise<TaskBulkEdited> {
  const wrote = new Map<string, Task>();
  const before = await revertSelection(tx, taskTable, items, now, (task, item) => {
    const assigneeId = item.after === undefined || task.assigneeId === item.after.assigneeId ? item.assigneeId : task.assigneeId;
    const back: Task = { ...task, ...undoneFields(taskTable.entity, task, item), assigneeId };
    wrote.set(task.id, back);
    return back;
  });
  return taskFieldsBeforeAndAfter(before, (task) => wrote.get(task.id) ?? task);
}
