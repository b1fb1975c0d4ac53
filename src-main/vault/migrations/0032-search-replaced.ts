// 0032: the records whose search entry this device replaced (re-indexed with a
// changed text, or took out of the index while the record stayed: a trash).
// The earlier text's tokens left the FTS5 pages, but a page key made from one
// of them stays until the index is rewritten, and the record no longer holds
// that text, so no check of its current texts finds it. An eviction of such a
// record rewrites the index (services/search/search-index.ts, `rewriteIndex`,
// which empties this table: the rewrite leaves no old key); any other eviction
// only checks the keys against the texts the record holds. A row leaves with
// its record (removeFromIndex, from app/sync-record-hooks.ts beforeRemove).
//
// Backfill: which entries were replaced before this version is not known. A
// vault holding any record edited since it was created (a field version row
// other than '*', the test evictions used until now) gets one row ('*', '*')
// that marks every record (indexReplaced), not a row per record: a synced
// vault of a million contacts wrote a million marks, in a migration with no
// progress, for the first rewrite to clear them all.
import type { Migration } from './migration';

export const migration0032SearchReplaced: Migration = {
  version: 32,
  name: 'search-replaced',
  async up(tx) {
    await tx.exec(`CREATE TABLE search_replaced (
      entity    TEXT NOT NULL,
      record_id TEXT NOT NULL,
      PRIMARY KEY (entity, record_id)
    ) STRICT, WITHOUT ROWID;`);
    await tx.exec("INSERT INTO search_replaced (entity, record_id) SELECT '*', '*' WHERE EXISTS (SELECT 1 FROM field_versions WHERE field <> '*')");
  },
};
