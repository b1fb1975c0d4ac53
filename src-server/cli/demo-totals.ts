// What `seed-demo` reports as the demo organisation's contents: the live
// records the demo user owns, counted in the store. It used to print the
// counts its --contacts option would make, so a store seeded with 3,000
// contacts and asked again for 40 said "already seeded (40 contacts …)".
import { type RecordKey, type SyncedEntity } from '../../src-shared/sync/protocol';
import type { Buckets } from '../store/rows';
import type { Store } from '../store/store';

/** Records per read: a snapshot's page size, so 100,000 contacts stay a few hundred short reads. */
const pageSize = 1000;

/** Live records owned by the user, per entity (one snapshot per page: a seed running beside it may be counted in part). */
export async function ownedRecordTotals(store: Store, userId: string): Promise<Record<SyncedEntity, number>> {
  const totals: Record<SyncedEntity, number> = { accounts: 0, contacts: 0, deals: 0, activities: 0, tasks: 0 };
  const owned: Buckets = { userIds: [userId], teamIds: [], territoryIds: [] };
  let after: RecordKey | null = null;
  for (;;) {
    const page = await store.read((tx) => tx.listRecordPage(owned, null, after, pageSize));
    for (const row of page) totals[row.entity] += 1;
    const last = page.at(-1);
    if (last === undefined || page.length < pageSize) return totals;
    after = { entity: last.entity, recordId: last.recordId };
  }
}
