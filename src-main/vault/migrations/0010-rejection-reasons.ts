// 0010: an import's rejected rows keep their reasons as codes with parameters
// (src-shared/ipc/reasons.ts, a JSON array) beside the English message, so
// the import report can word them in the user's language. Rows recorded
// before keep NULL: the report shows their English message.
import type { Migration } from './migration';

export const migration0010RejectionReasons: Migration = {
  version: 10,
  name: 'rejection-reasons',
  async up(tx) {
    await tx.exec(`ALTER TABLE import_rejections ADD COLUMN reasons TEXT CHECK (reasons IS NULL OR json_valid(reasons));`);
  },
};
