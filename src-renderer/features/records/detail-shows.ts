// What each detail page shows, for useDetail to tell whether a sync changed
// it: the page's own record, the single related records it shows by id (an
// account, a contact, a deal, a deal's contacts), and its related lists (a
// contact's deals, activities and open tasks; an account's contacts too): the
// records of an entity linked to the page's record. A changed record concerns
// such a list when it is in it, or links to the page's record now (it may
// join); the sync event says what each record it names links to. Before the
// page has its data, any changed record of a listed entity counts.
import type { AccountDetail, ActivityDetail, ContactDetail, DealDetail, TaskDetail } from '../../../src-shared/domain/details';
import type { Shown, ShownList, ShownRecord } from '../../../src-shared/sync/changed-records';
import type { SyncedEntity } from '../../../src-shared/sync/protocol';
import type { Shows } from './useDetail';

function related(entity: SyncedEntity, record: { readonly id: string } | null | undefined): ShownRecord[] {
  return record === null || record === undefined ? [] : [{ entity, id: record.id }];
}

type Listed = Partial<Record<SyncedEntity, readonly { readonly id: string }[]>>;

/** The page of a record with related lists: `listed` (null before the data) holds each list's records. */
function withLists(records: readonly ShownRecord[], linkedTo: string, entities: readonly SyncedEntity[], listed: Listed | null): Shown {
  if (listed === null) return { records, entities };
  const lists: ShownList[] = entities.map((entity) => ({ entity, linkedTo, ids: (listed[entity] ?? []).map((record) => record.id) }));
  return { records, lists, entities: [] };
}

export const accountShows =
  (id: string): Shows<AccountDetail> =>
  (data) => withLists([{ entity: 'accounts', id }], id, ['contacts', 'deals', 'activities', 'tasks'], data);

export const contactShows =
  (id: string): Shows<ContactDetail> =>
  (data) => withLists([{ entity: 'contacts', id }, ...related('accounts', data?.account)], id, ['deals', 'activities', 'tasks'], data);

/** A deal's contacts are the ones it names (a contact it names that is in the trash or not yet here may appear). */
export const dealShows =
  (id: string): Shows<DealDetail> =>
  (data) =>
    data === null
      ? { records: [{ entity: 'deals', id }], entities: ['contacts', 'activities', 'tasks'] }
      : withLists(
          [{ entity: 'deals', id }, ...related('accounts', data.account), ...data.deal.contactIds.map((contact) => ({ entity: 'contacts' as const, id: contact }))],
          id,
          ['activities', 'tasks'],
          data,
        );

/** An activity or a task: the record and the contact, account and deal it is linked to. */
function linkedShows(entity: 'activities' | 'tasks', id: string) {
  return (data: { readonly contact: { readonly id: string } | null; readonly account: { readonly id: string } | null; readonly deal: { readonly id: string } | null } | null) => ({
    records: [{ entity, id }, ...related('contacts', data?.contact), ...related('accounts', data?.account), ...related('deals', data?.deal)],
    entities: [],
  });
}

export const activityShows = (id: string): Shows<ActivityDetail> => linkedShows('activities', id);

export const taskShows = (id: string): Shows<TaskDetail> => linkedShows('tasks', id);
