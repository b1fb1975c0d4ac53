// 0023: contacts_live_territory holds only contacts in a territory again.
// 0006 made it partial on `deleted_at IS NULL AND account_territory IS NOT
// NULL`; 0016 rebuilt it on name_key with the shared live condition only, so
// every live contact without an account (or whose account is trashed) got an
// entry, and every edit of one rewrote that entry (the index holds
// updated_at): about 70 of ~540 WAL frames per 100-edit sync apply at 5,000
// contacts (bench/README.md, "Incremental sync slower between cc94c00 and
// 1228c3d"). No query needs those entries: the territory filter is
// `account_territory = ?`, which implies IS NOT NULL, so SQLite uses the
// partial index for it as before. Same columns as 0016's.
// Measured (scratch scripts, two cores under a load average of 11): 100,000
// contacts, a third in a territory, 0.6-0.9 s; a 100-edit sync apply into
// 5,000 contacts without accounts, index switched between the two forms each
// apply, median WAL frames 734 (0016's) and 654 (this). No progress is
// reported: a million contacts, by the same rate, 6-9 s, once, at the unlock.
import type { Migration } from './migration';

export const migration0023ContactsTerritoryPartial: Migration = {
  version: 23,
  name: 'contacts-territory-partial',
  async up(tx) {
    await tx.exec(`
      DROP INDEX contacts_live_territory;
      CREATE INDEX contacts_live_territory ON contacts (account_territory, name_key, id, created_at, updated_at, tags)
        WHERE deleted_at IS NULL AND account_territory IS NOT NULL;
    `);
  },
};
