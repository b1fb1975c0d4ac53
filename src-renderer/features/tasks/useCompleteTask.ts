// Ticking a task done from a list (Today, a record's open tasks): the toast
// offers Undo, as a delete's does, and Undo gives the task back the status it
// had (open or in progress).
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Task } from '../../../src-shared/domain/task';
import { useApi } from '../../app/api-context';
import { errorText } from '../../ui/error-text';
import { useToasts } from '../../ui/toasts';
import { useUndoToast } from '../../ui/useUndoToast';

/** Marks a task done; resolves true once it is (false after a failure, which a toast shows). */
export function useCompleteTask(onChanged: () => void): (task: Task) => Promise<boolean> {
  const { t } = useTranslation();
  const api = useApi();
  const toasts = useToasts();
  const showUndo = useUndoToast();
  return useCallback(
    async (task: Task) => {
      try {
        await api.invoke('tasks.update', { id: task.id, patch: { status: 'done' } });
      } catch (error) {
        toasts.show({ message: errorText(error), tone: 'error' });
        return false;
      }
      showUndo({
        message: t('today.completed'),
        testId: 'task-done-toast',
        undo: () => api.invoke('tasks.update', { id: task.id, patch: { status: task.status } }),
        undone: { message: t('today.reopened'), testId: 'task-reopened-toast' },
        onUndone: onChanged,
      });
      onChanged();
      return true;
    },
    [api, onChanged, showUndo, t, toasts],
  );
}
