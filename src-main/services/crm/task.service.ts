// Tasks: create, detail (linked contact, account and deal), list, patch, soft
// delete and restore. Linked records must be live; the assignee defaults to
// the writing user.
import type { Deleted } from '../../../src-shared/domain/common';
import type { TaskDetail } from '../../../src-shared/domain/details';
import type { TaskId } from '../../../src-shared/domain/ids';
import { lateReminderField, reminderOrderRule, Task, type TaskDraft, type TaskListQuery, type TaskPage, type TaskPatch } from '../../../src-shared/domain/task';
import { BadInputError, NotFoundError } from '../../../src-shared/ipc/errors';
import type { ReadTx, WriteTx } from '../../vault/connection';
import { uuid7 } from '../../vault/uuid7';
import { findRecord } from './entity-table';
import { requireRecordLinks, requireRestorableLinks } from './links';
import { countList, listPage } from './list-query';
import { insertRecord, requireLiveRecord, restoreRecord, saveChanges, trashRecord } from './record-writes';
import { liveAccount, liveContact, liveDeal } from './related';
import { taskListRequest, taskTable } from './task.repo';
import { writeContext } from './write-context';

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
  return {
    task,
    contact: await liveContact(tx, task.contactId),
    account: await liveAccount(tx, task.accountId),
    deal: await liveDeal(tx, task.dealId),
  };
}

export function listTasks(tx: ReadTx, query: TaskListQuery): Promise<TaskPage> {
  return listPage(tx, taskTable, taskListRequest(query));
}

/** How many tasks the list query matches (filters and trash side), counting no further than upTo. */
export function countTasks(tx: ReadTx, query: TaskListQuery, upTo: number): Promise<number> {
  return countList(tx, taskTable, taskListRequest(query), upTo);
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

export async function restoreTask(tx: WriteTx, id: TaskId, now: number): Promise<Task> {
  return restoreRecord(tx, taskTable, id, await writeContext(tx, now), (record) => requireRestorableLinks(tx, record));
}
