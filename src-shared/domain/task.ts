// Tasks: follow-ups with a due time, an optional reminder, a priority, a
// status and an assignee, linked to a contact, an account and/or a deal.
import { z } from 'zod';
import {
  BulkChange,
  BulkAfter,
  BulkEdited,
  bulkFieldsOf,
  bulkMax,
  commonFilter,
  Deleted,
  emptyPatchMessage,
  listQueryShape,
  LongText,
  metaSensitivity,
  nonEmptyPatch,
  pageOf,
  recordMeta,
  requiredText,
  Tags,
  TimeRange,
  Timestamp,
  type Sensitivity,
} from './common';
import { AccountId, ContactId, DealId, TaskId, UserId } from './ids';

export const taskPriorities = ['low', 'normal', 'high'] as const;
export const TaskPriority = z.enum(taskPriorities);
export type TaskPriority = z.infer<typeof TaskPriority>;

export const taskStatuses = ['open', 'in_progress', 'done', 'cancelled'] as const;
export const TaskStatus = z.enum(taskStatuses);
export type TaskStatus = z.infer<typeof TaskStatus>;
/** Statuses that still need doing: these appear as due or overdue. */
export const activeTaskStatuses: readonly TaskStatus[] = ['open', 'in_progress'];

/** The editable fields, without defaults: a patch takes any subset of them. */
const taskFields = {
  title: requiredText(200, 'Title'),
  notes: LongText,
  dueAt: Timestamp.nullable(),
  remindAt: Timestamp.nullable(),
  priority: TaskPriority,
  status: TaskStatus,
  assigneeId: UserId,
  contactId: ContactId.nullable(),
  accountId: AccountId.nullable(),
  dealId: DealId.nullable(),
  tags: Tags,
  ownerId: UserId,
};

/**
 * A reminder later than its task's due time is refused when a task is created
 * or edited (the main process enforces it too; see updateTask for an edit of
 * one of the two). Only the input schemas say so: a stored or synced task may
 * hold one, written by an older version, and still applies and edits.
 */
export const reminderOrderRule = { message: 'The reminder must not be after the due time', params: { rule: 'reminder_after_due' } } as const;
export function reminderAfterDue(task: { readonly remindAt?: number | null | undefined; readonly dueAt?: number | null | undefined }): boolean {
  return task.remindAt !== undefined && task.remindAt !== null && task.dueAt !== undefined && task.dueAt !== null && task.remindAt > task.dueAt;
}

export const TaskDraft = z
  .object({
    ...taskFields,
    notes: LongText.default(''),
    dueAt: taskFields.dueAt.default(null),
    remindAt: taskFields.remindAt.default(null),
    priority: TaskPriority.default('normal'),
    status: TaskStatus.default('open'),
    /** Defaults to the signed-in user. */
    assigneeId: UserId.optional(),
    contactId: taskFields.contactId.default(null),
    accountId: taskFields.accountId.default(null),
    dealId: taskFields.dealId.default(null),
    tags: Tags.default([]),
    /** Defaults to the signed-in user. */
    ownerId: UserId.optional(),
  })
  .strict()
  .refine((draft) => !reminderAfterDue(draft), { ...reminderOrderRule, path: ['remindAt'] });
export type TaskDraft = z.infer<typeof TaskDraft>;

export const TaskPatch = z
  .object(taskFields)
  .partial()
  .strict()
  .refine(nonEmptyPatch, emptyPatchMessage)
  .refine((patch) => !reminderAfterDue(patch), { ...reminderOrderRule, path: ['remindAt'] });
export type TaskPatch = z.infer<typeof TaskPatch>;

/**
 * The field an edit of a stored task must be refused on because it leaves the
 * reminder after the due time, or null. The patch's schema checks the two
 * times only when both are in it: an edit of one is checked here against the
 * other as stored. A task that already holds a late reminder (synced from an
 * older version) still takes edits of its other fields.
 */
export function lateReminderField(task: Pick<Task, 'remindAt' | 'dueAt'>, patch: TaskPatch): 'remindAt' | 'dueAt' | null {
  if (patch.remindAt === undefined && patch.dueAt === undefined) return null;
  // A null in the patch clears the time (no reminder, no due time): only an absent one is the stored time.
  const remindAt = patch.remindAt === undefined ? task.remindAt : patch.remindAt;
  if (!reminderAfterDue({ remindAt, dueAt: patch.dueAt === undefined ? task.dueAt : patch.dueAt })) return null;
  return patch.remindAt === undefined ? 'dueAt' : 'remindAt';
}

export const Task = z.object({
  id: TaskId,
  title: z.string(),
  notes: z.string(),
  dueAt: Timestamp.nullable(),
  remindAt: Timestamp.nullable(),
  priority: TaskPriority,
  status: TaskStatus,
  assigneeId: UserId,
  contactId: ContactId.nullable(),
  accountId: AccountId.nullable(),
  dealId: DealId.nullable(),
  tags: z.array(z.string()),
  ...recordMeta,
});
export type Task = z.infer<typeof Task>;

/**
 * The fields a task's assignee may write on a task a teammate owns: its status (Done, reopened) and its reminder
 * (a snooze), with the updatedAt/updatedBy every edit writes. Only the owner writes anything else, creates or
 * deletes it. One definition for the sync server's push authorisation and the device's own check (record-owners).
 */
export const assigneeWritableTaskFields: ReadonlySet<string> = new Set(['status', 'remindAt', 'updatedAt', 'updatedBy'] satisfies (keyof Task)[]);

/** Whether an edit writing `fields` is one the task's assignee may make (writing none, it changes nothing). */
export function assigneeMayWrite(fields: readonly string[]): boolean {
  return fields.every((field) => assigneeWritableTaskFields.has(field));
}

export const taskSensitivity = {
  title: 'internal',
  notes: 'sensitive',
  dueAt: 'internal',
  remindAt: 'internal',
  priority: 'internal',
  status: 'internal',
  assigneeId: 'internal',
  contactId: 'internal',
  accountId: 'internal',
  dealId: 'internal',
  tags: 'internal',
  ...metaSensitivity,
} as const satisfies Record<Exclude<keyof Task, 'id'>, Sensitivity>;

/** Tasks without a due time sort after every dated task (ascending). */
export const taskSortFields = ['dueAt', 'title', 'createdAt', 'updatedAt'] as const;
export const TaskFilter = z
  .object({
    ...commonFilter,
    statuses: z.array(TaskStatus).min(1).max(4).optional(),
    priorities: z.array(TaskPriority).min(1).max(3).optional(),
    assigneeId: UserId.optional(),
    contactId: ContactId.optional(),
    accountId: AccountId.optional(),
    dealId: DealId.optional(),
    dueAt: TimeRange.optional(),
  })
  .strict();
export const TaskListQuery = z
  .object({
    ...listQueryShape(taskSortFields, { field: 'dueAt', direction: 'asc' }),
    filter: TaskFilter.prefault({}),
  })
  .strict();
export type TaskListQuery = z.infer<typeof TaskListQuery>;

/**
 * A task as a list shows it (the Tasks list, a record's open tasks): `statusLocked` when the user may not tick it
 * done, a teammate's task not assigned to the user (services/crm/record-owners.ts withStatusLocks; the write would
 * refuse it). Absent for one the user may change.
 */
export const TaskListItem = Task.extend({ statusLocked: z.literal(true).optional() });
export type TaskListItem = z.infer<typeof TaskListItem>;

export const TaskPage = pageOf(TaskListItem);
export type TaskPage = z.infer<typeof TaskPage>;

export const TaskUpdate = z.object({ id: TaskId, patch: TaskPatch }).strict();
export const TaskRef = z.object({ id: TaskId }).strict();
export const TaskDeleted = Deleted;

/** A task and a status: what tasks.setStatusMany writes, and what it answers with (each task's status before). */
/**
 * A task's status to set; with `after` (what the change to undo left), set only on a task that still holds that
 * status, so an Undo leaves a status changed since as it is.
 */
export const TaskStatusOf = z.object({ id: TaskId, status: TaskStatus, after: TaskStatus.optional() }).strict();
/**
 * tasks.setStatusMany: "Mark done" on a list's selection, and its Undo (the
 * answer, each task's status before and after, sent back). A repeated id counts once (its first status).
 */
export const TaskStatusMany = z.object({ items: z.array(TaskStatusOf).min(1).max(bulkMax) }).strict();
export type TaskStatusMany = z.infer<typeof TaskStatusMany>;

/** A bulk edit of tasks: the changes of every list (BulkChange), and a new assignee ("Assign…"). */
export const TaskBulkChange = z.discriminatedUnion('kind', [...BulkChange.options, z.object({ kind: z.literal('assignee'), assigneeId: UserId }).strict()]);
export type TaskBulkChange = z.infer<typeof TaskBulkChange>;
export const TaskEditMany = z.object({ ids: z.array(TaskId).min(1).max(bulkMax), change: TaskBulkChange }).strict();
/** A task's fields a bulk edit may change, as tasks.revertMany writes them back. */
export const TaskRevertMany = z
  .object({ items: z.array(bulkFieldsOf(TaskId).extend({ assigneeId: UserId, after: BulkAfter.extend({ assigneeId: UserId }).optional() })).min(1).max(bulkMax) })
  .strict();
export type TaskRevertMany = z.infer<typeof TaskRevertMany>;
/** tasks.editMany's and .revertMany's answer: each task's owner, tags and assignee before the call. */
export const TaskBulkEdited = z.object({
  items: z.array(BulkEdited.shape.items.element.extend({ assigneeId: z.string(), after: BulkEdited.shape.items.element.shape.after.extend({ assigneeId: z.string() }) })),
});
export type TaskBulkEdited = z.infer<typeof TaskBulkEdited>;
export const TaskStatusesBefore = z.object({ items: z.array(z.object({ id: TaskId, status: TaskStatus, after: TaskStatus })) });
export type TaskStatusesBefore = z.infer<typeof TaskStatusesBefore>;

/** A reminder push names at most this many tasks; `total` says how many fell due in all. */
export const remindersNamedMax = 5;
/**
 * Reminders that fell due (tasks.didRemind): the tasks of the current user,
 * open or in progress and not deleted, whose reminder time came since the
 * last push, soonest first. After an unlock this covers the time the vault
 * was locked or the app closed, so one push may carry several.
 */
export const DueReminders = z
  .object({
    tasks: z.array(z.object({ id: TaskId, title: z.string(), remindAt: Timestamp })).min(1).max(remindersNamedMax),
    total: z.number().int().positive(),
  })
  .refine(({ tasks, total }) => tasks.length <= total, 'total counts every task named');
export type DueReminders = z.infer<typeof DueReminders>;
