// Before `memberships` replaces a user's teams or territories: an id that no
// user holds and no record carries is most likely a typo (`--teams nrth`),
// and setting it took the user out of the real team, so every record of it
// was evicted from their devices. Such ids are refused unless --yes says the
// new team or territory is meant; the refusal says what would be dropped.
import type { OpenedOrganisation } from '../org/open';
import type { Memberships } from '../store/rows';
import { CliOptionError } from './options';

export interface WantedMemberships {
  readonly teamIds?: readonly string[];
  readonly territoryIds?: readonly string[];
}

/** The ids among `wanted` that no user holds and no live record carries (read in one transaction). */
async function unheldIds(org: OpenedOrganisation, wanted: WantedMemberships): Promise<{ teamIds: string[]; territoryIds: string[] }> {
  return org.store.read(async (tx) => {
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
  });
}

const quoted = (ids: readonly string[]): string => ids.map((id) => JSON.stringify(id)).join(', ');

/**
 * Refuses (a CliOptionError) a team or territory id no user holds and no record carries, unless `confirmed`
 * (--yes), naming those ids and the user's current ones the change would drop.
 */
export async function checkUnheldMemberships(org: OpenedOrganisation, userId: string, wanted: WantedMemberships, confirmed: boolean): Promise<void> {
  if (confirmed) return;
  const unheld = await unheldIds(org, wanted);
  if (unheld.teamIds.length === 0 && unheld.territoryIds.length === 0) return;
  const current = await org.store.read((tx) => tx.getMemberships(userId));
  const dropped = [
    ...current.teamIds.filter((id) => wanted.teamIds !== undefined && !wanted.teamIds.includes(id)).map((id) => `team ${JSON.stringify(id)}`),
    ...current.territoryIds.filter((id) => wanted.territoryIds !== undefined && !wanted.territoryIds.includes(id)).map((id) => `territory ${JSON.stringify(id)}`),
  ];
  const unknown = [
    ...(unheld.teamIds.length === 0 ? [] : [`team ${quoted(unheld.teamIds)}`]),
    ...(unheld.territoryIds.length === 0 ? [] : [`territory ${quoted(unheld.territoryIds)}`]),
  ].join(' and ');
  const drops = dropped.length === 0 ? '' : ` It would also take ${userId} out of ${dropped.join(', ')}, and their devices would drop those records.`;
  throw new CliOptionError(`No user and no record has ${unknown}: a typo, or a new one?${drops} Nothing changed; run again with --yes to set it anyway.`);
}
