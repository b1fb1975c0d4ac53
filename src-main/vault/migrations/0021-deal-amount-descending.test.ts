import { describe, expect, it } from 'vitest';
import { DealListQuery } from '../../../src-shared/domain/deal';
import { dealListRequest, dealTable } from '../../services/crm/deal.repo';
import { buildListQuery } from '../../services/crm/list-query';
import { migrate, schemaVersion } from '../migrate';
import { indexColumns, queryPlan, useFreshConnection } from '../fixtures/fresh-connection';

const meta = "'local-owner', 1, 'local-owner', 2, 'local-owner'";

describe('migration 0021-deal-amount-descending', () => {
  const vault = useFreshConnection('m0021');

  it('adds a live index in (currency, amount DESC, id DESC) order, which the descending amount sort walks with no sort step', async () => {
    await migrate(vault.connection, 20);
    await vault.connection.write(async (tx) => {
      for (const [index, [amount, currency]] of ([[2_128_000, 'JPY'], [1_960_000, 'EUR'], [2_190_000, 'USD'], [7_000_000, 'EUR']] as const).entries()) {
        await tx.run(
          `INSERT INTO deals (id, name, name_key, amount, currency, stage_id, probability, expected_close_date, owner_id, created_at, created_by, updated_at, updated_by)
           VALUES (?, 'Deal', 'deal', ?, ?, 'lead', 10, '2026-01-31', ${meta})`,
          [`0190a5d0-ac96-774b-bcce-00000000000${String(index)}`, amount, currency],
        );
      }
    });
    const { sql, params } = buildListQuery(dealTable, dealListRequest(DealListQuery.parse({ sort: { field: 'amount', direction: 'desc' } })));
    expect(await queryPlan(vault.connection, sql, params.map(String))).toMatch(/TEMP B-TREE/);

    await migrate(vault.connection, 21);
    expect(await vault.connection.read(schemaVersion)).toBe(21);
    expect(await indexColumns(vault.connection, 'deals_live_amount_desc')).toEqual(['currency', 'amount', 'id']);
    const plan = await queryPlan(vault.connection, sql, params.map(String));
    expect(plan).toMatch(/SCAN deals USING INDEX deals_live_amount_desc/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
    const rows = await vault.connection.read((tx) =>
      tx.all<{ currency: string; amount: number }>('SELECT currency, amount FROM deals INDEXED BY deals_live_amount_desc WHERE deleted_at IS NULL ORDER BY currency, amount DESC, id DESC'),
    );
    expect(rows).toEqual([
      { currency: 'EUR', amount: 7_000_000 },
      { currency: 'EUR', amount: 1_960_000 },
      { currency: 'JPY', amount: 2_128_000 },
      { currency: 'USD', amount: 2_190_000 },
    ]);
  });
});
