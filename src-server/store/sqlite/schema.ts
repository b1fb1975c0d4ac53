// The embedded store's schema, as append-only migrations tracked in
// PRAGMA user_version. A shipped migration is never edited; a change is a new
// entry at the end. Customer values exist only in records.ciphertext (sealed
// by the server before they reach the store); every other column holds ids,
// HLC stamps, field names, sequence numbers or epoch milliseconds. Text
// compares with SQLite's default BINARY collation (byte order), which is the
// order keyset pages and HLC strings rely on.
import type Database from 'better-sqlite3';

const migrations: readonly string[] = [
  `
  CREATE TABLE organisation (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    id TEXT NOT NULL, name TEXT NOT NULL, ca_certificate_pem TEXT NOT NULL,
    signing_public_key_pem TEXT NOT NULL, created_at INTEGER NOT NULL);
  CREATE TABLE data_keys (
    id TEXT PRIMARY KEY, wrapped_key BLOB NOT NULL, master_key_id TEXT NOT NULL,
    active INTEGER NOT NULL, created_at INTEGER NOT NULL);
  CREATE TABLE users (
    id TEXT PRIMARY KEY, display_name TEXT NOT NULL, is_admin INTEGER NOT NULL, created_at INTEGER NOT NULL);
  CREATE TABLE memberships (
    user_id TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('team', 'territory')), bucket_id TEXT NOT NULL,
    PRIMARY KEY (user_id, kind, bucket_id)) WITHOUT ROWID;
  CREATE TABLE membership_changes (
    commit_seq INTEGER NOT NULL, user_id TEXT NOT NULL, kind TEXT NOT NULL, bucket_id TEXT NOT NULL,
    change TEXT NOT NULL CHECK (change IN ('added', 'removed')),
    PRIMARY KEY (user_id, commit_seq, kind, bucket_id)) WITHOUT ROWID;
  CREATE TABLE enrolment_codes (
    code_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL, used_at INTEGER, device_id TEXT);
  CREATE TABLE devices (
    id TEXT PRIMARY KEY, user_id TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL,
    revoked_at INTEGER, last_applied_seq INTEGER NOT NULL DEFAULT 0, last_cursor INTEGER NOT NULL DEFAULT 0,
    last_seen_at INTEGER);
  CREATE INDEX devices_by_user ON devices (user_id, created_at, id);
  CREATE TABLE device_rejections (
    device_id TEXT NOT NULL, seq INTEGER NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL, fields TEXT NOT NULL,
    PRIMARY KEY (device_id, seq)) WITHOUT ROWID;
  CREATE TABLE commits (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, device_id TEXT, user_id TEXT, at INTEGER NOT NULL);
  CREATE TABLE records (
    entity TEXT NOT NULL, record_id TEXT NOT NULL, owner_user_id TEXT NOT NULL, team_id TEXT, territory_id TEXT,
    created_seq INTEGER NOT NULL, bucket_seq INTEGER NOT NULL, deleted_seq INTEGER, delete_hlc TEXT,
    key_id TEXT, ciphertext BLOB,
    PRIMARY KEY (entity, record_id)) WITHOUT ROWID;
  CREATE INDEX records_by_owner ON records (owner_user_id);
  CREATE INDEX records_by_team ON records (team_id) WHERE team_id IS NOT NULL;
  CREATE INDEX records_by_territory ON records (territory_id) WHERE territory_id IS NOT NULL;
  CREATE INDEX records_by_deleted_seq ON records (deleted_seq) WHERE deleted_seq IS NOT NULL;
  CREATE INDEX records_by_key ON records (key_id) WHERE key_id IS NOT NULL;
  CREATE TABLE field_state (
    entity TEXT NOT NULL, record_id TEXT NOT NULL, field TEXT NOT NULL, hlc TEXT NOT NULL, commit_seq INTEGER NOT NULL,
    PRIMARY KEY (entity, record_id, field)) WITHOUT ROWID;
  CREATE INDEX field_state_by_seq ON field_state (commit_seq, entity, record_id, field);
  CREATE TABLE change_log (
    commit_seq INTEGER NOT NULL, entity TEXT NOT NULL, record_id TEXT NOT NULL, kind TEXT NOT NULL,
    device_id TEXT, fields TEXT NOT NULL, previous_buckets TEXT,
    PRIMARY KEY (commit_seq, entity, record_id, kind)) WITHOUT ROWID;
  CREATE INDEX change_log_by_record ON change_log (entity, record_id, commit_seq);
  CREATE INDEX change_log_rebuckets ON change_log (commit_seq) WHERE kind = 'rebucket';
  CREATE TABLE erasures (
    entity TEXT NOT NULL, record_id TEXT NOT NULL, commit_seq INTEGER NOT NULL UNIQUE,
    erased_at INTEGER NOT NULL, erased_by_user_id TEXT NOT NULL,
    PRIMARY KEY (entity, record_id)) WITHOUT ROWID;
  CREATE TABLE purge_acks (
    erasure_seq INTEGER NOT NULL, device_id TEXT NOT NULL, acked_at INTEGER NOT NULL,
    PRIMARY KEY (erasure_seq, device_id)) WITHOUT ROWID;
  CREATE TABLE blind_index (
    entity TEXT NOT NULL, record_id TEXT NOT NULL, field TEXT NOT NULL, digest TEXT NOT NULL,
    PRIMARY KEY (entity, record_id, field, digest)) WITHOUT ROWID;
  CREATE INDEX blind_index_lookup ON blind_index (entity, field, digest);
  `,
  // 2: records and change_log become rowid tables. In a WITHOUT ROWID table a
  // row is an index entry, and an index entry larger than about 1,000 bytes
  // (on 4 KiB pages) spills into an overflow page of its own: a contact's
  // sealed document (1.2–1.5 KB) or its change's field list (about 1 KB)
  // made every record and every change cost one mostly empty page besides
  // its b-tree cell (measured: 1,400 records in 1,601 pages, and as many
  // for the change log). A rowid table keeps up to about 4,000 bytes in the
  // leaf; the unique indexes keep the keys, their order and ON CONFLICT,
  // and the bucket indexes name the key columns their entries used to end with.
  `
  CREATE TABLE records_rowid (
    entity TEXT NOT NULL, record_id TEXT NOT NULL, owner_user_id TEXT NOT NULL, team_id TEXT, territory_id TEXT,
    created_seq INTEGER NOT NULL, bucket_seq INTEGER NOT NULL, deleted_seq INTEGER, delete_hlc TEXT,
    key_id TEXT, ciphertext BLOB);
  INSERT INTO records_rowid (entity, record_id, owner_user_id, team_id, territory_id, created_seq, bucket_seq, deleted_seq, delete_hlc, key_id, ciphertext)
    SELECT entity, record_id, owner_user_id, team_id, territory_id, created_seq, bucket_seq, deleted_seq, delete_hlc, key_id, ciphertext FROM records;
  DROP TABLE records;
  ALTER TABLE records_rowid RENAME TO records;
  CREATE UNIQUE INDEX records_key ON records (entity, record_id);
  -- A rowid table's index entries end with the rowid: the key is spelled out so each bucket's range stays in key order.
  CREATE INDEX records_by_owner ON records (owner_user_id, entity, record_id);
  CREATE INDEX records_by_team ON records (team_id, entity, record_id) WHERE team_id IS NOT NULL;
  CREATE INDEX records_by_territory ON records (territory_id, entity, record_id) WHERE territory_id IS NOT NULL;
  CREATE INDEX records_by_deleted_seq ON records (deleted_seq) WHERE deleted_seq IS NOT NULL;
  CREATE INDEX records_by_key ON records (key_id) WHERE key_id IS NOT NULL;

  CREATE TABLE change_log_rowid (
    commit_seq INTEGER NOT NULL, entity TEXT NOT NULL, record_id TEXT NOT NULL, kind TEXT NOT NULL,
    device_id TEXT, fields TEXT NOT NULL, previous_buckets TEXT);
  INSERT INTO change_log_rowid (commit_seq, entity, record_id, kind, device_id, fields, previous_buckets)
    SELECT commit_seq, entity, record_id, kind, device_id, fields, previous_buckets FROM change_log ORDER BY commit_seq, entity, record_id, kind;
  DROP TABLE change_log;
  ALTER TABLE change_log_rowid RENAME TO change_log;
  CREATE UNIQUE INDEX change_log_key ON change_log (commit_seq, entity, record_id, kind);
  CREATE INDEX change_log_by_record ON change_log (entity, record_id, commit_seq);
  CREATE INDEX change_log_rebuckets ON change_log (commit_seq) WHERE kind = 'rebucket';
  `,
  // 3: field state carries its record's current buckets, indexed by bucket
  // and commit sequence. An incremental pull used to walk every field any
  // device changed since the cursor (field_state_by_seq) and look up each
  // one's record to test its buckets: with hundreds of devices pushing, each
  // pull read the whole organisation's traffic. Now a pull reads one index
  // range per bucket of the device, in commit order. The columns are filled
  // from records when field state is written and rewritten with the
  // record's buckets when they change (updateRecordBuckets). Only a live
  // record's field state has buckets (a tombstone has no field state), and
  // the indexes hold the HLC too, so a pull reads nothing but index ranges.
  `
  ALTER TABLE field_state ADD COLUMN owner_user_id TEXT;
  ALTER TABLE field_state ADD COLUMN team_id TEXT;
  ALTER TABLE field_state ADD COLUMN territory_id TEXT;
  UPDATE field_state SET (owner_user_id, team_id, territory_id) =
    (SELECT r.owner_user_id, r.team_id, r.territory_id FROM records r
     WHERE r.entity = field_state.entity AND r.record_id = field_state.record_id AND r.deleted_seq IS NULL);
  DROP INDEX field_state_by_seq;
  CREATE INDEX field_state_by_owner ON field_state (owner_user_id, commit_seq, entity, record_id, field, hlc) WHERE owner_user_id IS NOT NULL;
  CREATE INDEX field_state_by_team ON field_state (team_id, commit_seq, entity, record_id, field, hlc) WHERE team_id IS NOT NULL;
  CREATE INDEX field_state_by_territory ON field_state (territory_id, commit_seq, entity, record_id, field, hlc) WHERE territory_id IS NOT NULL;
  `,
  // 4: one operation can be refused twice (a field this server does not
  // know, and another that lost on HLC). Keyed by (device, seq) the second
  // row broke the push's transaction, so the device resent it forever; keyed
  // by (device, seq, code) both are kept (one push makes at most one
  // rejection of each code per operation). SQLite cannot change a primary
  // key in place: the table is copied.
  `
  CREATE TABLE device_rejections_by_code (
    device_id TEXT NOT NULL, seq INTEGER NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL, fields TEXT NOT NULL,
    PRIMARY KEY (device_id, seq, code)) WITHOUT ROWID;
  INSERT INTO device_rejections_by_code (device_id, seq, code, message, fields)
    SELECT device_id, seq, code, message, fields FROM device_rejections;
  DROP TABLE device_rejections;
  ALTER TABLE device_rejections_by_code RENAME TO device_rejections;
  `,
  // 5: what makes a pull's user directory version cheap (PostgreSQL 0004
  // does the same). directory_generation is one counter that every write
  // changing a user directory moves in the same transaction (a user added or
  // renamed, a membership changed), so the server may keep each user's
  // directory version until the counter it reads in a pull's snapshot moves.
  // memberships_by_bucket finds the members of a team or territory: the
  // primary key leads with the user, so "everyone who shares my buckets"
  // read the whole table.
  `
  CREATE TABLE directory_generation (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1), generation INTEGER NOT NULL);
  INSERT INTO directory_generation (singleton, generation) VALUES (1, 0);
  CREATE INDEX memberships_by_bucket ON memberships (kind, bucket_id, user_id);
  `,
  // 6: an enrolment code names the admin device that issued it (NULL: the
  // operator at the server's console, and every code issued before this
  // migration), and a code can be cancelled unused. Revoking a device
  // cancels the codes it issued, in the same transaction, so a stolen admin
  // laptop's codes die with it (PostgreSQL 0005 does the same).
  `
  ALTER TABLE enrolment_codes ADD COLUMN issued_by_device_id TEXT;
  ALTER TABLE enrolment_codes ADD COLUMN cancelled_at INTEGER;
  CREATE INDEX enrolment_codes_by_issuer ON enrolment_codes (issued_by_device_id) WHERE issued_by_device_id IS NOT NULL;
  CREATE INDEX enrolment_codes_by_user ON enrolment_codes (user_id);
  `,
  // 7: one-time server steps (PostgreSQL 0006 does the same). A step that
  // needs the keyring, such as placing tasks stored before a task's buckets
  // followed its assignee (sync/stored-task-placement.ts), cannot be SQL
  // here; `serve` runs it once and records its name, so later starts skip it.
  `
  CREATE TABLE server_steps (name TEXT PRIMARY KEY, done_at INTEGER NOT NULL) WITHOUT ROWID;
  `,
  // 8: data keys in the order they were added, a sequence assigned on
  // insert (max + 1 under the write lock). Key rotation worked out which key
  // replaced which from created_at, the clock of whichever process added the
  // key: with two clocks that disagree a retired key was kept for ever, or a
  // key still sealing in a serving process was deleted before its grace
  // (crypto/rotation.ts; PostgreSQL 0007 does the same). Keys from before
  // are numbered by creation, the active key last: it is the newest.
  `
  ALTER TABLE data_keys ADD COLUMN seq INTEGER;
  UPDATE data_keys SET seq = (SELECT count(*) FROM data_keys AS k WHERE (k.active, k.created_at, k.id) <= (data_keys.active, data_keys.created_at, data_keys.id));
  CREATE UNIQUE INDEX data_keys_by_seq ON data_keys (seq);
  `,
];

export const sqliteSchemaVersion = migrations.length;

/** Brings the database to the newest schema (or to version `through`); refuses one newer than this code. */
export function migrateSqlite(db: Database.Database, through = migrations.length): void {
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current > migrations.length) {
    throw new Error(`The store's schema (version ${current}) is newer than this server (version ${migrations.length})`);
  }
  // `through` stops early: only the migration tests build an older schema.
  for (let version = current; version < Math.min(through, migrations.length); version += 1) {
    const statements = migrations[version];
    if (statements === undefined) break;
    db.transaction(() => {
      // Read again under the write lock: another process opening the same file (serve and enrolment-code started
      // together after an upgrade) may have applied this step while this one waited, and running it twice failed
      // ("table … already exists") and stopped that command.
      if (Number(db.pragma('user_version', { simple: true })) > version) return;
      db.exec(statements);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}
