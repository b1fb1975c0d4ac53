// The tasks list: title (after its done checkbox, TaskListDone), status, priority, due time, related record,
// assignee and owner; filters by status, priority, owner, assignee, tags and dates; checked with the shared
// TaskListQuery schema. The default view shows open tasks and is named so.
import { taskSortFields, TaskListQuery, type TaskListItem } from '../../../src-shared/domain/task';
import { withoutPaging, type ListSpec } from '../records/list-spec';
import { ownerColumn, PersonName } from '../records/people';
import { commonFilterOf, type DayAnchor, daysOfTimeRange, emptyFilter, type ListState, nonEmpty, nonEmptyList, timeRangeOf } from '../records/list-state';
import { checkQuery } from '../records/query-check';
import { relatedColumn } from '../records/RelatedName';
import { TaskDue, TaskPriorityBadge, TaskStatusBadge } from './TaskBadges';
import { TaskListDone } from './TaskListDone';

const dateFields = ['dueAt', 'createdAt', 'updatedAt'] as const;
const ViewQuery = TaskListQuery.omit({ after: true });

/** The list query of a state; a saved view keeps its days as UTC days (daysOfTimeRange). */
function queryOf(state: ListState, days: DayAnchor = 'local') {
  const { filter } = state;
  return {
    sort: state.sort,
    deleted: state.deleted,
    filter: {
      ...commonFilterOf(filter),
      assigneeId: nonEmpty(filter.assigneeId),
      accountId: nonEmpty(filter.accountId),
      contactId: nonEmpty(filter.contactId),
      dealId: nonEmpty(filter.dealId),
      statuses: nonEmptyList(filter.statuses),
      priorities: nonEmptyList(filter.priorities),
      dueAt: timeRangeOf(filter, 'dueAt', days),
      createdAt: timeRangeOf(filter, 'createdAt', days),
      updatedAt: timeRangeOf(filter, 'updatedAt', days),
    },
  };
}

const check = (state: ListState, days: DayAnchor = 'local') => checkQuery(TaskListQuery, queryOf(state, days), dateFields);

export const taskListSpec: ListSpec<TaskListItem> = {
  entity: 'task',
  viewEntity: 'tasks',
  sortFields: taskSortFields,
  defaultState: {
    sort: { field: 'dueAt', direction: 'asc' },
    filter: { ...emptyFilter, statuses: ['open', 'in_progress'] },
    deleted: 'exclude',
  },
  defaultViewLabel: 'views.openTasks',
  filters: ['owner', 'assignee', 'status', 'priority', 'tags', 'dateRange'],
  dateFields: [
    { field: 'dueAt', label: 'field.dueAt' },
    { field: 'createdAt', label: 'field.createdAt' },
    { field: 'updatedAt', label: 'field.updatedAt' },
  ],
  columns: [
    {
      id: 'title',
      label: 'field.taskTitle',
      // The title tells tasks apart ("Prepare the visit at …"): it takes two lines and the room the table has
      // beyond the others' least widths; at 1280 px the Owner column goes before it is cut to a dozen letters.
      width: 'minmax(16rem, 3fr)',
      sortField: 'title',
      // The done checkbox leads the title, as on Today; a task in the trash has none (it cannot be written, as on its page).
      render: (task, cell) => (
        <>
          {task.deletedAt === null ? <TaskListDone task={task} tabbable={cell.tabbable} /> : null}
          <span className={task.status === 'done' ? 'two-lines cell-primary__name is-done' : 'two-lines cell-primary__name'} title={task.title} dir="auto">
            {task.title}
          </span>
        </>
      ),
    },
    // The default view shows open tasks only: the status goes where the list is narrow, after Owner and Assignee.
    { id: 'status', label: 'field.status', width: '8rem', dropOrder: 2, render: (task) => <TaskStatusBadge status={task.status} /> },
    { id: 'priority', label: 'field.priority', width: '7rem', render: (task) => <TaskPriorityBadge priority={task.priority} /> },
    { id: 'dueAt', label: 'field.dueAt', width: '14.5rem', sortField: 'dueAt', isEmpty: (task) => task.dueAt === null, render: (task) => <TaskDue task={task} /> },
    relatedColumn,
    // Who does the task: a rep's own tasks are most of the list, so it goes after Owner and before the status
    // (at 1280 px the title, status, priority, due time and related record take the room; from about 1440 px it shows).
    { id: 'assignee', label: 'field.assignee', width: 'minmax(8rem, 1fr)', dropOrder: 1, render: (task) => <PersonName id={task.assigneeId} /> },
    ownerColumn,
  ],
  check,
  async fetch(api, state, after, limit) {
    const built = check(state);
    if (!built.ok) return { items: [], next: null };
    return api.invoke('tasks.list', { ...built.query, after, limit });
  },
  saveView(api, name, state, id) {
    const built = check(state, 'utc');
    if (!built.ok) return Promise.reject(new Error('invalid list state'));
    return api.invoke('views.save', { id, name, entity: 'tasks', query: { ...built.query, limit: 100 } });
  },
  exportRequest(state) {
    const built = check(state);
    return built.ok ? { entity: 'tasks', query: withoutPaging(built.query) } : null;
  },
  fromView(view) {
    const parsed = view.entity === 'tasks' ? ViewQuery.safeParse(view.query) : null;
    if (parsed === null || !parsed.success) return null;
    const { filter, sort, deleted } = parsed.data;
    const ranges = [
      ['dueAt', daysOfTimeRange(filter.dueAt)],
      ['createdAt', daysOfTimeRange(filter.createdAt)],
      ['updatedAt', daysOfTimeRange(filter.updatedAt)],
    ] as const;
    const range = ranges.find(([, days]) => days !== null);
    return {
      sort,
      deleted,
      filter: {
        ...emptyFilter,
        ownerId: filter.ownerId ?? '',
        accountId: filter.accountId ?? '',
        contactId: filter.contactId ?? '',
        dealId: filter.dealId ?? '',
        assigneeId: filter.assigneeId ?? '',
        statuses: filter.statuses ?? [],
        priorities: filter.priorities ?? [],
        tags: (filter.tags ?? []).join(', '),
        dateField: range?.[0] ?? '',
        from: range?.[1]?.from ?? '',
        to: range?.[1]?.to ?? '',
      },
    };
  },
  rowLabel: (task) => task.title,
  assigneeOf: (task) => task.assigneeId,
};
