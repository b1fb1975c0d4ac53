// What each detail page shows, for useDetail to tell whether a sync changed
// it: the page's own record, the single related records it shows by id (an
// account, a contact, a deal), and the entities it lists related records of
// (any changed record of those may join or leave a list, so any counts).
import type { AccountDetail, ActivityDetail, ContactDetail, DealDetail, TaskDetail } from '../../../src-shared/domain/details';
import type { ShownRecord } from '../../../src-shared/sync/changed-records';
import type { SyncedEntity } from '../../../src-shared/sync/protocol';
import type { Shows } from './useDetail';

function related(entity: SyncedEntity, record: { readonly id: string } | null | undefined): ShownRecord[] {
  return record === null || record === undefined ? [] : [{ entity, id: record.id }];
}

export const accountShows =
  (id: string): Shows<AccountDetail> =>
  () => ({ records: [{ entity: 'accounts', id }], entities: ['contacts', 'deals', 'activities', 'tasks'] });

export const contactShows =
  (id: string): Shows<ContactDetail> =>
  (data) => ({ records: [{ entity: 'contacts', id }, ...related('accounts', data?.account)], entities: ['deals', 'activities', 'tasks'] });

export const dealShows =
  (id: string): Shows<DealDetail> =>
  (data) => ({ records: [{ entity: 'deals', id }, ...related('accounts', data?.account)], entities: ['contacts', 'activities', 'tasks'] });

/** An activity or a task: the record and the contact, account and deal it is linked to. */
function linkedShows(entity: 'activities' | 'tasks', id: string) {
  return (data: { readonly contact: { readonly id: string } | null; readonly account: { readonly id: string } | null; readonly deal: { readonly id: string } | null } | null) => ({
    records: [{ entity, id }, ...related('contacts', data?.contact), ...related('accounts', data?.account), ...related('deals', data?.deal)],
    entities: [],
  });
}

export const activityShows = (id: string): Shows<ActivityDetail> => linkedShows('activities', id);

export const taskShows = (id: string): Shows<TaskDetail> => linkedShows('tasks', id);
