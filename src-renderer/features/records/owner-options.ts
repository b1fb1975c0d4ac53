// The Owner filter's choices: the people who own the rows a list holds, named
// as this device can name them. The user of this device is "Me", the vault's
// owner from before enrolment is "This device's owner", anyone in the user
// directory the sync server sent (`session.user`'s people: the user's teams
// and territories) goes by their name, and anyone else by a short label made
// from their id, the same in every list and session.
import { localOwnerUserId } from '../../../src-shared/domain/ids';
import { i18n } from '../../app/i18n';
import type { Option } from './list-spec';

/** User id → display name, from the user directory; empty when the device knows no names. */
export type PeopleNames = ReadonlyMap<string, string>;

const noNames: PeopleNames = new Map();

/** The last six letters and digits of a user id: the random part of the server's ids (u-…) and of uuids alike. */
export function shortUserId(id: string): string {
  return id.replace(/[^0-9A-Za-z]/g, '').slice(-6);
}

/** The directory as a lookup (session.user's `people`). */
export function peopleNames(people: readonly { readonly userId: string; readonly displayName: string }[]): PeopleNames {
  return new Map(people.map((person) => [person.userId, person.displayName]));
}

/** How a record's owner reads; `me` is the user this device writes as (null until known). */
export function ownerLabel(id: string, me: string | null, names: PeopleNames = noNames): string {
  if (id === me) return i18n.t('owner.me');
  if (id === localOwnerUserId) return i18n.t('owner.local');
  const name = names.get(id);
  if (name !== undefined) return name;
  return i18n.t('owner.other', { id: shortUserId(id) });
}

/** One choice per owner: me first, then this device's owner from before enrolment, then the others by label. */
export function ownerOptions(ids: Iterable<string>, me: string | null, names: PeopleNames = noNames): Option[] {
  const rank = (id: string) => (id === me ? 0 : id === localOwnerUserId ? 1 : 2);
  const options = [...new Set(ids)].map((id) => ({ value: id, label: ownerLabel(id, me, names) }));
  // Two colleagues of the same name stay apart: each gets the short label of their id too.
  const counts = new Map<string, number>();
  for (const option of options) counts.set(option.label, (counts.get(option.label) ?? 0) + 1);
  return options
    .map((option) =>
      (counts.get(option.label) ?? 0) > 1 && names.has(option.value) ? { ...option, label: i18n.t('owner.sameName', { name: option.label, id: shortUserId(option.value) }) } : option,
    )
    .sort((a, b) => rank(a.value) - rank(b.value) || a.label.localeCompare(b.label) || a.value.localeCompare(b.value));
}
