// The write half of the Store port on PostgreSQL. An instance only exists
// inside Store.transaction, after the commit-head row lock was taken, so every
// statement here runs with all other writers (of any process) waiting.
import type { EnrolmentCodeScope, StoreTx } from '../store';
import type {
  ChangeLogRow,
  CommitKind,
  DataKeyRow,
  DeviceRow,
  EnrolmentCodeRow,
  ErasureRow,
  FieldStateRow,
  MembershipChangeRow,
  Millis,
  OrganisationRow,
  PurgeAckRow,
  RecordBuckets,
  RecordKey,
  RecordRow,
  SealedValue,
  StoredRejection,
  UserRow,
} from '../rows';
import { changeLogFieldsJson, recordBucketsJson, SeqDb } from './postgres-rows';
import { insertRecords, replaceBlindIndexes, updateRecordSeals } from './postgres-batch-writes';
import { PostgresReadTx } from './postgres.read-tx';

export class PostgresWriteTx extends PostgresReadTx implements StoreTx {
  /** The seq this transaction allocated last, for the commit notification. */
  allocatedSeq: number | null = null;

  async putOrganisation(row: OrganisationRow): Promise<void> {
    await this.sql.rows(
      `INSERT INTO organisation (singleton, id, name, ca_certificate_pem, signing_public_key_pem, created_at)
       VALUES (1, $1, $2, $3, $4, $5)
       ON CONFLICT (singleton) DO UPDATE SET id = excluded.id, name = excluded.name, ca_certificate_pem = excluded.ca_certificate_pem,
         signing_public_key_pem = excluded.signing_public_key_pem, created_at = excluded.created_at`,
      [row.id, row.name, row.caCertificatePem, row.signingPublicKeyPem, row.createdAt],
    );
  }

  async insertDataKey(row: DataKeyRow): Promise<void> {
    // Exactly one key is active: a new active key takes over.
    if (row.active) await this.sql.rows('UPDATE data_keys SET active = false WHERE active');
    // seq: after every key there (migration 0007), whatever created_at says. max(seq) + 1 is safe because every
    // write transaction first locks the commit_head row FOR UPDATE (postgres.store.ts), so no two run at once and
    // each reads the seq the one before it committed; the unique index would refuse a repeated number regardless.
    await this.sql.rows(
      'INSERT INTO data_keys (id, wrapped_key, master_key_id, active, created_at, seq) VALUES ($1, $2, $3, $4, $5, (SELECT coalesce(max(seq), 0) + 1 FROM data_keys))',
      [row.id, Buffer.from(row.wrappedKey), row.masterKeyId, row.active, row.createdAt],
    );
  }

  async setActiveDataKey(keyId: string): Promise<void> {
    // Two statements: the one-active unique index is checked row by row.
    await this.sql.rows('UPDATE data_keys SET active = false WHERE active AND id <> $1', [keyId]);
    await this.sql.rows('UPDATE data_keys SET active = true WHERE id = $1', [keyId]);
  }

  async updateDataKeyWrap(keyId: string, wrappedKey: Uint8Array, masterKeyId: string): Promise<void> {
    await this.sql.rows('UPDATE data_keys SET wrapped_key = $2, master_key_id = $3 WHERE id = $1', [keyId, Buffer.from(wrappedKey), masterKeyId]);
  }

  async deleteDataKey(keyId: string): Promise<void> {
    await this.sql.rows('DELETE FROM data_keys WHERE id = $1', [keyId]);
  }

  async insertUser(row: UserRow): Promise<void> {
    await this.sql.rows('INSERT INTO users (id, display_name, is_admin, created_at) VALUES ($1, $2, $3, $4)', [
      row.id,
      row.displayName,
      row.isAdmin,
      row.createdAt,
    ]);
    await this.moveDirectoryGeneration();
  }

  async renameUser(userId: string, displayName: string): Promise<boolean> {
    const renamed = (await this.sql.rowCount('UPDATE users SET display_name = $1 WHERE id = $2', [displayName, userId])) > 0;
    if (renamed) await this.moveDirectoryGeneration();
    return renamed;
  }

  async setUserAdmin(userId: string, isAdmin: boolean): Promise<boolean> {
    return (await this.sql.rowCount('UPDATE users SET is_admin = $1 WHERE id = $2', [isAdmin, userId])) > 0;
  }

  /** Every write that may change a user directory moves the counter (StoreReadTx.directoryGeneration). */
  private async moveDirectoryGeneration(): Promise<void> {
    await this.sql.rows(
      `INSERT INTO directory_generation (singleton, generation) VALUES (1, 1)
       ON CONFLICT (singleton) DO UPDATE SET generation = directory_generation.generation + 1`,
    );
  }

  async applyMembershipChanges(changes: readonly MembershipChangeRow[]): Promise<void> {
    // In order, so that "added then removed" in one batch ends removed.
    for (const change of changes) {
      if (change.change === 'added') {
        await this.sql.rows('INSERT INTO memberships (user_id, kind, bucket_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
          change.userId,
          change.kind,
          change.bucketId,
        ]);
      } else {
        await this.sql.rows('DELETE FROM memberships WHERE user_id = $1 AND kind = $2 AND bucket_id = $3', [change.userId, change.kind, change.bucketId]);
      }
      await this.sql.rows(
        'INSERT INTO membership_changes (commit_seq, user_id, kind, bucket_id, change) VALUES ($1, $2, $3, $4, $5)',
        [change.commitSeq, change.userId, change.kind, change.bucketId, change.change],
      );
    }
    if (changes.length > 0) await this.moveDirectoryGeneration();
  }

  async insertEnrolmentCode(row: EnrolmentCodeRow): Promise<void> {
    await this.sql.rows(
      `INSERT INTO enrolment_codes (code_hash, user_id, created_at, expires_at, used_at, device_id, issued_by_device_id, cancelled_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [row.codeHash, row.userId, row.createdAt, row.expiresAt, row.usedAt, row.deviceId, row.issuedByDeviceId, row.cancelledAt],
    );
  }

  async consumeEnrolmentCode(codeHash: string, deviceId: string, at: Millis): Promise<boolean> {
    const changed = await this.sql.rowCount(
      'UPDATE enrolment_codes SET used_at = $3, device_id = $2 WHERE code_hash = $1 AND used_at IS NULL AND cancelled_at IS NULL AND expires_at > $3',
      [codeHash, deviceId, at],
    );
    return changed === 1;
  }

  async cancelEnrolmentCodes(scope: EnrolmentCodeScope, at: Millis): Promise<number> {
    const [column, value] =
      'issuedByDeviceId' in scope ? ['issued_by_device_id', scope.issuedByDeviceId] : 'codeHash' in scope ? ['code_hash', scope.codeHash] : ['user_id', scope.userId];
    // A revoked device's codes whatever their expiry (store.ts).
    const unexpired = 'issuedByDeviceId' in scope ? '' : ' AND expires_at > $2';
    return this.sql.rowCount(`UPDATE enrolment_codes SET cancelled_at = $2 WHERE ${column} = $1 AND used_at IS NULL AND cancelled_at IS NULL${unexpired}`, [
      value,
      at,
    ]);
  }

  async insertDevice(row: DeviceRow): Promise<void> {
    await this.sql.rows(
      `INSERT INTO devices (id, user_id, token_hash, created_at, revoked_at, last_applied_seq, last_cursor, last_seen_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [row.id, row.userId, row.tokenHash, row.createdAt, row.revokedAt, row.lastAppliedSeq, row.lastCursor, row.lastSeenAt],
    );
  }

  async revokeDevice(deviceId: string, at: Millis): Promise<void> {
    await this.sql.rows('UPDATE devices SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [deviceId, at]);
  }

  async replaceDeviceToken(deviceId: string, tokenHash: string): Promise<boolean> {
    const rows = await this.sql.rows('UPDATE devices SET token_hash = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id', [deviceId, tokenHash]);
    return rows.length === 1;
  }

  async updateDeviceProgress(
    deviceId: string,
    progress: { readonly lastAppliedSeq?: number; readonly lastCursor?: number; readonly lastSeenAt?: Millis },
  ): Promise<void> {
    await this.sql.rows(
      `UPDATE devices SET
         last_applied_seq = GREATEST(last_applied_seq, coalesce($2, last_applied_seq)),
         last_cursor = GREATEST(last_cursor, coalesce($3, last_cursor)),
         last_seen_at = coalesce($4, last_seen_at)
       WHERE id = $1`,
      [deviceId, progress.lastAppliedSeq ?? null, progress.lastCursor ?? null, progress.lastSeenAt ?? null],
    );
  }

  async replaceRejections(deviceId: string, rows: readonly StoredRejection[]): Promise<void> {
    await this.sql.rows('DELETE FROM device_rejections WHERE device_id = $1', [deviceId]);
    if (rows.length === 0) return;
    await this.sql.rows(
      `INSERT INTO device_rejections (device_id, seq, code, message, fields)
       SELECT $1::text, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::jsonb[])`,
      [deviceId, rows.map((row) => row.seq), rows.map((row) => row.code), rows.map((row) => row.message), rows.map((row) => JSON.stringify(row.fields))],
    );
  }

  async allocateCommit(commit: { readonly kind: CommitKind; readonly deviceId: string | null; readonly userId: string | null; readonly at: Millis }): Promise<number> {
    // The head row is already locked by this transaction (Store.transaction),
    // so this increment is gap-free and ordered like the commits themselves.
    const [row] = await this.sql.rows('UPDATE commit_head SET seq = seq + 1 WHERE singleton = 1 RETURNING seq');
    const seq = SeqDb.parse(row).seq;
    await this.sql.rows('INSERT INTO commits (seq, kind, device_id, user_id, at) VALUES ($1, $2, $3, $4, $5)', [
      seq,
      commit.kind,
      commit.deviceId,
      commit.userId,
      commit.at,
    ]);
    this.allocatedSeq = seq;
    return seq;
  }

  async insertRecord(row: RecordRow): Promise<void> {
    await this.sql.rows(
      `INSERT INTO records (entity, record_id, owner_user_id, team_id, territory_id, created_seq, bucket_seq, deleted_seq, delete_hlc, key_id, ciphertext)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        row.entity,
        row.recordId,
        row.ownerUserId,
        row.teamId,
        row.territoryId,
        row.createdSeq,
        row.bucketSeq,
        row.deletedSeq,
        row.deleteHlc,
        row.sealed?.keyId ?? null,
        row.sealed === null ? null : Buffer.from(row.sealed.ciphertext),
      ],
    );
  }

  async updateRecordBuckets(key: RecordKey, buckets: RecordBuckets, bucketSeq: number): Promise<void> {
    await this.sql.rows(
      'UPDATE records SET owner_user_id = $3, team_id = $4, territory_id = $5, bucket_seq = $6 WHERE entity = $1 AND record_id = $2',
      [key.entity, key.recordId, buckets.ownerUserId, buckets.teamId, buckets.territoryId, bucketSeq],
    );
    // Field state is found by bucket (migration 0002): it follows the record.
    await this.sql.rows('UPDATE field_state SET owner_user_id = $3, team_id = $4, territory_id = $5 WHERE entity = $1 AND record_id = $2', [
      key.entity,
      key.recordId,
      buckets.ownerUserId,
      buckets.teamId,
      buckets.territoryId,
    ]);
  }

  async markRecordDeleted(key: RecordKey, deletedSeq: number, deleteHlc: string): Promise<void> {
    const params = [key.entity, key.recordId];
    await this.sql.rows('UPDATE records SET deleted_seq = $3, delete_hlc = $4, key_id = NULL, ciphertext = NULL WHERE entity = $1 AND record_id = $2', [
      ...params,
      deletedSeq,
      deleteHlc,
    ]);
    await this.sql.rows('DELETE FROM field_state WHERE entity = $1 AND record_id = $2', params);
    await this.sql.rows('DELETE FROM blind_index WHERE entity = $1 AND record_id = $2', params);
  }

  async updateRecordSeal(key: RecordKey, sealed: SealedValue): Promise<void> {
    await this.sql.rows('UPDATE records SET key_id = $3, ciphertext = $4 WHERE entity = $1 AND record_id = $2 AND deleted_seq IS NULL', [
      key.entity,
      key.recordId,
      sealed.keyId,
      Buffer.from(sealed.ciphertext),
    ]);
  }

  /** Each row takes its record's current buckets (NULL when the record does not exist or is a tombstone, so no pull lists it). */
  async upsertFieldStates(rows: readonly FieldStateRow[]): Promise<void> {
    if (rows.length === 0) return;
    // One statement for the whole batch (a push carries up to 500 operations).
    // Later rows for the same field win, as a sequence of upserts would.
    const latest = new Map<string, FieldStateRow>();
    for (const row of rows) latest.set(JSON.stringify([row.entity, row.recordId, row.field]), row);
    const batch = [...latest.values()];
    await this.sql.rows(
      `INSERT INTO field_state (entity, record_id, field, hlc, commit_seq, owner_user_id, team_id, territory_id)
       SELECT u.entity, u.record_id, u.field, u.hlc, u.commit_seq, r.owner_user_id, r.team_id, r.territory_id
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[]) AS u(entity, record_id, field, hlc, commit_seq)
       LEFT JOIN records r ON r.entity = u.entity AND r.record_id = u.record_id AND r.deleted_seq IS NULL
       ON CONFLICT (entity, record_id, field) DO UPDATE SET hlc = excluded.hlc, commit_seq = excluded.commit_seq,
         owner_user_id = excluded.owner_user_id, team_id = excluded.team_id, territory_id = excluded.territory_id`,
      [batch.map((row) => row.entity), batch.map((row) => row.recordId), batch.map((row) => row.field), batch.map((row) => row.hlc), batch.map((row) => row.commitSeq)],
    );
  }

  async appendChangeLog(rows: readonly ChangeLogRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.sql.rows(
      `INSERT INTO change_log (commit_seq, entity, record_id, kind, device_id, fields, previous_buckets)
       SELECT a, b, c, d, e, f, g FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::jsonb[]) WITH ORDINALITY AS t(a, b, c, d, e, f, g, n)
       ORDER BY n`,
      [
        rows.map((row) => row.commitSeq),
        rows.map((row) => row.entity),
        rows.map((row) => row.recordId),
        rows.map((row) => row.kind),
        rows.map((row) => row.deviceId),
        rows.map((row) => changeLogFieldsJson(row.fields)),
        rows.map((row) => recordBucketsJson(row.previousBuckets)),
      ],
    );
  }

  async replaceBlindIndex(key: RecordKey, field: string, digests: readonly string[]): Promise<void> {
    await this.sql.rows('DELETE FROM blind_index WHERE entity = $1 AND record_id = $2 AND field = $3', [key.entity, key.recordId, field]);
    if (digests.length === 0) return;
    await this.sql.rows(
      `INSERT INTO blind_index (entity, record_id, field, digest)
       SELECT DISTINCT $1::text, $2::text, $3::text, digest FROM unnest($4::text[]) AS d(digest)`,
      [key.entity, key.recordId, field, [...digests]],
    );
  }

  insertRecords(rows: readonly RecordRow[]): Promise<void> {
    return insertRecords(this.sql, rows);
  }

  updateRecordSeals(rows: readonly { readonly key: RecordKey; readonly sealed: SealedValue }[]): Promise<void> {
    return updateRecordSeals(this.sql, rows);
  }

  replaceBlindIndexes(rows: readonly { readonly key: RecordKey; readonly field: string; readonly digests: readonly string[] }[]): Promise<void> {
    return replaceBlindIndexes(this.sql, rows);
  }

  async eraseRecord(erasure: ErasureRow): Promise<boolean> {
    const key = [erasure.entity, erasure.recordId];
    const inserted = await this.sql.rowCount(
      `INSERT INTO erasures (entity, record_id, commit_seq, erased_at, erased_by_user_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (entity, record_id) DO NOTHING`,
      [...key, erasure.commitSeq, erasure.erasedAt, erasure.erasedByUserId],
    );
    if (inserted === 0) return false;
    await this.sql.rows('DELETE FROM field_state WHERE entity = $1 AND record_id = $2', key);
    await this.sql.rows('DELETE FROM change_log WHERE entity = $1 AND record_id = $2', key);
    await this.sql.rows('DELETE FROM blind_index WHERE entity = $1 AND record_id = $2', key);
    const removed = await this.sql.rowCount('DELETE FROM records WHERE entity = $1 AND record_id = $2', key);
    return removed === 1;
  }

  async insertPurgeAcks(rows: readonly PurgeAckRow[]): Promise<void> {
    if (rows.length === 0) return;
    // One statement for the whole list: it runs under the cluster-wide commit
    // lock, and a device may acknowledge thousands of erasures at once (one
    // round trip each held every writer for seconds). A repeat within the list
    // or of a stored row is skipped, so the first acknowledgement stays.
    await this.sql.rows(
      `INSERT INTO purge_acks (erasure_seq, device_id, acked_at)
       SELECT a, b, c FROM unnest($1::bigint[], $2::text[], $3::bigint[]) WITH ORDINALITY AS t(a, b, c, n)
       ORDER BY n
       ON CONFLICT DO NOTHING`,
      [rows.map((row) => row.erasureSeq), rows.map((row) => row.deviceId), rows.map((row) => row.ackedAt)],
    );
  }

  async recordServerStep(name: string, at: Millis): Promise<void> {
    await this.sql.rows('INSERT INTO server_steps (name, done_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, at]);
  }

  async forgetServerStep(name: string): Promise<void> {
    await this.sql.rows('DELETE FROM server_steps WHERE name = $1', [name]);
  }
}
