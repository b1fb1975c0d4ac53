// Migration 0003: a device's kept rejections are keyed by (device, seq,
// code), not (device, seq) (the embedded store's migration 4 does the same).
// One operation can be refused twice (a field this server does not know, and
// another that lost on HLC); the second row broke the push's transaction, so
// the device resent the push forever. One push makes at most one rejection
// of each code per operation.
import type { PostgresMigration } from './migration';

export const migration0003: PostgresMigration = {
  version: 3,
  name: 'rejections by code',
  statements: [`ALTER TABLE device_rejections DROP CONSTRAINT device_rejections_pkey, ADD PRIMARY KEY (device_id, seq, code)`],
};
