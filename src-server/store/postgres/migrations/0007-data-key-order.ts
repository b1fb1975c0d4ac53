// Migration 0007: data keys in the order they were added, a sequence
// assigned on insert. Key rotation worked out which key replaced which from
// created_at, the clock of whichever process added the key: with two clocks
// that disagree a retired key was kept for ever, or a key still sealing in a
// serving process was deleted before its grace (crypto/rotation.ts; the
// embedded store's migration 8 does the same). Keys from before are
// numbered by creation, the active key last: it is the newest.
import type { PostgresMigration } from './migration';

export const migration0007: PostgresMigration = {
  version: 7,
  name: 'data key order',
  statements: [
    `ALTER TABLE data_keys ADD COLUMN seq bigint`,
    `UPDATE data_keys SET seq = ordered.n
       FROM (SELECT id, row_number() OVER (ORDER BY active, created_at, id) AS n FROM data_keys) AS ordered
      WHERE data_keys.id = ordered.id`,
    `ALTER TABLE data_keys ALTER COLUMN seq SET NOT NULL`,
    `CREATE UNIQUE INDEX data_keys_by_seq ON data_keys (seq)`,
  ],
};
