// The editable fields of a task, in form order.
import { masksUntilShown } from '../../../src-shared/domain/common';
import { taskPriorities, taskSensitivity, taskStatuses } from '../../../src-shared/domain/task';
import type { FieldDef, SelectOption } from '../records/fields';

export const taskFields: readonly FieldDef[] = [
  { key: 'title', label: 'field.taskTitle', kind: 'text', required: true, wide: true },
  { key: 'dueAt', label: 'field.dueAt', kind: 'datetime' },
  { key: 'remindAt', label: 'field.remindAt', kind: 'datetime' },
  {
    key: 'priority',
    label: 'field.priority',
    kind: 'select',
    options: taskPriorities.map((value) => ({ value, label: `taskPriority.${value}` as const })),
  },
  {
    key: 'status',
    label: 'field.status',
    kind: 'select',
    options: taskStatuses.map((value) => ({ value, label: `taskStatus.${value}` as const })),
  },
  { key: 'contactId', label: 'field.contact', kind: 'ref', refKind: 'contact' },
  { key: 'accountId', label: 'field.account', kind: 'ref', refKind: 'account' },
  { key: 'dealId', label: 'field.deal', kind: 'ref', refKind: 'deal' },
  { key: 'notes', label: 'field.notes', kind: 'longText', sensitive: masksUntilShown(taskSensitivity.notes) },
  { key: 'tags', label: 'field.tags', kind: 'tags', hint: 'hint.tags', wide: true, tagsOf: 'tasks' },
];

/**
 * The task's fields with its assignee after its status: a choice among `people` (useAssigneeOptions), in the New
 * task form and on the task's page (before, the assignee could be set only with a list's "Assign…").
 */
export function taskFieldsWith(people: readonly SelectOption[]): readonly FieldDef[] {
  const at = taskFields.findIndex((def) => def.key === 'status') + 1;
  return [...taskFields.slice(0, at), { key: 'assigneeId', label: 'field.assignee', kind: 'select', options: people }, ...taskFields.slice(at)];
}
