// 0007: the search index merges its small segments two at a time.
// Every write transaction that changes search_fts leaves one small FTS5
// segment, and FTS5's own automatic merging only starts after about 64 leaf
// pages of writes, so a vault kept up to date by sync gathered a dozen
// segments between merges. A secure delete (every edit of a record's indexed
// text) looks each token up in every segment, and an incremental sync of 100
// edits into 20,000 contacts went from about 120 ms with 2 segments to 330 ms
// with 13. The index writer (src-main/services/search/search-index.ts) now
// ends each write with a bounded 'merge'; 'usermerge' 2 lets that merge start
// as soon as one level holds two segments, not FTS5's default four. The
// setting touches explicit merges only: the automatic merging of bulk writes
// (an initial sync, an import) and the 'optimize' after them are unchanged.
import type { Migration } from './migration';

export const migration0007SearchMerge: Migration = {
  version: 7,
  name: 'search-merge',
  async up(tx) {
    await tx.run("INSERT INTO search_fts (search_fts, rank) VALUES ('usermerge', 2)");
  },
};
