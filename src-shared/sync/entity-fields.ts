// The fields that sync, per entity: exactly the keys of each entity's
// sensitivity map in src-shared/domain (every field but the id, record
// metadata included), so a field the CRM adds starts syncing with its
// sensitivity class and an unknown name is refused by the server. The
// server also needs the sensitivity to decide which fields it indexes
// (blind index) and, once roles land, which it may send.
import { accountSensitivity } from '../domain/account';
import { activitySensitivity } from '../domain/activity';
import type { Sensitivity } from '../domain/common';
import { contactSensitivity } from '../domain/contact';
import { dealSensitivity } from '../domain/deal';
import { taskSensitivity } from '../domain/task';
import { syncedEntities, type SyncedEntity } from './protocol';

export const entityFieldSensitivity: Readonly<Record<SyncedEntity, Readonly<Record<string, Sensitivity>>>> = {
  accounts: accountSensitivity,
  contacts: contactSensitivity,
  deals: dealSensitivity,
  activities: activitySensitivity,
  tasks: taskSensitivity,
};

const fieldSets = new Map<SyncedEntity, ReadonlySet<string>>(
  syncedEntities.map((entity) => [entity, new Set(Object.keys(entityFieldSensitivity[entity]))]),
);

/** The syncable field names of an entity. */
export function syncedFieldsOf(entity: SyncedEntity): ReadonlySet<string> {
  return fieldSets.get(entity) ?? new Set();
}

export function isSyncedField(entity: SyncedEntity, field: string): boolean {
  return syncedFieldsOf(entity).has(field);
}

/**
 * Fields the server keeps a keyed blind index for, so that a data-subject
 * request can find a person's records by exact email without decrypting
 * every value. Nothing else is indexed: each index is a (small) leak.
 */
export const blindIndexedFields: Readonly<Partial<Record<SyncedEntity, readonly string[]>>> = {
  contacts: ['emails'],
};
