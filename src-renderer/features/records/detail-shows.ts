// What each detail page shows, for useDetail to tell whether a sync changed
// it: the page's own record, the single related records it shows by id (an
// account, a contact, a deal, a deal's contacts), and its related lists (a
// contact's deals, activities and open tasks; an account's contacts too): the
// records of an entity linked to the page's record. A changed record concerns
// such a list when it is in it, or links to the page's record now (it may
// join); the sync event says what each record it names links to. A list
// whose count is more than the rows it shows (relatedLimit) is partial: any
// named record of its entity counts, as one beyond the rows may have moved
// away or been erased and the count with it. Before the page has its data,
// any changed record of a listed entity counts.
import type { AccountDetail, ActivityDetail, ContactDetail, DealDetail, TaskDetail } from '../../../src-shared/domain/details';
import type { Shown, ShownList, ShownRecord } from '../../../src-shared/sync/changed-records';
import type { SyncedEntity } from '../../../src-shared/sync/protocol';
import type { Shows } from './useDetail';

/**
 * The record a page's record links to, by the id it stores: the detail holds a linked record only while it is
 * live here, and one in the trash or not yet on the device must still make the page read again when it comes
 * (restored, or synced in after the record): watched by the live one's id, the page never showed it.
 */
function linked(entity: SyncedEntity, id: string | null | undefined): ShownRecord[] {
  return id === null || id === undefined ? [] : [{ entity, id }];
}

type Listed = Partial<Record<SyncedEntity, readonly { readonly id: string }[]>> & {
  readonly counts?: Partial<Record<SyncedEntity, { readonly count: number; readonly capped: boolean }>>;
};

/** The page of a record with related lists: `listed` (null before the data) holds each list's records and counts. */
export function withLists(records: readonly ShownRecord[], linkedTo: string, entities: readonly SyncedEntity[], listed: Listed | null): Shown {
  if (listed === null) return { records, entities };
  const lists: ShownList[] = entities.map((entity) => {
    const ids = (listed[entity] ?? []).map((record) => record.id);
    const count = listed.counts?.[entity];
    const partial = count !== undefined && (count.capped || count.count > ids.length);
    return { entity, linkedTo, ids, ...(partial ? { partial } : {}) };
  });
  return { records, lists, entities: [] };
}

export const accountShows =
  (id: string): Shows<AccountDetail> =>
  (data) => withLists([{ entity: 'accounts', id }], id, ['contacts', 'deals', 'activities', 'tasks'], data);

export const contactShows =
  (id: string): Shows<ContactDetail> =>
  (data) => withLists([{ entity: 'contacts', id }, ...linked('accounts', data?.contact.accountId)], id, ['deals', 'activities', 'tasks'], data);

/** A deal's contacts are the ones it names (a contact it names that is in the trash or not yet here may appear). */
export const dealShows =
  (id: string): Shows<DealDetail> =>
  (data) =>
    data === null
      ? { records: [{ entity: 'deals', id }], entities: ['contacts', 'activities', 'tasks'] }
      : withLists(
          [{ entity: 'deals', id }, ...linked('accounts', data.deal.accountId), ...data.deal.contactIds.map((contact) => ({ entity: 'contacts' as const, id: contact }))],
          id,
          ['activities', 'tasks'],
          data,
        );

interface Links {
  readonly contactId: string | null;
  readonly accountId: string | null;
  readonly dealId: string | null;
}

/** An activity or a task: the record and the contact, account and deal it is linked to (by the ids it stores). */
function linkedShows(entity: 'activities' | 'tasks', id: string, links: Links | undefined): Shown {
  return {
    records: [{ entity, id }, ...linked('contacts', links?.contactId), ...linked('accounts', links?.accountId), ...linked('deals', links?.dealId)],
    entities: [],
  };
}

export const activityShows =
  (id: string): Shows<ActivityDetail> =>
  (data) =>
    linkedShows('activities', id, data?.activity);

export const taskShows =
  (id: string): Shows<TaskDetail> =>
  (data) =>
    linkedShows('tasks', id, data?.task);
