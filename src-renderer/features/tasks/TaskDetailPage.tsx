// A task's page: its inline-editable fields (its assignee too, among the
// people this device can name), a "Mark done" action and the
// records it is about (those in the trash too, marked so: its fields name
// them). "Mark done" offers Undo in its toast, as ticking a
// task done in a list does (useCompleteTask), and leaves the focus on the
// Status field it changed, not on the page's body where its button went.
import { useCallback, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskDetail } from '../../../src-shared/domain/details';
import { assigneeWritableTaskFields, lateReminderField, TaskPatch, type Task } from '../../../src-shared/domain/task';
import { useApi } from '../../app/api-context';
import { useNavigation } from '../../app/router';
import { Icon } from '../../ui/icons';
import type { Words } from '../../ui/words';
import { ConflictNotice } from '../conflicts/ConflictNotice';
import { DetailFallback } from '../detail/DetailStates';
import { DetailHeader } from '../detail/DetailHeader';
import { RecordPage } from '../detail/RecordPage';
import { FieldsCard, ownerRow } from '../detail/FieldsCard';
import { LinksCard } from '../detail/LinksCard';
import { useNameCache } from '../records/names';
import { taskShows } from '../records/detail-shows';
import { useDetail } from '../records/useDetail';
import { useRestore, useSoftDelete } from '../records/useSoftDelete';
import { TaskDue, TaskPriorityBadge, TaskStatusBadge } from './TaskBadges';
import { useCompleteTask } from './useCompleteTask';
import { taskFieldsWith } from './task-fields';
import { useAssigneeOptions } from './useAssigneeOptions';

const listRoute = { name: 'list', entity: 'task' } as const;

export function TaskDetailPage({ id }: { readonly id: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const names = useNameCache();
  const { navigate } = useNavigation();
  const load = useCallback(() => api.invoke('tasks.get', { id }), [api, id]);
  const detail = useDetail<TaskDetail>(load, id, taskShows(id));

  const remove = useSoftDelete({
    kind: 'task',
    id,
    remove: () => api.invoke('tasks.delete', { id }),
    restore: () => api.invoke('tasks.restore', { id }),
    onDeleted: () => navigate(listRoute),
    onRestored: () => navigate({ name: 'detail', entity: 'task', id }),
  });
  const restore = useRestore('task', () => api.invoke('tasks.restore', { id }), detail.reload);

  const save = useCallback(
    async (patch: Record<string, unknown>) => {
      const task = await api.invoke('tasks.update', { id, patch: TaskPatch.parse(patch) });
      names.learn(task.id, task.title);
      // The saved value shows in the frame the field stops editing in; the reload brings what depends on it.
      detail.update((data) => ({ ...data, task }));
      detail.reload();
    },
    [api, id, names, detail],
  );

  const fields = useRef<HTMLDivElement>(null);
  const showWritten = useCallback(
    (task: Task) => {
      detail.update((data) => ({ ...data, task }));
      detail.reload();
    },
    [detail],
  );
  const complete = useCompleteTask(showWritten);
  const markDone = async (task: Task) => {
    if (await complete(task)) fields.current?.querySelector<HTMLElement>('[data-field="status"] .inline-field__pencil')?.focus();
  };

  const assignee = detail.state.kind === 'loaded' ? detail.state.data.task.assigneeId : undefined;
  const people = useAssigneeOptions(assignee);
  const defs = useMemo(() => taskFieldsWith(people), [people]);

  if (detail.state.kind !== 'loaded') return <DetailFallback state={detail.state} listRoute={listRoute} onRetry={detail.reload} />;
  const { task } = detail.state.data;
  const deleted = task.deletedAt !== null;
  const teammates = detail.state.data.ownedByTeammate === true;
  // A teammate's task is refused (not_owner) a Mark done as any edit of its fields: not offered, unless it is
  // assigned to the user, who may set its status and reminder (assigneeWritableTaskFields) and nothing else.
  const assigned = teammates && detail.state.data.assignedToYou === true;
  const markable = (task.status === 'open' || task.status === 'in_progress') && (!teammates || assigned);
  // A reminder after the due time is refused at the field, as the main process would refuse it.
  const refuseLateReminder = (patch: Record<string, unknown>): Words | undefined => {
    const parsed = TaskPatch.safeParse(patch);
    return parsed.success && lateReminderField(task, parsed.data) !== null ? { key: 'validation.reminderAfterDue' } : undefined;
  };
  return (
    <RecordPage testId="task-detail" readOnly={deleted} ownedByTeammate={teammates}>
      <DetailHeader
        title={task.title}
        subtitle={
          <>
            <TaskStatusBadge status={task.status} />
            <TaskPriorityBadge priority={task.priority} />
            <TaskDue task={task} />
          </>
        }
        leading={
          <span className="avatar avatar--large avatar--task" aria-hidden="true">
            <Icon name="task" size={22} />
          </span>
        }
        listRoute={listRoute}
        onDelete={() => void remove()}
        onRestore={restore}
        {...(assigned ? { teammateNotice: 'detail.assigneeNotice' as const } : {})}
        actions={
          markable ? (
            <button type="button" className="button button--secondary" data-testid="task-mark-done" onClick={() => void markDone(task)}>
              <Icon name="check" size={16} />
              {t('detail.markDone')}
            </button>
          ) : undefined
        }
      />
      <ConflictNotice entity="task" id={task.id} />
      <div className="detail-grid detail-grid--two">
        <div className="detail-grid__side detail-grid__side--wide" ref={fields}>
          <FieldsCard defs={defs} record={task} patchSchema={TaskPatch} save={save} refuse={refuseLateReminder} people={[ownerRow(task.ownerId)]}
            {...(assigned ? { teammateEditable: assigneeWritableTaskFields } : {})}
          />
        </div>
        <div className="detail-grid__aside">
          <LinksCard links={detail.state.data} />
        </div>
      </div>
    </RecordPage>
  );
}
