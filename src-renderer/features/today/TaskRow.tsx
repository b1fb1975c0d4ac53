// A task in the Today view: a "done" checkbox, the title (opens the task),
// what it is about, and when it is due or reminds. A task is listed once
// (today.service.ts): under Overdue or Due today it also shows its reminder.
import { useTranslation } from 'react-i18next';
import type { Task } from '../../../src-shared/domain/task';
import { useNavigation } from '../../app/router';
import { formatDateTime, formatRelative } from '../../ui/format';
import { hasRelated, RelatedName } from '../records/RelatedName';
import { TaskPriorityBadge } from '../tasks/TaskBadges';
import { TaskDoneCheck } from '../tasks/TaskDoneCheck';

export interface TaskRowProps {
  readonly task: Task;
  readonly when: 'due' | 'remind';
  readonly overdue?: boolean;
  /** Resolves true once the task is done (false when that failed: the checkbox is unticked again). */
  readonly onDone: (task: Task) => Promise<boolean>;
}

export function TaskRow({ task, when, overdue, onDone }: TaskRowProps) {
  const { t } = useTranslation();
  const { navigate } = useNavigation();
  const at = when === 'due' ? task.dueAt : task.remindAt;
  return (
    <li className="today-task" data-testid="today-task" data-task-id={task.id}>
      <TaskDoneCheck task={task} onDone={onDone} />
      <button type="button" className="today-task__main" onClick={() => navigate({ name: 'detail', entity: 'task', id: task.id })}>
        <span className="today-task__title truncate" dir="auto">{task.title}</span>
        {hasRelated(task) ? (
          <span className="today-task__meta">
            <RelatedName record={task} />
          </span>
        ) : null}
      </button>
      {task.priority === 'high' ? <TaskPriorityBadge priority={task.priority} /> : null}
      {when === 'due' && task.remindAt !== null ? (
        <span className="today-task__when" title={formatDateTime(task.remindAt)} data-testid="today-task-reminder">
          {t('today.remindAt', { when: formatRelative(task.remindAt) })}
        </span>
      ) : null}
      {at === null ? null : (
        <span className={overdue === true ? 'today-task__when overdue' : 'today-task__when'} title={formatDateTime(at)}>
          {when === 'due' ? t('today.dueAt', { when: formatRelative(at) }) : t('today.remindAt', { when: formatRelative(at) })}
        </span>
      )}
    </li>
  );
}
