// Task reminders pushed by the main process (tasks.didRemind) as sticky
// toasts: one reminder names its task, with Open (its page) and Dismiss;
// several that fell due together (while the vault was locked or the app
// closed) make one notice, "3 reminders fell due", whose Open goes to Today
// and its Reminders list. The toasts' live region announces them. The
// pushes arrive at the vault gate, which keeps them until this workspace
// takes them (an unlock's push may come before the workspace is drawn).
import { useEffect } from 'react';
import type { DueReminders } from '../../../src-shared/domain/task';
import { sectionRoutes, useNavigation } from '../../app/router';
import { useToasts } from '../../ui/toasts';

export interface ReminderNoticesProps {
  readonly pending: readonly DueReminders[];
  /** Called with how many of `pending` were shown, so the gate drops them. */
  readonly onShown: (count: number) => void;
}

export function ReminderNotices({ pending, onShown }: ReminderNoticesProps) {
  const toasts = useToasts();
  const { navigate } = useNavigation();

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
  }, [pending, onShown, toasts, navigate]);

  return null;
}
