// Ticking a task done from a list (Today, a record's open tasks, the Tasks
// list): the toast offers Undo, as a delete's does, and Undo gives the task
// back the status it had (open or in progress), unless the status changed
// since (a sync brought "cancelled", say) or the task went to the trash:
// then it says so and leaves it (tasks.setStatusMany with `after`, as the
// bulk Undo; it wrote the old status over the newer one, and said "Task
// reopened" of a task in the trash). Unticking a done task (the
// Tasks list shows done ones when filtered so) reopens it, with Undo too. `onChanged` hears
// the task as written each time, for a list that shows it in place.
import { useCallback } from 'react';
import type { Task } from '../../../src-shared/domain/task';
import { useApi } from '../../app/api-context';
import type { MessageKey } from '../../app/i18n';
import { useToasts } from '../../ui/toasts';
import { useUndoToast } from '../../ui/useUndoToast';

interface StatusChange {
  readonly status: 'done' | 'open';
  readonly toast: { readonly message: MessageKey; readonly testId: string };
  readonly undone: { readonly message: MessageKey; readonly testId: string };
}

const completing: StatusChange = {
  status: 'done',
  toast: { message: 'today.completed', testId: 'task-done-toast' },
  undone: { message: 'today.reopened', testId: 'task-reopened-toast' },
};
const reopening: StatusChange = {
  status: 'open',
  toast: { message: 'today.reopened', testId: 'task-reopened-toast' },
  undone: { message: 'today.completed', testId: 'task-done-toast' },
};

/** Sets a task's status with an Undo toast that gives it back the status it had; resolves false after a failure (a toast shows it). */
function useSetStatus(onChanged: (task: Task) => void, change: StatusChange): (task: Task) => Promise<boolean> {
  const api = useApi();
  const toasts = useToasts();
  const showUndo = useUndoToast();
  return useCallback(
    async (task: Task) => {
      let written: Task;
      try {
        written = await api.invoke('tasks.update', { id: task.id, patch: { status: change.status } });
      } catch (error) {
        toasts.show({ message: { error }, tone: 'error', testId: 'task-status-failed' });
        return false;
      }
      let undone = task;
      showUndo({
        message: { key: change.toast.message },
        testId: change.toast.testId,
        undo: async () => {
          const answer = await api.invoke('tasks.setStatusMany', { items: [{ id: task.id, status: task.status, after: change.status }] });
          undone = (await api.invoke('tasks.get', { id: task.id })).task;
          // The answer names the task only if Undo changed it: trashed since (skipped) or of another status now, it
          // is not there. Before, an empty answer read as done and said "Task reopened" of a task in the trash.
          return answer.items.some((item) => item.id === task.id && item.after === task.status) ? 'done' : 'overtaken';
        },
        undone: { message: { key: change.undone.message }, testId: change.undone.testId },
        overtaken: { message: { key: 'today.undoOvertaken' }, testId: 'task-undo-overtaken' },
        onUndone: () => onChanged(undone),
        changed: { entities: ['tasks'], ids: { tasks: [task.id] } },
      });
      onChanged(written);
      return true;
    },
    [api, onChanged, showUndo, toasts, change],
  );
}

/** Marks a task done; resolves true once it is (false after a failure, which a toast shows). */
export function useCompleteTask(onChanged: (task: Task) => void): (task: Task) => Promise<boolean> {
  return useSetStatus(onChanged, completing);
}

/** Reopens a done task (status open), with Undo (done again); resolves true once it is. */
export function useReopenTask(onChanged: (task: Task) => void): (task: Task) => Promise<boolean> {
  return useSetStatus(onChanged, reopening);
}
