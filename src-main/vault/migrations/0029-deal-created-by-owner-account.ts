// 0029: the newest live deals of one owner, or of one account, read from an
// index in creation order. The "New deal" dialog takes its currency from the
// account's most recently created deal, else the user's own
// (features/deals/deal-currency.ts: deals.list filtered by accountId or
// ownerId, sorted by createdAt descending, one row). deals_live_owner and
// deals_live_account are ordered by close date, so each of those reads
// sorted all of the owner's or the account's deals in a temp B-tree to keep
// one (a rep owning 10,000 of 20,000 deals: about 5 ms a read, growing with
// the vault; with these, a seek, about 0.2 ms). The order stays created_at's,
// not the ids' (UUIDv7, also time-ordered): a deal's id is made from the
// same clock reading as its created_at, but created_at is what the list's
// createdAt sort and its cursor mean, and it is the order deals_live_created
// already gives the vault-wide read.
import type { Migration } from './migration';

export const migration0029DealCreatedByOwnerAccount: Migration = {
  version: 29,
  name: 'deal-created-by-owner-account',
  async up(tx) {
    await tx.exec(`
      CREATE INDEX deals_live_owner_created ON deals (owner_id, created_at, id) WHERE deleted_at IS NULL;
      CREATE INDEX deals_live_account_created ON deals (account_id, created_at, id) WHERE deleted_at IS NULL;
    `);
  },
};
