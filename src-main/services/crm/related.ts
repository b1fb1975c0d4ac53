// Related-record queries for detail pages: live records linked to a record,
// capped at relatedLimit and ordered as the page shows them, most relevant
// first so the cap drops the least useful rows. Each looks the record's rows
// up by an index of migration 0002 (the link column). The timeline is the
// first page of `activities.list` filtered by the record, so its cursor
// continues it there.
import type { Account } from '../../../src-shared/domain/account';
import { ActivityListQuery } from '../../../src-shared/domain/activity';
import type { Contact } from '../../../src-shared/domain/contact';
import type { Deal } from '../../../src-shared/domain/deal';
import { relatedLimit, timelinePageSize, type AccountDetail, type RecordLinks, type TrashedAccount, type TrashedContact } from '../../../src-shared/domain/details';
import type { TaskListItem } from '../../../src-shared/domain/task';
import type { ReadTx } from '../../vault/connection';
import { accountTable } from './account.repo';
import { activityListRequest, activityTable } from './activity.repo';
import { contactTable } from './contact.repo';
import { dealTable } from './deal.repo';
import { findRecord, selectRecords, type CrmRecord, type EntityTable } from './entity-table';
import { listPage } from './list-query';
import { withStatusLocks } from './record-owners';
import { dueSortSql, taskTable } from './task.repo';

type Link = 'contact_id' | 'account_id' | 'deal_id';
type Timeline = Pick<AccountDetail, 'activities' | 'olderActivities'>;

/** A live linked record, or null when there is none (or it is in the trash). */
async function liveOrNull<R extends { deletedAt: number | null }>(record: Promise<R | null>): Promise<R | null> {
  const found = await record;
  return found !== null && found.deletedAt === null ? found : null;
}

export function liveAccount(tx: ReadTx, id: string | null): Promise<Account | null> {
  return id === null ? Promise.resolve(null) : liveOrNull(findRecord(tx, accountTable, id));
}
export function liveContact(tx: ReadTx, id: string | null): Promise<Contact | null> {
  return id === null ? Promise.resolve(null) : liveOrNull(findRecord(tx, contactTable, id));
}
export function liveDeal(tx: ReadTx, id: string | null): Promise<Deal | null> {
  return id === null ? Promise.resolve(null) : liveOrNull(findRecord(tx, dealTable, id));
}

/**
 * The account named by `id` when it is in the trash, else null: restoring the
 * record that names it waits on it (links.ts), and its page must say so. An
 * account this vault does not hold is not one (it cannot be restored).
 */
export async function trashedAccount(tx: ReadTx, id: string | null): Promise<TrashedAccount | null> {
  const account = id === null ? null : await findRecord(tx, accountTable, id);
  return account === null || account.deletedAt === null ? null : { id: account.id, name: account.name };
}

/** A record an activity or task links to, as its detail answers it: whole when live, its id and name when in the trash. */
interface Linked<R extends NamedRecord> {
  readonly live: R | null;
  readonly trashed: Pick<R, 'id' | 'name'> | null;
}

type NamedRecord = CrmRecord & { readonly name: string };

async function linkedRecord<R extends NamedRecord>(tx: ReadTx, table: EntityTable<R>, id: string | null): Promise<Linked<R>> {
  const record = id === null ? null : await findRecord(tx, table, id);
  if (record === null) return { live: null, trashed: null };
  return record.deletedAt === null ? { live: record, trashed: null } : { live: null, trashed: { id: record.id, name: record.name } };
}

/**
 * The contact, account and deal an activity or a task links to: live ones
 * whole, those in the trash named apart (trashedContact…), as its fields
 * still name them, so its Related card lists them as in the trash rather
 * than "None yet" beside "Contact: Jane Doe". One this vault does not hold
 * is neither.
 */
export async function linksOf(tx: ReadTx, record: { readonly contactId: string | null; readonly accountId: string | null; readonly dealId: string | null }): Promise<RecordLinks> {
  const contact = await linkedRecord(tx, contactTable, record.contactId);
  const account = await linkedRecord(tx, accountTable, record.accountId);
  const deal = await linkedRecord(tx, dealTable, record.dealId);
  return {
    contact: contact.live,
    account: account.live,
    deal: deal.live,
    trashedContact: contact.trashed,
    trashedAccount: account.trashed,
    trashedDeal: deal.trashed,
  };
}

/** The record's newest live activities (one timeline page) and the cursor to the older ones. */
export async function timelineOf(tx: ReadTx, link: 'contactId' | 'accountId' | 'dealId', id: string): Promise<Timeline> {
  const query = ActivityListQuery.parse({ filter: { [link]: id }, limit: timelinePageSize });
  const page = await listPage(tx, activityTable, activityListRequest(query));
  return { activities: page.items, olderActivities: page.next };
}

/** Open and in-progress tasks, soonest due first (undated last), each the user may not mark done flagged (withStatusLocks). */
export async function openTasksOf(tx: ReadTx, link: Link, id: string): Promise<TaskListItem[]> {
  const tasks = await selectRecords(
    tx,
    taskTable,
    `${link} = ? AND deleted_at IS NULL AND status IN ('open', 'in_progress')`,
    [id],
    `ORDER BY ${dueSortSql}, id LIMIT ${relatedLimit}`,
  );
  return withStatusLocks(tx, tasks);
}

export function contactsOfAccount(tx: ReadTx, accountId: string): Promise<Contact[]> {
  return selectRecords(tx, contactTable, 'account_id = ? AND deleted_at IS NULL', [accountId], `ORDER BY name_key, id LIMIT ${relatedLimit}`);
}

/** A deal whose stage the pipeline marks won or lost (one of a stage this vault does not hold is not known to be over). */
const closedDealSql = "stage_id IN (SELECT id FROM pipeline_stages WHERE kind IN ('won', 'lost'))";

/**
 * Open deals first, soonest expected close first (overdue ones lead); then won
 * and lost ones, most recent close first. By close date alone, an account of
 * years of closed deals filled the cap with its oldest and left out the open
 * ones closing this quarter. The rows of one record are sorted, not walked in
 * index order: an account holds thousands of deals at most.
 */
const relevantDealsFirst = `ORDER BY ${closedDealSql}, CASE WHEN ${closedDealSql} THEN NULL ELSE expected_close_date END, expected_close_date DESC, id LIMIT ${relatedLimit}`;

export function dealsOfAccount(tx: ReadTx, accountId: string): Promise<Deal[]> {
  return selectRecords(tx, dealTable, 'account_id = ? AND deleted_at IS NULL', [accountId], relevantDealsFirst);
}

export function dealsOfContact(tx: ReadTx, contactId: string): Promise<Deal[]> {
  return selectRecords(
    tx,
    dealTable,
    'id IN (SELECT deal_id FROM deal_contacts WHERE contact_id = ?) AND deleted_at IS NULL',
    [contactId],
    relevantDealsFirst,
  );
}

export async function contactsOfDeal(tx: ReadTx, deal: Deal): Promise<Contact[]> {
  if (deal.contactIds.length === 0) return [];
  const contacts = await selectRecords(
    tx,
    contactTable,
    `id IN (${deal.contactIds.map(() => '?').join(', ')}) AND deleted_at IS NULL`,
    deal.contactIds,
    'ORDER BY name_key, id',
  );
  return contacts.slice(0, relatedLimit);
}

/**
 * The contacts the deal names that are in the trash, by name: restoring the
 * deal waits on them (links.ts), and its page must say which to restore first.
 * A contact this vault does not hold is not one (it cannot be restored).
 */
export async function trashedContactsOfDeal(tx: ReadTx, deal: Deal): Promise<TrashedContact[]> {
  if (deal.contactIds.length === 0) return [];
  const contacts = await selectRecords(
    tx,
    contactTable,
    `id IN (${deal.contactIds.map(() => '?').join(', ')}) AND deleted_at IS NOT NULL`,
    deal.contactIds,
    'ORDER BY name_key, id',
  );
  return contacts.map(({ id, name }) => ({ id, name }));
}
