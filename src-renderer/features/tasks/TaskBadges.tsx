// Status and priority of a task as badges, and its due time (red when overdue,
// and said so in words too: a screen reader or a colour-blind user got only
// the red; "Overdue" was a tooltip alone).
import { useTranslation } from 'react-i18next';
import type { Task } from '../../../src-shared/domain/task';
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

export function TaskDue({ task }: { readonly task: Pick<Task, 'dueAt' | 'status'> }) {
  const { t } = useTranslation();
  if (task.dueAt === null) return <span className="faint">{t('status.none')}</span>;
  const overdue = isOverdue(task);
  return (
    <span className={overdue ? 'nowrap overdue' : 'nowrap'} title={overdue ? t('detail.overdue') : undefined} data-testid="task-due">
      {formatDateTime(task.dueAt)}
      {overdue ? <span className="visually-hidden"> {t('detail.overdue')}</span> : null}
    </span>
  );
}
