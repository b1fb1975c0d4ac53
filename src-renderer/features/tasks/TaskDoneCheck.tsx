// A task's "done" checkbox in a list (Today, a record's open tasks). It stays
// ticked while the task is being marked done (its row then leaves), and is
// unticked again when that fails: the task is still open, and the failure
// shows as a toast (useCompleteTask).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Task } from '../../../src-shared/domain/task';

export function TaskDoneCheck({ task, onDone, testId }: { readonly task: Task; readonly onDone: (task: Task) => Promise<boolean>; readonly testId?: string }) {
  const { t } = useTranslation();
  const [ticked, setTicked] = useState(false);
  return (
    <input
      type="checkbox"
      className="task-check"
      aria-label={t('detail.markDoneOf', { title: task.title })}
      data-testid={testId}
      checked={ticked}
      onChange={() => {
        if (ticked) return;
        setTicked(true);
        void onDone(task).then((done) => {
          if (!done) setTicked(false);
        });
      }}
    />
  );
}
