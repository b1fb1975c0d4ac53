// 0018: the deal list sorted by amount groups the deals by currency, then
// orders each currency's deals by amount (deal.repo.ts, dealSorts). An
// amount is stored in its currency's minor units, so one order across
// currencies put ¥2,128,000 between €19,600 and $21,900: neither by value
// nor grouped. The live-row amount index becomes (currency, amount, id), so
// the sort still walks an index with no sort step, in both directions. A
// vault holds at most about 100,000 deals: the rebuild takes a moment, once.
import type { Migration } from './migration';

export const migration0018DealAmountByCurrency: Migration = {
  version: 18,
  name: 'deal-amount-by-currency',
  async up(tx) {
    await tx.exec(`
      DROP INDEX deals_live_amount;
      CREATE INDEX deals_live_amount ON deals (currency, amount, id) WHERE deleted_at IS NULL;
    `);
  },
};
