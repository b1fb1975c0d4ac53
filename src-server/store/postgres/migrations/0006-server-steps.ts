// Migration 0006: one-time server steps (the embedded store's migration 7 does
// the same). A step that needs the keyring, such as placing tasks stored
// before a task's buckets followed its assignee (sync/stored-task-placement.ts),
// cannot be SQL here; `serve` runs it once and records its name, so the next
// start, and every other server on the database, skips it.
import type { PostgresMigration } from './migration';

export const migration0006: PostgresMigration = {
  version: 6,
  name: 'server steps',
  statements: [`CREATE TABLE server_steps (name text COLLATE "C" PRIMARY KEY, done_at bigint NOT NULL)`],
};
