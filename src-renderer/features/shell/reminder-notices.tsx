// Task reminders pushed by the main process (tasks.didRemind) as sticky
// toasts: one reminder names its task, with Open (its page), "Remind me in
// 1 hour" (the task's reminder moved an hour on from now, with Undo; one
// that would fall after the task's due time is refused, and the toast says
// why) and Dismiss;
// several that fell due together (while the vault was locked or the app
// closed) make one notice, "3 reminders fell due", whose Open goes to Today
// and its Reminders list. The toasts' live region announces them. The
// pushes arrive at the vault gate, which keeps them until this workspace
// takes them (an unlock's push may come before the workspace is drawn).
import { useCallback, useEffect } from 'react';
import type { DueReminders } from '../../../src-shared/domain/task';
import { useApi } from '../../app/api-context';
import { sectionRoutes, useNavigation } from '../../app/router';
import { formatTime } from '../../ui/format';
import { useToasts } from '../../ui/toasts';
import { useUndoToast } from '../../ui/useUndoToast';

/** How far "Remind me in 1 hour" moves a reminder, from the moment it is pressed. */
export const snoozeMs = 60 * 60_000;

export interface ReminderNoticesProps {
  readonly pending: readonly DueReminders[];
  /** Called with how many of `pending` were shown, so the gate drops them. */
  readonly onShown: (count: number) => void;
}

export function ReminderNotices({ pending, onShown }: ReminderNoticesProps) {
  const toasts = useToasts();
  const api = useApi();
  const showUndo = useUndoToast();
  const { navigate } = useNavigation();

  const snooze = useCallback(
    (task: DueReminders['tasks'][number]) => {
      const remindAt = Date.now() + snoozeMs;
      api.invoke('tasks.update', { id: task.id, patch: { remindAt } }).then(
        () =>
          showUndo({
            message: { key: 'reminders.snoozed', params: { time: formatTime(remindAt) } },
            testId: 'reminder-snoozed',
            undo: () => api.invoke('tasks.update', { id: task.id, patch: { remindAt: task.remindAt } }),
            undone: { message: { key: 'reminders.snoozeUndone' }, testId: 'reminder-snooze-undone' },
            onUndone: () => undefined,
          }),
        (error: unknown) => toasts.show({ message: { error }, tone: 'error', testId: 'reminder-snooze-failed' }),
      );
    },
    [api, showUndo, toasts],
  );

  useEffect(() => {
    if (pending.length === 0) return;
    for (const due of pending) {
      const [only] = due.tasks;
      if (due.total === 1 && only !== undefined) {
        toasts.show({
          message: { key: 'reminders.one', params: { title: only.title } },
          testId: 'reminder-toast',
          sticky: true,
          dismissLabel: 'action.dismiss',
          action: { label: 'action.open', run: () => navigate({ name: 'detail', entity: 'task', id: only.id }) },
          secondaryAction: { label: 'reminders.snooze', run: () => snooze(only) },
        });
      } else {
        toasts.show({
          message: { key: 'reminders.many', params: { count: due.total } },
          testId: 'reminder-toast',
          sticky: true,
          dismissLabel: 'action.dismiss',
          action: { label: 'action.open', run: () => navigate(sectionRoutes.today) },
        });
      }
    }
    onShown(pending.length);
  }, [pending, onShown, toasts, navigate, snooze]);

  return null;
}
