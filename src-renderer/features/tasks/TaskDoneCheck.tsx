// A task's "done" checkbox in a list (Today, a record's open tasks, the Tasks
// list). It shows the status being written at once, and keeps it until the
// task comes back written (on Today its row leaves instead); when the write
// fails it shows the task's status again: the failure shows as a toast
// (useCompleteTask). A done task's checkbox is ticked; unticking it reopens
// the task where the list offers that (`onReopen`). The second click of a
// double-click does nothing (`task-double-click.e2e`). A teammate's task the
// user may not change (`statusLocked`, as the list's answer says) shows a box
// marked aria-disabled whose description (visually hidden text, and its title
// on hover) says why: before, ticking it failed with an error. It is not
// `disabled`: a disabled box is out of the Tab order, so keyboard and touch
// users never heard the reason, and it cannot take the focus, which then fell
// to the page's body when the task above it was ticked (useFocusAfterDone).
// Ticking it changes nothing and writes nothing.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Task, TaskListItem } from '../../../src-shared/domain/task';

export interface TaskDoneCheckProps {
  readonly task: TaskListItem;
  readonly onDone: (task: Task) => Promise<boolean>;
  readonly onReopen?: (task: Task) => Promise<boolean>;
  /** A Tab stop (default), or reached by Tab only from its row (the Tasks list's roving focus). */
  readonly tabbable?: boolean;
  readonly testId?: string;
}

export function TaskDoneCheck({ task, onDone, onReopen, tabbable = true, testId }: TaskDoneCheckProps) {
  const { t } = useTranslation();
  // The state being written for this very task object; a written task arrives as a new object.
  const [pending, setPending] = useState<{ readonly task: Task; readonly done: boolean } | null>(null);
  const done = task.status === 'done';
  const writing = pending !== null && pending.task === task;
  const reasonId = useId();
  if (task.statusLocked === true) {
    return (
      <>
        <input
          type="checkbox"
          className="task-check"
          aria-label={t('detail.markDoneOf', { title: task.title })}
          aria-disabled="true"
          aria-describedby={reasonId}
          title={t('detail.markDoneTeammate')}
          data-testid={testId}
          tabIndex={tabbable ? 0 : -1}
          checked={done}
          // A controlled box whose change is ignored: React puts its checked state back at once.
          onChange={() => undefined}
        />
        <span id={reasonId} className="visually-hidden">
          {t('detail.markDoneTeammate')}
        </span>
      </>
    );
  }
  return (
    <input
      type="checkbox"
      className="task-check"
      aria-label={t('detail.markDoneOf', { title: task.title })}
      data-testid={testId}
      tabIndex={tabbable ? 0 : -1}
      checked={writing ? pending.done : done}
      onChange={(event) => {
        const write = done ? onReopen : onDone;
        // The second click of a double-click comes once the first one's write has answered: on Today onto
        // the next task, moved up into the row that left; in the Tasks list it would reopen the task just done.
        const secondClick = event.nativeEvent instanceof MouseEvent && event.nativeEvent.detail > 1;
        if (writing || write === undefined || secondClick) return;
        setPending({ task, done: !done });
        void write(task).then((written) => {
          if (!written) setPending(null);
        });
      }}
    />
  );
}
