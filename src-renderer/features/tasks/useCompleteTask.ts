// Ticking a task done from a list (Today, a record's open tasks): the toast
// offers Undo, as a delete's does, and Undo gives the task back the status it
// had (open or in progress).
import { useCallback } from 'react';
import type { Task } from '../../../src-shared/domain/task';
import { useApi } from '../../app/api-context';
import { useToasts } from '../../ui/toasts';
import { useUndoToast } from '../../ui/useUndoToast';

/** Marks a task done; resolves true once it is (false after a failure, which a toast shows). */
export function useCompleteTask(onChanged: () => void): (task: Task) => Promise<boolean> {
  const api = useApi();
  const toasts = useToasts();
  const showUndo = useUndoToast();
  return useCallback(
    async (task: Task) => {
      try {
        await api.invoke('tasks.update', { id: task.id, patch: { status: 'done' } });
      } catch (error) {
        toasts.show({ message: { error }, tone: 'error' });
        return false;
      }
      showUndo({
        message: { key: 'today.completed' },
        testId: 'task-done-toast',
        undo: () => api.invoke('tasks.update', { id: task.id, patch: { status: task.status } }),
        undone: { message: { key: 'today.reopened' }, testId: 'task-reopened-toast' },
        onUndone: onChanged,
      });
      onChanged();
      return true;
    },
    [api, onChanged, showUndo, toasts],
  );
}
