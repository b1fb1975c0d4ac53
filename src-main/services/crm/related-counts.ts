// How many live records each capped related list of a detail page holds. Each
// is counted with the very list query the card's "Show all" opens (the contacts,
// deals or open tasks list filtered by the record), so the badge and that list
// say the same number; counting stops past listCountCap ("10,000+"), the cost
// of a list's own count.
import type { ListCount } from '../../../src-shared/domain/common';
import { relatedLimit } from '../../../src-shared/domain/details';
import { ContactListQuery } from '../../../src-shared/domain/contact';
import { DealListQuery } from '../../../src-shared/domain/deal';
import { activeTaskStatuses, TaskListQuery } from '../../../src-shared/domain/task';
import type { ReadTx } from '../../vault/connection';
import { contactListRequest, contactTable } from './contact.repo';
import { dealListRequest, dealTable } from './deal.repo';
import { cappedCount, countList } from './list-query';
import { taskListRequest, taskTable } from './task.repo';

/** A card's count: its rows when they are fewer than the cap (it lists them all, no query needed), else `count`. */
export function countPast(rows: readonly unknown[], count: () => Promise<ListCount>): Promise<ListCount> {
  return rows.length < relatedLimit ? Promise.resolve({ count: rows.length, capped: false }) : count();
}

type LinkFilter = { readonly accountId: string } | { readonly contactId: string } | { readonly dealId: string };

export function countContactsOf(tx: ReadTx, filter: { readonly accountId: string }): Promise<ListCount> {
  const query = ContactListQuery.parse({ filter, limit: 1 });
  return cappedCount((upTo) => countList(tx, contactTable, contactListRequest(query), upTo));
}

/** Every live deal, open or closed, as the card lists them. */
export function countDealsOf(tx: ReadTx, filter: { readonly accountId: string } | { readonly contactId: string }): Promise<ListCount> {
  const query = DealListQuery.parse({ filter, limit: 1 });
  return cappedCount((upTo) => countList(tx, dealTable, dealListRequest(query), upTo));
}

/** Open and in-progress tasks, as the card lists them. */
export function countOpenTasksOf(tx: ReadTx, filter: LinkFilter): Promise<ListCount> {
  const query = TaskListQuery.parse({ filter: { ...filter, statuses: activeTaskStatuses }, limit: 1 });
  return cappedCount((upTo) => countList(tx, taskTable, taskListRequest(query), upTo));
}
