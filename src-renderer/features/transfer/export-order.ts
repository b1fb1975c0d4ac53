// The Transfer page's whole-list export (ExportCard): the request it sends
// for a list (every record, no filter, the list's own default sort) and the
// words for the order that sort gives the file. The words are read from the
// request itself, so the card never claims an order the file does not have:
// contacts and accounts come sorted by name, deals by expected close date,
// activities newest first, tasks by due date.
import type { ListEntity } from '../../../src-shared/domain/saved-view';
import { ExportRequest } from '../../../src-shared/transfer/export';

/** What the card sends for `entity`: no filter, so the list's default sort. */
export function wholeListRequest(entity: ListEntity, includeSensitive: boolean): ExportRequest {
  return ExportRequest.parse({ entity, includeSensitive });
}

export type ExportOrderKey =
  | 'transfer.exportAllByName'
  | 'transfer.exportAllByCloseDate'
  | 'transfer.exportAllNewestFirst'
  | 'transfer.exportAllByDueDate'
  | 'transfer.exportAll';

/** The sentence naming the order `request`'s sort gives; a sort with no sentence of its own gets the plain one. */
export function exportOrderKey(request: ExportRequest): ExportOrderKey {
  const { field, direction } = request.query.sort;
  if (field === 'name' && direction === 'asc') return 'transfer.exportAllByName';
  if (field === 'expectedCloseDate' && direction === 'asc') return 'transfer.exportAllByCloseDate';
  if (field === 'occurredAt' && direction === 'desc') return 'transfer.exportAllNewestFirst';
  if (field === 'dueAt' && direction === 'asc') return 'transfer.exportAllByDueDate';
  return 'transfer.exportAll';
}
