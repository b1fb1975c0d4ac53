// Status and priority of a task as badges, and its due time (red when overdue,
// and said so in words too: a screen reader or a colour-blind user got only
// the red; "Overdue" was a tooltip alone). The due time keeps its own clock
// (ui/clock.ts): the tasks list, the task page and record pages' task cards
// have no other, and a task due at 14:00 shown at 13:55 still read as not
// overdue at 14:05 until something else re-rendered it.
import { useTranslation } from 'react-i18next';
import type { Task } from '../../../src-shared/domain/task';
import { useClock } from '../../ui/clock';
import { formatDateTime } from '../../ui/format';
import { isOverdue } from './task-due';

const statusTone = { open: 'accent', in_progress: 'violet', done: 'success', cancelled: '' } as const;
const priorityTone = { low: '', normal: 'teal', high: 'danger' } as const;

export function TaskStatusBadge({ status }: { readonly status: Task['status'] }) {
  const { t } = useTranslation();
  return <span className={`badge badge--${statusTone[status]}`}>{t(`taskStatus.${status}`)}</span>;
}

export function TaskPriorityBadge({ priority }: { readonly priority: Task['priority'] }) {
  const { t } = useTranslation();
  return <span className={`badge badge--${priorityTone[priority]}`}>{t(`taskPriority.${priority}`)}</span>;
}

// The longest delay setTimeout keeps (a longer one overflows and fires at once): a due time further off is
// reached in steps of this.
const longestTimerMs = 2 ** 31 - 1;

/**
 * When the badge next reads differently: just after the due time (isOverdue compares with `<`) for an open task
 * not yet overdue; null (no timer) for one with no due time, done or cancelled, or overdue already.
 */
function nextDueChange(task: Pick<Task, 'dueAt' | 'status'>): ((time: number) => number) | null {
  const { dueAt } = task;
  if (dueAt === null || isOverdue(task) || !isOverdue(task, dueAt + 1)) return null;
  return (time) => Math.min(dueAt + 1, time + longestTimerMs);
}

export function TaskDue({ task }: { readonly task: Pick<Task, 'dueAt' | 'status'> }) {
  const { t } = useTranslation();
  useClock(nextDueChange(task));
  if (task.dueAt === null) return <span className="faint">{t('status.none')}</span>;
  const overdue = isOverdue(task);
  return (
    <span className={overdue ? 'nowrap overdue' : 'nowrap'} title={overdue ? t('detail.overdue') : undefined} data-testid="task-due">
      {formatDateTime(task.dueAt)}
      {overdue ? <span className="visually-hidden"> {t('detail.overdue')}</span> : null}
    </span>
  );
}
