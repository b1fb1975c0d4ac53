// 0021: the deal list sorted by amount, descending, keeps the currencies in
// code order (as ascending does) and puts each currency's largest amounts
// first (deal.repo.ts, dealSorts). That order is (currency ASC, amount DESC,
// id DESC), which no walk of deals_live_amount (currency, amount, id) gives
// without a sort step over a whole currency: this index is that order, so
// the descending sort walks it forward and its pages seek in it
// (list-query.ts, groupsAscending).
import type { Migration } from './migration';

export const migration0021DealAmountDescending: Migration = {
  version: 21,
  name: 'deal-amount-descending',
  async up(tx) {
    await tx.exec('CREATE INDEX deals_live_amount_desc ON deals (currency, amount DESC, id DESC) WHERE deleted_at IS NULL;');
  },
};
