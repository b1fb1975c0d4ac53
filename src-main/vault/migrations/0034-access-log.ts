// 0034: the local access log, one row per access the product promises to
// record ("logs of who accessed what"). For now a reveal of a value the
// masking rule hides (services/access/access-log.ts). Rows hold the user's
// id, the time, the record's entity and id, the field's name and what was
// done, never a value. `seq` orders the rows whatever the clock did; the
// hash chain and its upload (ARCHITECTURE.md "Audit and monitoring") build
// on this table later.
import type { Migration } from './migration';

export const migration0034AccessLog: Migration = {
  version: 34,
  name: 'access-log',
  async up(tx) {
    await tx.exec(`CREATE TABLE access_log (
      seq       INTEGER PRIMARY KEY AUTOINCREMENT,
      at        INTEGER NOT NULL,
      user_id   TEXT NOT NULL,
      action    TEXT NOT NULL,
      entity    TEXT NOT NULL,
      record_id TEXT NOT NULL,
      field     TEXT NOT NULL
    ) STRICT;`);
  },
};
