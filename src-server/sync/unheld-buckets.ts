// Team and territory ids that no user holds and no live record carries. A
// change naming one is most likely a typo (`nrth` for `north`): setting it in
// place of the real id took a user, or a record, out of the real team, so
// devices evicted its records. The console's `memberships` refuses such ids
// unless --yes (cli/membership-check.ts); the admin routes refuse them when the
// change also takes a team or territory away, unless the request says
// `allowNewIds` (sync/admin.ts).
import type { Memberships } from '../store/rows';
import type { StoreReadTx } from '../store/store';

export interface WantedBuckets {
  readonly teamIds?: readonly string[];
  readonly territoryIds?: readonly string[];
}

/** The ids among `wanted` that no user holds and no live record carries, read in tx. */
export async function unheldBucketIds(tx: StoreReadTx, wanted: WantedBuckets): Promise<Memberships> {
  const held = await Promise.all((await tx.listUsers()).map((user) => tx.getMemberships(user.id)));
  const unheld = async (ids: readonly string[] | undefined, kind: keyof Memberships): Promise<string[]> => {
    const found: string[] = [];
    for (const id of ids ?? []) {
      if (held.some((memberships) => memberships[kind].includes(id))) continue;
      const buckets = { userIds: [], teamIds: kind === 'teamIds' ? [id] : [], territoryIds: kind === 'territoryIds' ? [id] : [] };
      if ((await tx.countRecords(buckets)) === 0) found.push(id);
    }
    return found;
  };
  return { teamIds: await unheld(wanted.teamIds, 'teamIds'), territoryIds: await unheld(wanted.territoryIds, 'territoryIds') };
}

const quoted = (ids: readonly string[]): string => ids.map((id) => JSON.stringify(id)).join(', ');

/** `team "a", "b" and territory "c"`, or null when there are none. */
export function describeUnheld(unheld: Memberships): string | null {
  const parts = [
    ...(unheld.teamIds.length === 0 ? [] : [`team ${quoted(unheld.teamIds)}`]),
    ...(unheld.territoryIds.length === 0 ? [] : [`territory ${quoted(unheld.territoryIds)}`]),
  ];
  return parts.length === 0 ? null : parts.join(' and ');
}
