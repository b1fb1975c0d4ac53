// Export of a list to CSV: the entity and the list query the user is looking
// at (sort, filters, trash toggle), without paging — every matching row is
// exported. Cells that a spreadsheet would run as a formula are neutralised
// in the main process before the text is returned.
import { z } from 'zod';
import { AccountListQuery } from '../domain/account';
import { ActivityListQuery } from '../domain/activity';
import { pagingFields } from '../domain/common';
import { ContactListQuery } from '../domain/contact';
import { DealListQuery } from '../domain/deal';
import { ListEntity } from '../domain/saved-view';
import { TaskListQuery } from '../domain/task';

/** Most rows one export may hold; a larger list must be narrowed with filters first. */
export const maxExportRows = 250_000;


export const ExportRequest = z.discriminatedUnion('entity', [
  z.object({ entity: z.literal('contacts'), query: ContactListQuery.omit(pagingFields).prefault({}) }).strict(),
  z.object({ entity: z.literal('accounts'), query: AccountListQuery.omit(pagingFields).prefault({}) }).strict(),
  z.object({ entity: z.literal('deals'), query: DealListQuery.omit(pagingFields).prefault({}) }).strict(),
  z.object({ entity: z.literal('activities'), query: ActivityListQuery.omit(pagingFields).prefault({}) }).strict(),
  z.object({ entity: z.literal('tasks'), query: TaskListQuery.omit(pagingFields).prefault({}) }).strict(),
]);
export type ExportRequest = z.infer<typeof ExportRequest>;

export const ExportResult = z.object({
  /** A suggested file name, e.g. contacts-2026-05-01.csv. */
  fileName: z.string(),
  /** UTF-8 text with a byte-order mark, so Excel reads the accents and CJK correctly. */
  csv: z.string(),
  rows: z.number().int().nonnegative(),
});
export type ExportResult = z.infer<typeof ExportResult>;

/** Rows an export has read so far, of the rows the list held when it began; pushed while it runs (a list of many thousands takes seconds). */
export const ExportProgress = z.object({ entity: ListEntity, rows: z.number().int().nonnegative(), total: z.number().int().nonnegative() });
export type ExportProgress = z.infer<typeof ExportProgress>;
