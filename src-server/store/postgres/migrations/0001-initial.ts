// Migration 0001: the server schema. Shipped migrations are never edited; a
// change is a new file appended to migrations/index.ts.
//
// Customer values exist only in records.ciphertext (one AES-256-GCM sealed JSON
// object per record, sealed by the server before it reaches the store, with
// the id of its data key in records.key_id); every other column holds ids, HLC
// stamps, field names, sequence numbers or epoch milliseconds. Text keys use
// the "C" collation so keyset pages order byte-wise, like SQLite, whatever
// the database's default collation is. Like the SQLite store, no foreign
// keys: the sync layer owns referential rules, and both stores must accept
// and refuse exactly the same writes.
import type { PostgresMigration } from './migration';

export const migration0001: PostgresMigration = {
  version: 1,
  name: 'initial',
  statements: [
    `CREATE TABLE organisation (
       singleton smallint PRIMARY KEY DEFAULT 1 CHECK (singleton = 1),
       id text NOT NULL,
       name text NOT NULL,
       ca_certificate_pem text NOT NULL,
       signing_public_key_pem text NOT NULL,
       created_at bigint NOT NULL)`,
    `CREATE TABLE data_keys (
       id text COLLATE "C" PRIMARY KEY,
       wrapped_key bytea NOT NULL,
       master_key_id text NOT NULL,
       active boolean NOT NULL,
       created_at bigint NOT NULL)`,
    `CREATE UNIQUE INDEX data_keys_one_active ON data_keys (active) WHERE active`,
    `CREATE TABLE users (
       id text COLLATE "C" PRIMARY KEY,
       display_name text NOT NULL,
       is_admin boolean NOT NULL,
       created_at bigint NOT NULL)`,
    `CREATE TABLE memberships (
       user_id text COLLATE "C" NOT NULL,
       kind text COLLATE "C" NOT NULL CHECK (kind IN ('team', 'territory')),
       bucket_id text COLLATE "C" NOT NULL,
       PRIMARY KEY (user_id, kind, bucket_id))`,
    `CREATE TABLE membership_changes (
       commit_seq bigint NOT NULL,
       user_id text COLLATE "C" NOT NULL,
       kind text COLLATE "C" NOT NULL CHECK (kind IN ('team', 'territory')),
       bucket_id text COLLATE "C" NOT NULL,
       change text NOT NULL CHECK (change IN ('added', 'removed')),
       PRIMARY KEY (user_id, commit_seq, kind, bucket_id))`,
    `CREATE TABLE enrolment_codes (
       code_hash text COLLATE "C" PRIMARY KEY,
       user_id text COLLATE "C" NOT NULL,
       created_at bigint NOT NULL,
       expires_at bigint NOT NULL,
       used_at bigint,
       device_id text COLLATE "C")`,
    `CREATE TABLE devices (
       id text COLLATE "C" PRIMARY KEY,
       user_id text COLLATE "C" NOT NULL,
       token_hash text COLLATE "C" NOT NULL UNIQUE,
       created_at bigint NOT NULL,
       revoked_at bigint,
       last_applied_seq bigint NOT NULL DEFAULT 0,
       last_cursor bigint NOT NULL DEFAULT 0,
       last_seen_at bigint)`,
    `CREATE INDEX devices_by_user ON devices (user_id, created_at, id)`,
    // Why a device's latest push was refused, so a replay gets the same answer. No values.
    `CREATE TABLE device_rejections (
       device_id text COLLATE "C" NOT NULL,
       seq bigint NOT NULL,
       code text NOT NULL CHECK (code IN ('invalid', 'forbidden', 'conflict', 'unknown_field', 'erased')),
       message text NOT NULL,
       fields jsonb NOT NULL,
       PRIMARY KEY (device_id, seq))`,
    // The commit head: one row whose lock serialises every write transaction
    // (see postgres.store.ts), and whose value is the highest committed seq.
    `CREATE TABLE commit_head (
       singleton smallint PRIMARY KEY DEFAULT 1 CHECK (singleton = 1),
       seq bigint NOT NULL)`,
    `INSERT INTO commit_head (singleton, seq) VALUES (1, 0)`,
    `CREATE TABLE commits (
       seq bigint PRIMARY KEY,
       kind text NOT NULL CHECK (kind IN ('push', 'membership', 'erase', 'rebucket', 'admin')),
       device_id text COLLATE "C",
       user_id text COLLATE "C",
       at bigint NOT NULL)`,
    `CREATE TABLE records (
       entity text COLLATE "C" NOT NULL,
       record_id text COLLATE "C" NOT NULL,
       owner_user_id text COLLATE "C" NOT NULL,
       team_id text COLLATE "C",
       territory_id text COLLATE "C",
       created_seq bigint NOT NULL,
       bucket_seq bigint NOT NULL,
       deleted_seq bigint,
       delete_hlc text,
       key_id text COLLATE "C",
       ciphertext bytea,
       PRIMARY KEY (entity, record_id),
       CHECK ((key_id IS NULL) = (ciphertext IS NULL)))`,
    `CREATE INDEX records_by_owner ON records (owner_user_id, entity, record_id) WHERE deleted_seq IS NULL`,
    `CREATE INDEX records_by_team ON records (team_id, entity, record_id) WHERE deleted_seq IS NULL AND team_id IS NOT NULL`,
    `CREATE INDEX records_by_territory ON records (territory_id, entity, record_id) WHERE deleted_seq IS NULL AND territory_id IS NOT NULL`,
    `CREATE INDEX records_by_deleted_seq ON records (deleted_seq) WHERE deleted_seq IS NOT NULL`,
    `CREATE INDEX records_by_key ON records (key_id) WHERE key_id IS NOT NULL`,
    `CREATE TABLE field_state (
       entity text COLLATE "C" NOT NULL,
       record_id text COLLATE "C" NOT NULL,
       field text COLLATE "C" NOT NULL,
       hlc text NOT NULL,
       commit_seq bigint NOT NULL,
       PRIMARY KEY (entity, record_id, field))`,
    `CREATE INDEX field_state_by_commit ON field_state (commit_seq, entity, record_id, field)`,
    `CREATE TABLE change_log (
       commit_seq bigint NOT NULL,
       entity text COLLATE "C" NOT NULL,
       record_id text COLLATE "C" NOT NULL,
       kind text NOT NULL CHECK (kind IN ('upsert', 'delete', 'rebucket')),
       device_id text COLLATE "C",
       fields jsonb NOT NULL,
       previous_buckets jsonb,
       PRIMARY KEY (commit_seq, entity, record_id, kind))`,
    `CREATE INDEX change_log_by_record ON change_log (entity, record_id, commit_seq)`,
    `CREATE INDEX change_log_rebuckets ON change_log (commit_seq, entity, record_id) WHERE kind = 'rebucket'`,
    `CREATE TABLE erasures (
       entity text COLLATE "C" NOT NULL,
       record_id text COLLATE "C" NOT NULL,
       commit_seq bigint NOT NULL UNIQUE,
       erased_at bigint NOT NULL,
       erased_by_user_id text COLLATE "C" NOT NULL,
       PRIMARY KEY (entity, record_id))`,
    `CREATE TABLE purge_acks (
       erasure_seq bigint NOT NULL,
       device_id text COLLATE "C" NOT NULL,
       acked_at bigint NOT NULL,
       PRIMARY KEY (erasure_seq, device_id))`,
    `CREATE TABLE blind_index (
       entity text COLLATE "C" NOT NULL,
       record_id text COLLATE "C" NOT NULL,
       field text COLLATE "C" NOT NULL,
       digest text COLLATE "C" NOT NULL,
       PRIMARY KEY (entity, record_id, field, digest))`,
    `CREATE INDEX blind_index_lookup ON blind_index (entity, field, digest)`,
  ],
};
