// The Owner filter's choices: the people who own the rows a list holds, named
// as this device can name them. The user of this device is "Me", the vault's
// owner from before enrolment is "This device's owner", anyone in the user
// directory the sync server sent (`session.user`'s people: the user's teams
// and territories) goes by their name, and anyone else by a short label made
// from their id, the same in every list and session.
import { localOwnerUserId, shortUserId } from '../../../src-shared/domain/ids';
import { i18n } from '../../app/i18n';
import type { Option } from './list-spec';

/** User id → display name, from the user directory; empty when the device knows no names. */
export type PeopleNames = ReadonlyMap<string, string>;

const noNames: PeopleNames = new Map();

/** The directory as a lookup (session.user's `people`). */
export function peopleNames(people: readonly { readonly userId: string; readonly displayName: string }[]): PeopleNames {
  return new Map(people.map((person) => [person.userId, person.displayName]));
}

/** Each name of the directory → the ids that go by it (worked out once per directory). */
const idsByName = new WeakMap<PeopleNames, ReadonlyMap<string, readonly string[]>>();

function idsNamed(names: PeopleNames, name: string): readonly string[] {
  let byName = idsByName.get(names);
  if (byName === undefined) {
    const built = new Map<string, string[]>();
    for (const [id, displayName] of names) built.set(displayName, [...(built.get(displayName) ?? []), id]);
    byName = built;
    idsByName.set(names, byName);
  }
  return byName.get(name) ?? [];
}

/**
 * How a record's owner reads; `me` is the user this device writes as (null
 * until known). Two people of the directory with the same name (other than
 * me, who reads "Me") each get the short label of their id too, the same in
 * the Owner filter, the Owner column and the detail pages.
 */
export function ownerLabel(id: string, me: string | null, names: PeopleNames = noNames): string {
  if (id === me) return i18n.t('owner.me');
  if (id === localOwnerUserId) return i18n.t('owner.local');
  const name = names.get(id);
  if (name === undefined) return i18n.t('owner.other', { id: shortUserId(id) });
  const shared = idsNamed(names, name).filter((other) => other !== me).length > 1;
  return shared ? i18n.t('owner.sameName', { name, id: shortUserId(id) }) : name;
}

/** One choice per owner: me first, then this device's owner from before enrolment, then the others by label. */
export function ownerOptions(ids: Iterable<string>, me: string | null, names: PeopleNames = noNames): Option[] {
  const rank = (id: string) => (id === me ? 0 : id === localOwnerUserId ? 1 : 2);
  return [...new Set(ids)]
    .map((id) => ({ value: id, label: ownerLabel(id, me, names) }))
    .sort((a, b) => rank(a.value) - rank(b.value) || a.label.localeCompare(b.label) || a.value.localeCompare(b.value));
}
