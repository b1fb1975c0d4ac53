// 0020: a saved view may be the default of its list (views.setDefault): the
// list opens on it. `made_default_at` is when it became so, null for other
// views. No unique index holds "one default per list and user": enrolment
// (sync/enrolment.ts) rewrites view owners in place and must not fail on two
// owners' defaults meeting; the service keeps one, and reads the newest.
import type { Migration } from './migration';

export const migration0020DefaultViews: Migration = {
  version: 20,
  name: 'default-views',
  async up(tx) {
    await tx.exec('ALTER TABLE saved_views ADD COLUMN made_default_at INTEGER;');
  },
};
