// Migration 0004: what makes a pull's user directory version cheap (the
// embedded store's migration 5 does the same). `directory_generation` is one
// counter that every write changing a user directory moves in the same
// transaction (a user added or renamed, a membership changed), so a server
// process may keep each user's directory version until the counter it reads
// in a pull's snapshot moves; several processes sharing the database see the
// same counter. `memberships_by_bucket` finds the members of a team or
// territory: the primary key leads with the user, so the directory query's
// "everyone who shares my buckets" half read the whole table.
import type { PostgresMigration } from './migration';

export const migration0004: PostgresMigration = {
  version: 4,
  name: 'directory generation',
  statements: [
    `CREATE TABLE directory_generation (
       singleton smallint PRIMARY KEY DEFAULT 1 CHECK (singleton = 1),
       generation bigint NOT NULL)`,
    `INSERT INTO directory_generation (singleton, generation) VALUES (1, 0)`,
    `CREATE INDEX memberships_by_bucket ON memberships (kind, bucket_id, user_id)`,
  ],
};
