// The deals table: mapping, search text, sorts and filters, and the derived
// deal_contacts table that makes "deals of a contact" an index lookup.
import { Deal, type DealListQuery } from '../../../src-shared/domain/deal';
import type { WriteTx } from '../../vault/connection';
import type { EntityTable } from './entity-table';
import { commonConditions, equals, inTerritory, oneOf, timeSorts, within, listRequest, type Condition, type ListRequest, type SortKey } from './list-query';

export const dealTable: EntityTable<Deal> = {
  entity: 'deals',
  label: 'The deal',
  fields: ['name', 'accountId', 'contactIds', 'amount', 'currency', 'stageId', 'probability', 'expectedCloseDate', 'lostReason', 'tags'],
  jsonFields: new Set(['contactIds', 'tags']),
  schema: Deal,
  searchTexts: (deal) => [deal.name, ...deal.tags],
};

export const dealSorts: Record<DealListQuery['sort']['field'], SortKey<Deal>> = {
  name: { sql: ['name'], valuesOf: (deal) => [deal.name] },
  amount: { sql: ['amount'], valuesOf: (deal) => [deal.amount] },
  expectedCloseDate: { sql: ['expected_close_date'], valuesOf: (deal) => [deal.expectedCloseDate] },
  ...timeSorts<Deal>(),
};

export function dealConditions(filter: DealListQuery['filter']): Condition[] {
  return [
    ...commonConditions('deals', filter),
    ...oneOf('stage_id', filter.stageIds),
    ...equals('account_id', filter.accountId),
    ...(filter.contactId === undefined
      ? []
      : [{ sql: 'id IN (SELECT deal_id FROM deal_contacts WHERE contact_id = ?)', params: [filter.contactId] }]),
    ...inTerritory('account_id', filter.territory, 'deals'),
    ...within('expected_close_date', filter.expectedCloseDate),
    ...equals('currency', filter.currency),
  ];
}

/** Keeps deal_contacts equal to the deal's contactIds. */
export async function writeDealContacts(tx: WriteTx, deal: Deal): Promise<void> {
  await tx.run('DELETE FROM deal_contacts WHERE deal_id = ?', [deal.id]);
  for (const contactId of deal.contactIds) {
    await tx.run('INSERT OR IGNORE INTO deal_contacts (deal_id, contact_id) VALUES (?, ?)', [deal.id, contactId]);
  }
}

export function dealListRequest(query: DealListQuery): ListRequest<Deal> {
  return listRequest(query, dealSorts, dealConditions);
}
