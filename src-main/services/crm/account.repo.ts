// The accounts table: mapping, search text, sorts and filters.
import { Account, type AccountListQuery } from '../../../src-shared/domain/account';
import { nameSortKey } from '../../../src-shared/sort/name-sort-key';
import type { EntityTable } from './entity-table';
import { commonConditions, equals, timeSorts, listRequest, type Condition, type ListRequest, type SortKey } from './list-query';

export const accountTable: EntityTable<Account> = {
  entity: 'accounts',
  label: 'The account',
  fields: ['name', 'industry', 'website', 'address', 'territory', 'tags'],
  jsonFields: new Set(['address', 'tags']),
  schema: Account,
  searchTexts: (account) => [
    account.name,
    account.industry,
    account.website,
    account.territory,
    account.address.city,
    account.address.country,
    ...account.tags,
  ],
  sortKey: { column: 'name_key', field: 'name' },
};

/** `covers`: the filter columns each sort's index carries (migrations 0005 and 0006). By name is by its stored sort key (migration 0016). */
export const accountSorts: Record<AccountListQuery['sort']['field'], SortKey<Account>> = {
  name: { sql: ['name_key'], valuesOf: (account) => [nameSortKey(account.name)], covers: ['created_at', 'updated_at', 'tags'] },
  // (territory, name): one index serves this sort and the territory filter sorted by name.
  territory: { sql: ['territory', 'name_key'], valuesOf: (account) => [account.territory, nameSortKey(account.name)], covers: ['created_at', 'updated_at', 'tags'] },
  ...timeSorts<Account>(),
};

export function accountConditions(filter: AccountListQuery['filter']): Condition[] {
  return [...commonConditions('accounts', filter, 'accounts_live_id'), ...equals('territory', filter.territory), ...equals('industry', filter.industry)];
}

export function accountListRequest(query: AccountListQuery): ListRequest<Account> {
  return listRequest(query, accountSorts, accountConditions);
}
