// 0004: what the sync engine keeps besides the 0002 sync metadata.
//   sync_enrolment     the one sync server this vault is enrolled with: its
//                      address, the organisation CA the device pins, the
//                      server-assigned device id and the bearer token. Held
//                      only here, inside the encrypted vault; never sent to
//                      the renderer.
//   sync_parked        remote field values this version cannot store yet (a
//                      newer server schema names a column this vault lacks),
//                      or values of a record that arrived incomplete; applied
//                      once a migration adds the column or the record fills in.
//   sync_pending_acks  records purged by an erasure whose purge the server has
//                      not yet been told about (sent after the WAL checkpoint).
//   conflicts.reason   why a conflict was recorded: a concurrent edit, or the
//                      server's reason for rejecting an operation.
import type { Migration } from './migration';

export const migration0004Sync: Migration = {
  version: 4,
  name: 'sync',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE sync_enrolment (
        id                INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
        server_url        TEXT    NOT NULL,
        ca_pem            TEXT    NOT NULL,
        device_id         TEXT    NOT NULL,
        device_token      TEXT    NOT NULL,
        user_id           TEXT    NOT NULL,
        organisation_id   TEXT    NOT NULL,
        organisation_name TEXT    NOT NULL,
        enrolled_at       INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE sync_parked (
        entity     TEXT    NOT NULL,
        record_id  TEXT    NOT NULL,
        field      TEXT    NOT NULL,
        value      TEXT    NOT NULL CHECK (json_valid(value)),
        hlc        TEXT    NOT NULL,
        commit_seq INTEGER NOT NULL,
        PRIMARY KEY (entity, record_id, field)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE sync_pending_acks (
        entity    TEXT NOT NULL,
        record_id TEXT NOT NULL,
        PRIMARY KEY (entity, record_id)
      ) STRICT, WITHOUT ROWID;

      ALTER TABLE conflicts ADD COLUMN reason TEXT NOT NULL DEFAULT 'concurrent'
        CHECK (reason IN ('concurrent', 'invalid', 'forbidden', 'conflict', 'unknown_field', 'erased'));
    `);
  },
};
