// IPC handlers for tasks and the Today view: one transaction per call.
import type { Handlers } from '../../ipc/registry';
import type { WriteTx } from '../../vault/connection';
import type { Vault } from '../../vault/vault';
import { createTask, deleteTask, getTaskDetail, countTasks, listTasks, restoreTask, deleteTasks, restoreTasks, setTaskStatuses, updateTask, editTasks, revertTasks } from './task.service';
import { cappedCount } from './list-query';
import { getToday } from './today.service';
import { tagsInUse } from './tags-in-use';

type Channel = 'tasks.create' | 'tasks.get' | 'tasks.list' | 'tasks.count' | 'tasks.update' | 'tasks.delete' | 'tasks.restore' | 'tasks.deleteMany' | 'tasks.restoreMany' | 'tasks.editMany' | 'tasks.revertMany' | 'tasks.tagsInUse' | 'tasks.setStatusMany' | 'today.get';

/** How a task write runs its transaction: the core's takes the reminders that fell due in it first (ReminderScheduler.write). */
export type TaskWrite = <T>(fn: (tx: WriteTx) => Promise<T>) => Promise<T>;

export function taskHandlers(vault: Vault, now: () => number = Date.now, write?: TaskWrite): Pick<Handlers, Channel> {
  const writeTask: TaskWrite = write ?? ((fn) => vault.connection().write(fn));
  return {
    'tasks.create': (draft) => writeTask((tx) => createTask(tx, draft, now())),
    'tasks.get': ({ id }) => vault.connection().read((tx) => getTaskDetail(tx, id)),
    'tasks.list': (query) => vault.connection().read((tx) => listTasks(tx, query)),
    // Paging plays no part in a count: the limit only completes the list query's shape.
    'tasks.count': (query) => vault.connection().readApart((tx) => cappedCount((upTo) => countTasks(tx, { ...query, limit: 1 }, upTo))),
    'tasks.update': ({ id, patch }) => writeTask((tx) => updateTask(tx, id, patch, now())),
    'tasks.delete': ({ id }) => writeTask((tx) => deleteTask(tx, id, now())),
    'tasks.restore': ({ id }) => writeTask((tx) => restoreTask(tx, id, now())),
    'tasks.deleteMany': ({ ids, skipGone }) => writeTask((tx) => deleteTasks(tx, ids, now(), { skipGone })),
    'tasks.restoreMany': ({ ids, skipGone }) => writeTask((tx) => restoreTasks(tx, ids, now(), { skipGone })),
    'tasks.editMany': ({ ids, change }) => writeTask((tx) => editTasks(tx, ids, change, now())),
    'tasks.revertMany': ({ items }) => writeTask((tx) => revertTasks(tx, items, now())),
    'tasks.tagsInUse': () => vault.connection().read((tx) => tagsInUse(tx, 'tasks')),
    'tasks.setStatusMany': ({ items }) => writeTask((tx) => setTaskStatuses(tx, items, now())),
    'today.get': (query) => vault.connection().read((tx) => getToday(tx, query, now())),
  };
}
