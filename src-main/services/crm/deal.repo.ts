// The deals table: mapping, search text, sorts and filters, and the derived
// deal_contacts table that makes "deals of a contact" an index lookup.
import { Deal, type DealListQuery } from '../../../src-shared/domain/deal';
import type { StageKind } from '../../../src-shared/domain/pipeline';
import type { WriteTx } from '../../vault/connection';
import { nameSortKey } from '../../../src-shared/sort/name-sort-key';
import type { EntityTable } from './entity-table';
import { commonConditions, equals, inTerritory, oneOf, timeSorts, within, listRequest, type Condition, type ListRequest, type SortKey } from './list-query';

export const dealTable: EntityTable<Deal> = {
  entity: 'deals',
  label: 'The deal',
  fields: ['name', 'accountId', 'contactIds', 'amount', 'currency', 'stageId', 'probability', 'expectedCloseDate', 'lostReason', 'tags'],
  jsonFields: new Set(['contactIds', 'tags']),
  schema: Deal,
  searchTexts: (deal) => [deal.name, ...deal.tags],
  sortKey: { column: 'name_key', field: 'name' },
};

export const dealSorts: Record<DealListQuery['sort']['field'], SortKey<Deal>> = {
  name: { sql: ['name_key'], valuesOf: (deal) => [nameSortKey(deal.name)] },
  // Amounts are minor units of their own currency: grouped by currency, in code order both ways, then by amount
  // (migration 0018's index ascending, 0021's descending: largest first within each currency).
  amount: { sql: ['currency', 'amount'], valuesOf: (deal) => [deal.currency, deal.amount], groupsAscending: true },
  expectedCloseDate: { sql: ['expected_close_date'], valuesOf: (deal) => [deal.expectedCloseDate] },
  ...timeSorts<Deal>(),
};

/**
 * The stage ids live deals hold that the pipeline no longer has: a stage
 * removed here while a teammate's deal synced in still in it. The board shows
 * such a deal in a column of its own and the forecast counts it as open, so
 * "Open deals" (its count and export too) lists it. The ids are found by
 * stepping through deals_live_stage one distinct stage at a time, a seek each,
 * so the filter still drives from that index instead of testing every deal.
 */
const removedStagesCte =
  'WITH RECURSIVE held(id) AS (SELECT (SELECT min(stage_id) FROM deals WHERE deleted_at IS NULL)' +
  ' UNION ALL SELECT (SELECT min(stage_id) FROM deals WHERE deleted_at IS NULL AND stage_id > held.id) FROM held WHERE held.id IS NOT NULL) ';
const removedStages = ' UNION ALL SELECT id FROM held WHERE id IS NOT NULL AND id NOT IN (SELECT id FROM pipeline_stages)';

/**
 * Deals in a stage of one of these kinds, as pipeline_stages says now (a
 * stage whose kind changes moves its deals in or out at once; the pipeline
 * has at most 30 stages), and for 'open' also in a stage it no longer has
 * (removedStagesCte). Few deals of the kinds (the open pipeline of a
 * vault of mostly old won and lost deals) drive from deals_live_stage
 * (stage_id, expected_close_date, id) and are sorted on its entries; many
 * walk the sort index and test each entry's row, reading about page ÷ share
 * rows ("Open deals" by close date: deals_live_close, no sort step).
 */
export function inStageKinds(kinds: readonly StageKind[] | undefined): Condition[] {
  if (kinds === undefined || kinds.length === 0) return [];
  const known = `SELECT id FROM pipeline_stages WHERE kind IN (${kinds.map(() => '?').join(', ')})`;
  const stages = kinds.includes('open') ? `${removedStagesCte}${known}${removedStages}` : known;
  return [
    {
      sql: `stage_id IN (${stages})`,
      params: kinds,
      broad: {
        probeSql: `SELECT 1 FROM deals WHERE deleted_at IS NULL AND stage_id IN (${stages})`,
        sql: `+stage_id IN (${stages})`,
        column: 'stage_id',
        narrowFactor: 0.15,
      },
    },
  ];
}

export function dealConditions(filter: DealListQuery['filter']): Condition[] {
  return [
    ...commonConditions('deals', filter),
    ...oneOf('stage_id', filter.stageIds),
    ...inStageKinds(filter.stageKinds),
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
