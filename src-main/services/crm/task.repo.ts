// The tasks table: mapping, search text, sorts and filters. Tasks without a
// due time sort after every dated task both ways: as noDueAtSortKey when
// ascending, through the coalesce() expression migration 0002 indexes, and
// as its negative when descending, through migration 0030's (before, the
// descending sort reversed the ascending one and put them all first).
import { Task, type TaskListQuery } from '../../../src-shared/domain/task';
import { noDueAtSortKey } from '../../vault/migrations/0002-crm';
import { nameSortKey } from '../../../src-shared/sort/name-sort-key';
import type { EntityTable } from './entity-table';
import { commonConditions, equals, oneOf, timeSorts, within, listRequest, type Condition, type ListRequest, type SortKey } from './list-query';

export const taskTable: EntityTable<Task> = {
  entity: 'tasks',
  label: 'The task',
  fields: ['title', 'notes', 'dueAt', 'remindAt', 'priority', 'status', 'assigneeId', 'contactId', 'accountId', 'dealId', 'tags'],
  jsonFields: new Set(['tags']),
  schema: Task,
  searchTexts: (task) => [task.title, ...task.tags],
  sortKey: { column: 'title_key', field: 'title' },
};

/** The indexed sort expression for due times. */
export const dueSortSql = `coalesce(due_at, ${noDueAtSortKey})`;
/** The indexed sort expression for due times, latest first (undated last). */
export const dueDescendingSortSql = `coalesce(due_at, ${-noDueAtSortKey})`;

export const taskSorts: Record<TaskListQuery['sort']['field'], SortKey<Task>> = {
  dueAt: {
    sql: [dueSortSql],
    valuesOf: (task) => [task.dueAt ?? noDueAtSortKey],
    descending: { sql: [dueDescendingSortSql], valuesOf: (task) => [task.dueAt ?? -noDueAtSortKey] },
  },
  title: { sql: ['title_key'], valuesOf: (task) => [nameSortKey(task.title)] },
  ...timeSorts<Task>(),
};

export function taskConditions(filter: TaskListQuery['filter']): Condition[] {
  return [
    ...commonConditions('tasks', filter),
    ...oneOf('status', filter.statuses),
    ...oneOf('priority', filter.priorities),
    ...equals('assignee_id', filter.assigneeId),
    ...equals('contact_id', filter.contactId),
    ...equals('account_id', filter.accountId),
    ...equals('deal_id', filter.dealId),
    ...within('due_at', filter.dueAt),
  ];
}

export function taskListRequest(query: TaskListQuery): ListRequest<Task> {
  return listRequest(query, taskSorts, taskConditions);
}
