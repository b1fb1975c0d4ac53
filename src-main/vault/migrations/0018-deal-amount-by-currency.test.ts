import { describe, expect, it } from 'vitest';
import { DealListQuery } from '../../../src-shared/domain/deal';
import { dealListRequest, dealTable } from '../../services/crm/deal.repo';
import { buildListQuery } from '../../services/crm/list-query';
import { migrate, schemaVersion } from '../migrate';
import { indexColumns, queryPlan, useFreshConnection } from '../fixtures/fresh-connection';

const meta = "'local-owner', 1, 'local-owner', 2, 'local-owner'";

describe('migration 0018-deal-amount-by-currency', () => {
  const vault = useFreshConnection('m0018');

  it('rebuilds the live amount index on currency, amount and id, which the ascending amount sort walks with no sort step', async () => {
    await migrate(vault.connection, 17);
    await vault.connection.write(async (tx) => {
      for (const [index, [amount, currency]] of ([[2_128_000, 'JPY'], [1_960_000, 'EUR'], [2_190_000, 'USD']] as const).entries()) {
        await tx.run(
          `INSERT INTO deals (id, name, name_key, amount, currency, stage_id, probability, expected_close_date, owner_id, created_at, created_by, updated_at, updated_by)
           VALUES (?, 'Deal', 'deal', ?, ?, 'lead', 10, '2026-01-31', ${meta})`,
          [`0190a5d0-ac96-774b-bcce-00000000000${String(index)}`, amount, currency],
        );
      }
    });
    expect(await indexColumns(vault.connection, 'deals_live_amount')).toEqual(['amount', 'id']);

    await migrate(vault.connection, 18);
    expect(await vault.connection.read(schemaVersion)).toBe(18);
    expect(await indexColumns(vault.connection, 'deals_live_amount')).toEqual(['currency', 'amount', 'id']);
    // Ascending walks it; descending keeps the currencies ascending since 0021, which adds that walk's index.
    const { sql, params } = buildListQuery(dealTable, dealListRequest(DealListQuery.parse({ sort: { field: 'amount', direction: 'asc' } })));
    const plan = await queryPlan(vault.connection, sql, params.map(String));
    expect(plan).toMatch(/SCAN deals USING INDEX deals_live_amount/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
    const rows = await vault.connection.read((tx) => tx.all<{ currency: string }>('SELECT currency FROM deals INDEXED BY deals_live_amount WHERE deleted_at IS NULL ORDER BY currency, amount, id'));
    expect(rows.map((row) => row.currency)).toEqual(['EUR', 'JPY', 'USD']);
  });
});
