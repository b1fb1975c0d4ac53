// The Owner filter's choices: the people who own the rows a list holds, named
// as this device can name them. It knows no one's name (enrolment and sync
// carry user ids only), so the user of this device is "Me", the vault's owner
// from before enrolment is "This device's owner", and anyone else gets a short
// label made from their id, the same in every list and session.
import { localOwnerUserId } from '../../../src-shared/domain/ids';
import { i18n } from '../../app/i18n';
import type { Option } from './list-spec';

/** The last six letters and digits of a user id: the random part of the server's ids (u-…) and of uuids alike. */
export function shortUserId(id: string): string {
  return id.replace(/[^0-9A-Za-z]/g, '').slice(-6);
}

/** How a record's owner reads; `me` is the user this device writes as (null until known). */
export function ownerLabel(id: string, me: string | null): string {
  if (id === me) return i18n.t('owner.me');
  if (id === localOwnerUserId) return i18n.t('owner.local');
  return i18n.t('owner.other', { id: shortUserId(id) });
}

/** One choice per owner: me first, then this device's owner from before enrolment, then the others by label. */
export function ownerOptions(ids: Iterable<string>, me: string | null): Option[] {
  const rank = (id: string) => (id === me ? 0 : id === localOwnerUserId ? 1 : 2);
  return [...new Set(ids)]
    .map((id) => ({ value: id, label: ownerLabel(id, me) }))
    .sort((a, b) => rank(a.value) - rank(b.value) || a.label.localeCompare(b.label) || a.value.localeCompare(b.value));
}
