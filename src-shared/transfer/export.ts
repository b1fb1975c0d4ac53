// Export of a list to CSV: the entity and the list query the user is looking
// at (sort, filters, trash toggle), without paging — every matching row is
// exported. Cells that a spreadsheet would run as a formula are neutralised
// in the main process before the text is returned. Fields of the 'sensitive'
// class (notes, an activity's details: masked on screen behind "Show") are
// left out unless the request includes them (`includeSensitive`, asked of
// the user each time, unticked by first). A request with `ids` (the rows
// the user selected on the list) exports only those of the list's rows.
import { z } from 'zod';
import { AccountListQuery, accountSensitivity } from '../domain/account';
import { ActivityListQuery, activitySensitivity } from '../domain/activity';
import { masksUntilShown, pagingFields, type Sensitivity } from '../domain/common';
import { ContactListQuery, contactSensitivity } from '../domain/contact';
import { DealListQuery, dealSensitivity } from '../domain/deal';
import { AccountId, ActivityId, ContactId, DealId, TaskId } from '../domain/ids';
import { ListEntity } from '../domain/saved-view';
import { TaskListQuery, taskSensitivity } from '../domain/task';

/** Most rows one export may hold; a larger list must be narrowed with filters first. */
export const maxExportRows = 250_000;


function sensitiveOf(classes: Readonly<Record<string, Sensitivity>>): readonly string[] {
  return Object.entries(classes)
    .filter(([, sensitivity]) => masksUntilShown(sensitivity))
    .map(([field]) => field);
}

/** Each list's 'sensitive' fields (their export columns have the same keys): left out of its export unless included. */
export const sensitiveExportFields: Readonly<Record<ListEntity, readonly string[]>> = {
  contacts: sensitiveOf(contactSensitivity),
  accounts: sensitiveOf(accountSensitivity),
  deals: sensitiveOf(dealSensitivity),
  activities: sensitiveOf(activitySensitivity),
  tasks: sensitiveOf(taskSensitivity),
};

/** True: the file holds the sensitive fields too. Absent or false: they are left out. */
const includeSensitive = z.boolean().optional();
/** The page's name for this export (a UUID): its progress events carry it, and export.cancel stops it by it. */
const exportId = z.uuid().optional();

/** Most selected rows one export names by id; the list offers the whole list only past it. */
export const maxExportSelection = 10_000;
/** The rows selected on the list, by id: only those of the list's rows are exported (in its order). Absent: the whole list. */
function selectedIds<Id extends z.ZodType<string>>(id: Id) {
  return z.array(id).min(1).max(maxExportSelection).optional();
}

export const ExportRequest = z.discriminatedUnion('entity', [
  z.object({ entity: z.literal('contacts'), query: ContactListQuery.omit(pagingFields).prefault({}), includeSensitive, exportId, ids: selectedIds(ContactId) }).strict(),
  z.object({ entity: z.literal('accounts'), query: AccountListQuery.omit(pagingFields).prefault({}), includeSensitive, exportId, ids: selectedIds(AccountId) }).strict(),
  z.object({ entity: z.literal('deals'), query: DealListQuery.omit(pagingFields).prefault({}), includeSensitive, exportId, ids: selectedIds(DealId) }).strict(),
  z.object({ entity: z.literal('activities'), query: ActivityListQuery.omit(pagingFields).prefault({}), includeSensitive, exportId, ids: selectedIds(ActivityId) }).strict(),
  z.object({ entity: z.literal('tasks'), query: TaskListQuery.omit(pagingFields).prefault({}), includeSensitive, exportId, ids: selectedIds(TaskId) }).strict(),
]);
export type ExportRequest = z.infer<typeof ExportRequest>;

export const ExportResult = z.object({
  /** A suggested file name, e.g. contacts-2026-05-01.csv. */
  fileName: z.string(),
  /** The file's text, without the byte-order mark the page puts first when it saves it (so Excel reads it as UTF-8): with it the text would cross IPC as two-byte UTF-16. */
  csv: z.string(),
  rows: z.number().int().nonnegative(),
});
export type ExportResult = z.infer<typeof ExportResult>;

/** Rows an export has read so far, of the rows the list held when it began; pushed while it runs (a list of many thousands takes seconds). */
export const ExportProgress = z.object({ entity: ListEntity, exportId: z.uuid().nullable(), rows: z.number().int().nonnegative(), total: z.number().int().nonnegative() });
export type ExportProgress = z.infer<typeof ExportProgress>;

/** Stops the export of this id before its next page of rows (or, not arrived yet, before its first): its export.csv fails with CANCELLED and no file. */
export const ExportCancel = z.object({ exportId: z.uuid() }).strict();
export type ExportCancel = z.infer<typeof ExportCancel>;

/** Whether an export of that id was running (it stops); false: none was yet, and one that comes with that id stops at once. */
export const ExportCancelled = z.object({ running: z.boolean() });
export type ExportCancelled = z.infer<typeof ExportCancelled>;
