// The contacts table: mapping, search text, sorts and filters. Notes are
// 'sensitive' and stay out of the search index (a search hit would reveal
// what masking hides).
import { Contact, type ContactListQuery } from '../../../src-shared/domain/contact';
import { nameSortKey } from '../../../src-shared/sort/name-sort-key';
import type { EntityTable } from './entity-table';
import { commonConditions, equals, inContactTerritory, timeSorts, listRequest, type Condition, type ListRequest, type SortKey } from './list-query';

export const contactTable: EntityTable<Contact> = {
  entity: 'contacts',
  label: 'The contact',
  fields: ['name', 'title', 'accountId', 'emails', 'phones', 'address', 'preferredChannel', 'tags', 'notes'],
  jsonFields: new Set(['emails', 'phones', 'address', 'tags']),
  schema: Contact,
  searchTexts: (contact) => [
    contact.name,
    contact.title,
    ...contact.emails,
    ...contact.phones,
    contact.address.city,
    contact.address.country,
    ...contact.tags,
  ],
  sortKey: { column: 'name_key', field: 'name' },
};

const times = timeSorts<Contact>();

/** `covers`: the filter columns each sort's index carries (migrations 0005 and 0006). By name is by its stored sort key (migration 0016). */
export const contactSorts: Record<ContactListQuery['sort']['field'], SortKey<Contact>> = {
  name: { sql: ['name_key'], valuesOf: (contact) => [nameSortKey(contact.name)], covers: ['account_id', 'created_at', 'updated_at', 'tags'] },
  createdAt: times.createdAt,
  updatedAt: { ...times.updatedAt, covers: ['account_id', 'tags', 'account_territory'] },
};

export function contactConditions(filter: ContactListQuery['filter']): Condition[] {
  return [
    ...commonConditions('contacts', filter, 'contacts_live_id'),
    ...equals('account_id', filter.accountId),
    ...inContactTerritory(filter.territory),
  ];
}

export function contactListRequest(query: ContactListQuery): ListRequest<Contact> {
  return listRequest(query, contactSorts, contactConditions);
}
