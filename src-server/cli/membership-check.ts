// Before `memberships` replaces a user's teams or territories: an id that no
// user holds and no record carries is most likely a typo (`--teams nrth`),
// and setting it took the user out of the real team, so every record of it
// was evicted from their devices. Such ids are refused unless --yes says the
// new team or territory is meant; the refusal says what would be dropped.
// (The change itself checks again in its transaction: sync/unheld-buckets.ts.)
import type { OpenedOrganisation } from '../org/open';
import { describeUnheld, unheldBucketIds, type WantedBuckets } from '../sync/unheld-buckets';
import { CliOptionError } from './options';

export type WantedMemberships = WantedBuckets;

/**
 * Refuses (a CliOptionError) a team or territory id no user holds and no record carries, unless `confirmed`
 * (--yes), naming those ids and the user's current ones the change would drop.
 */
export async function checkUnheldMemberships(org: OpenedOrganisation, userId: string, wanted: WantedMemberships, confirmed: boolean): Promise<void> {
  if (confirmed) return;
  const unknown = describeUnheld(await org.store.read((tx) => unheldBucketIds(tx, wanted)));
  if (unknown === null) return;
  const current = await org.store.read((tx) => tx.getMemberships(userId));
  const dropped = [
    ...current.teamIds.filter((id) => wanted.teamIds !== undefined && !wanted.teamIds.includes(id)).map((id) => `team ${JSON.stringify(id)}`),
    ...current.territoryIds.filter((id) => wanted.territoryIds !== undefined && !wanted.territoryIds.includes(id)).map((id) => `territory ${JSON.stringify(id)}`),
  ];
  const drops = dropped.length === 0 ? '' : ` It would also take ${userId} out of ${dropped.join(', ')}, and their devices would drop those records.`;
  throw new CliOptionError(`No user and no record has ${unknown}: a typo, or a new one?${drops} Nothing changed; run again with --yes to set it anyway.`);
}
