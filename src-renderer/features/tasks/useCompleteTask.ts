// Ticking a task done from a list (Today, a record's open tasks, the Tasks
// list): the toast offers Undo, as a delete's does, and Undo gives the task
// back the status it had (open or in progress). Unticking a done task (the
// Tasks list shows done ones when filtered so) reopens it. `onChanged` hears
// the task as written each time, for a list that shows it in place.
import { useCallback } from 'react';
import type { Task } from '../../../src-shared/domain/task';
import { useApi } from '../../app/api-context';
import { useToasts } from '../../ui/toasts';
import { useUndoToast } from '../../ui/useUndoToast';

/** Marks a task done; resolves true once it is (false after a failure, which a toast shows). */
export function useCompleteTask(onChanged: (task: Task) => void): (task: Task) => Promise<boolean> {
  const api = useApi();
  const toasts = useToasts();
  const showUndo = useUndoToast();
  return useCallback(
    async (task: Task) => {
      let done: Task;
      try {
        done = await api.invoke('tasks.update', { id: task.id, patch: { status: 'done' } });
      } catch (error) {
        toasts.show({ message: { error }, tone: 'error' });
        return false;
      }
      let undone = task;
      showUndo({
        message: { key: 'today.completed' },
        testId: 'task-done-toast',
        undo: async () => {
          undone = await api.invoke('tasks.update', { id: task.id, patch: { status: task.status } });
        },
        undone: { message: { key: 'today.reopened' }, testId: 'task-reopened-toast' },
        onUndone: () => onChanged(undone),
      });
      onChanged(done);
      return true;
    },
    [api, onChanged, showUndo, toasts],
  );
}

/** Reopens a done task (status open); resolves true once it is, false after a failure (a toast shows it). */
export function useReopenTask(onChanged: (task: Task) => void): (task: Task) => Promise<boolean> {
  const api = useApi();
  const toasts = useToasts();
  return useCallback(
    async (task: Task) => {
      try {
        onChanged(await api.invoke('tasks.update', { id: task.id, patch: { status: 'open' } }));
      } catch (error) {
        toasts.show({ message: { error }, tone: 'error' });
        return false;
      }
      toasts.show({ message: { key: 'today.reopened' }, tone: 'success', testId: 'task-reopened-toast' });
      return true;
    },
    [api, onChanged, toasts],
  );
}
