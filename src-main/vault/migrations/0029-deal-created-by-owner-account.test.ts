import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { DealListQuery } from '../../../src-shared/domain/deal';
import { dealListRequest, dealTable } from '../../services/crm/deal.repo';
import { buildListQuery } from '../../services/crm/list-query';
import { migrate, schemaVersion } from '../migrate';
import { indexColumns, queryPlan, useFreshConnection } from '../fixtures/fresh-connection';

const account = '0190a5d0-ac96-774b-bcce-0000000000aa';

/** The "New deal" dialog's read (deal-currency.ts): the newest live deal among `filter`. */
function newestDealQuery(filter: z.input<typeof DealListQuery>['filter']): { sql: string; params: string[] } {
  const { sql, params } = buildListQuery(dealTable, dealListRequest(DealListQuery.parse({ filter, sort: { field: 'createdAt', direction: 'desc' }, limit: 1 })));
  return { sql, params: params.map(String) };
}

describe('migration 0029-deal-created-by-owner-account', () => {
  const vault = useFreshConnection('m0029');

  it('adds live indexes in (owner, created) and (account, created) order, which the newest-deal reads seek with no sort step', async () => {
    await migrate(vault.connection, 28);
    await vault.connection.write(async (tx) => {
      for (const [index, [owner, createdAt]] of ([['rep-1', 30], ['rep-2', 50], ['rep-1', 40], ['rep-1', 10]] as const).entries()) {
        await tx.run(
          `INSERT INTO deals (id, name, name_key, account_id, amount, currency, stage_id, probability, expected_close_date, owner_id, created_at, created_by, updated_at, updated_by)
           VALUES (?, 'Deal', 'deal', ?, 0, 'EUR', 'lead', 10, '2026-01-31', ?, ?, ?, ?, ?)`,
          [`0190a5d0-ac96-774b-bcce-00000000000${String(index)}`, index === 1 ? null : account, owner, createdAt, owner, createdAt, owner],
        );
      }
    });
    const ofOwner = newestDealQuery({ ownerId: 'rep-1' });
    const ofAccount = newestDealQuery({ accountId: account });
    expect(await queryPlan(vault.connection, ofOwner.sql, ofOwner.params)).toMatch(/USE TEMP B-TREE FOR ORDER BY/);
    expect(await queryPlan(vault.connection, ofAccount.sql, ofAccount.params)).toMatch(/USE TEMP B-TREE FOR ORDER BY/);

    await migrate(vault.connection, 29);
    expect(await vault.connection.read(schemaVersion)).toBe(29);
    expect(await indexColumns(vault.connection, 'deals_live_owner_created')).toEqual(['owner_id', 'created_at', 'id']);
    expect(await indexColumns(vault.connection, 'deals_live_account_created')).toEqual(['account_id', 'created_at', 'id']);
    const ownerPlan = await queryPlan(vault.connection, ofOwner.sql, ofOwner.params);
    expect(ownerPlan).toMatch(/SEARCH deals USING INDEX deals_live_owner_created \(owner_id=\?\)/);
    expect(ownerPlan).not.toMatch(/TEMP B-TREE/);
    const accountPlan = await queryPlan(vault.connection, ofAccount.sql, ofAccount.params);
    expect(accountPlan).toMatch(/SEARCH deals USING INDEX deals_live_account_created \(account_id=\?\)/);
    expect(accountPlan).not.toMatch(/TEMP B-TREE/);
    const newest = (query: { sql: string; params: string[] }) => vault.connection.read(async (tx) => (await tx.all<{ created_at: number }>(query.sql, query.params)).map((row) => row.created_at));
    expect(await newest(ofOwner)).toEqual([40, 30]);
    expect(await newest(ofAccount)).toEqual([40, 30]);
  });
});
