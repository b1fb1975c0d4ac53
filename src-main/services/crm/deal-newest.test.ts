// The newest live deal of an account, of an owner and of the vault: the read
// the "New deal" dialog takes its currency from (features/deals/
// deal-currency.ts: deals.list sorted by createdAt descending, one row), on
// a real vault. Each is a seek in an index in creation order (migration
// 0029 for the owner's and the account's), with no sort step, and a deal in
// the trash is not the newest.
import type { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountDraft } from '../../../src-shared/domain/account';
import { DealDraft, DealListQuery } from '../../../src-shared/domain/deal';
import { createAccount } from './account.service';
import { dealListRequest, dealTable } from './deal.repo';
import { createDeal, deleteDeal, listDeals } from './deal.service';
import { CrmTestVault } from './testing/crm-test-vault';

describe('the newest deal of an account, an owner, the vault (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const newestQuery = (filter: z.input<typeof DealListQuery>['filter']) => DealListQuery.parse({ filter, sort: { field: 'createdAt', direction: 'desc' }, limit: 1 });
  const newestCurrency = async (filter: z.input<typeof DealListQuery>['filter']) => (await db.read((tx) => listDeals(tx, newestQuery(filter)))).items[0]?.currency;

  it('reads each from an index in creation order, skipping the trash', async () => {
    const harbour = (await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name: 'Harbour Ltd' }), now))).id;
    const addDeal = (currency: string, more: object = {}) =>
      db.write((tx, now) => createDeal(tx, DealDraft.parse({ name: 'Cranes', stageId: 'lead', currency, expectedCloseDate: '2026-05-01', ...more }), now));
    await addDeal('EUR', { accountId: harbour });
    await addDeal('GBP', { accountId: harbour });
    const mine = await addDeal('JPY');
    const teammates = await addDeal('CHF', { ownerId: 'teammate-1' });
    expect(await newestCurrency({ accountId: harbour })).toBe('GBP');
    expect(await newestCurrency({ ownerId: mine.ownerId })).toBe('JPY');
    expect(await newestCurrency({ ownerId: 'teammate-1' })).toBe('CHF');
    expect(await newestCurrency({})).toBe('CHF');

    await db.write((tx, now) => deleteDeal(tx, teammates.id, now));
    expect(await newestCurrency({ ownerId: 'teammate-1' })).toBeUndefined();
    expect(await newestCurrency({})).toBe('JPY');

    for (const filter of [{ accountId: harbour }, { ownerId: 'teammate-1' }, {}]) {
      const { narrow } = await db.listPlans(dealTable, dealListRequest(newestQuery(filter)));
      expect(narrow, JSON.stringify(filter)).toMatch(/^(SCAN|SEARCH) deals USING INDEX deals_live_(account_created|owner_created|created)\b/);
      expect(narrow, JSON.stringify(filter)).not.toMatch(/TEMP B-TREE/);
    }
  });
});
