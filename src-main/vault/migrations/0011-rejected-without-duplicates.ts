// 0011: an import job's rejected_rows no longer counts the rows skipped as
// duplicates (duplicate_rows counts them), so imported + duplicates +
// rejected adds up to the rows read. Jobs recorded before counted each
// duplicate under both: take them out of rejected_rows, so their reports and
// a resumed job (which adds to the stored counts) add up too.
import type { Migration } from './migration';

export const migration0011RejectedWithoutDuplicates: Migration = {
  version: 11,
  name: 'rejected-without-duplicates',
  async up(tx) {
    await tx.exec(`UPDATE import_jobs SET rejected_rows = max(0, rejected_rows - duplicate_rows) WHERE duplicate_rows > 0;`);
  },
};
