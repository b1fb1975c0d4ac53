// The write half of the embedded store: every StoreTx mutation, in SQL for
// better-sqlite3. Only ever runs on the single writer connection inside
// BEGIN IMMEDIATE (see sqlite-store.ts), so each method may read and then
// write without racing another writer.
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
import type { EnrolmentCodeScope, StoreTx } from '../store';
import { int } from './columns';
import { markCheckpointOwed } from './sqlite-checkpoint';
import { SqliteReadTx } from './sqlite-read';

const done = Promise.resolve();

export class SqliteWriteTx extends SqliteReadTx implements StoreTx {
  /** Highest commit allocated in this transaction, announced after COMMIT. */
  allocatedHead = 0;
  /** Set when this transaction erased a record, so the store checkpoints the WAL after COMMIT (and retries while held up). */
  erased = false;

  putOrganisation(row: OrganisationRow): Promise<void> {
    this.run(
      `INSERT INTO organisation (singleton, id, name, ca_certificate_pem, signing_public_key_pem, created_at)
       VALUES (1, ?, ?, ?, ?, ?)
       ON CONFLICT (singleton) DO UPDATE SET id = excluded.id, name = excluded.name,
         ca_certificate_pem = excluded.ca_certificate_pem, signing_public_key_pem = excluded.signing_public_key_pem,
         created_at = excluded.created_at`,
      [row.id, row.name, row.caCertificatePem, row.signingPublicKeyPem, row.createdAt],
    );
    return done;
  }

  insertDataKey(row: DataKeyRow): Promise<void> {
    if (row.active) this.run('UPDATE data_keys SET active = 0');
    // seq: after every key there (schema migration 8), whatever createdAt says.
    this.run('INSERT INTO data_keys (id, wrapped_key, master_key_id, active, created_at, seq) VALUES (?, ?, ?, ?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM data_keys))', [
      row.id,
      row.wrappedKey,
      row.masterKeyId,
      row.active ? 1 : 0,
      row.createdAt,
    ]);
    return done;
  }

  setActiveDataKey(keyId: string): Promise<void> {
    this.run('UPDATE data_keys SET active = CASE WHEN id = ? THEN 1 ELSE 0 END', [keyId]);
    return done;
  }

  updateDataKeyWrap(keyId: string, wrappedKey: Uint8Array, masterKeyId: string): Promise<void> {
    this.run('UPDATE data_keys SET wrapped_key = ?, master_key_id = ? WHERE id = ?', [wrappedKey, masterKeyId, keyId]);
    return done;
  }

  deleteDataKey(keyId: string): Promise<void> {
    this.run('DELETE FROM data_keys WHERE id = ?', [keyId]);
    return done;
  }

  insertUser(row: UserRow): Promise<void> {
    this.run('INSERT INTO users (id, display_name, is_admin, created_at) VALUES (?, ?, ?, ?)', [
      row.id,
      row.displayName,
      row.isAdmin ? 1 : 0,
      row.createdAt,
    ]);
    this.#moveDirectoryGeneration();
    return done;
  }

  renameUser(userId: string, displayName: string): Promise<boolean> {
    const renamed = this.run('UPDATE users SET display_name = ? WHERE id = ?', [displayName, userId]).changes > 0;
    if (renamed) this.#moveDirectoryGeneration();
    return Promise.resolve(renamed);
  }

  setUserAdmin(userId: string, isAdmin: boolean): Promise<boolean> {
    return Promise.resolve(this.run('UPDATE users SET is_admin = ? WHERE id = ?', [isAdmin ? 1 : 0, userId]).changes > 0);
  }

  /** Every write that may change a user directory moves the counter (StoreReadTx.directoryGeneration). */
  #moveDirectoryGeneration(): void {
    this.run(
      `INSERT INTO directory_generation (singleton, generation) VALUES (1, 1)
       ON CONFLICT (singleton) DO UPDATE SET generation = generation + 1`,
    );
  }

  applyMembershipChanges(changes: readonly MembershipChangeRow[]): Promise<void> {
    for (const change of changes) {
      const params = [change.userId, change.kind, change.bucketId];
      if (change.change === 'added') this.run('INSERT OR IGNORE INTO memberships (user_id, kind, bucket_id) VALUES (?, ?, ?)', params);
      else this.run('DELETE FROM memberships WHERE user_id = ? AND kind = ? AND bucket_id = ?', params);
      this.run('INSERT INTO membership_changes (commit_seq, user_id, kind, bucket_id, change) VALUES (?, ?, ?, ?, ?)', [
        change.commitSeq,
        ...params,
        change.change,
      ]);
    }
    if (changes.length > 0) this.#moveDirectoryGeneration();
    return done;
  }

  insertEnrolmentCode(row: EnrolmentCodeRow): Promise<void> {
    this.run(
      `INSERT INTO enrolment_codes (code_hash, user_id, created_at, expires_at, used_at, device_id, issued_by_device_id, cancelled_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [row.codeHash, row.userId, row.createdAt, row.expiresAt, row.usedAt, row.deviceId, row.issuedByDeviceId, row.cancelledAt],
    );
    return done;
  }

  consumeEnrolmentCode(codeHash: string, deviceId: string, at: Millis): Promise<boolean> {
    const result = this.run(
      'UPDATE enrolment_codes SET used_at = ?, device_id = ? WHERE code_hash = ? AND used_at IS NULL AND cancelled_at IS NULL AND expires_at > ?',
      [at, deviceId, codeHash, at],
    );
    return Promise.resolve(result.changes === 1);
  }

  cancelEnrolmentCodes(scope: EnrolmentCodeScope, at: Millis): Promise<number> {
    const [column, value] =
      'issuedByDeviceId' in scope ? ['issued_by_device_id', scope.issuedByDeviceId] : 'codeHash' in scope ? ['code_hash', scope.codeHash] : ['user_id', scope.userId];
    // A revoked device's codes whatever their expiry (store.ts).
    const unexpired = 'issuedByDeviceId' in scope ? '' : ' AND expires_at > ?';
    const result = this.run(
      `UPDATE enrolment_codes SET cancelled_at = ? WHERE ${column} = ? AND used_at IS NULL AND cancelled_at IS NULL${unexpired}`,
      unexpired === '' ? [at, value] : [at, value, at],
    );
    return Promise.resolve(result.changes);
  }

  insertDevice(row: DeviceRow): Promise<void> {
    this.run(
      `INSERT INTO devices (id, user_id, token_hash, created_at, revoked_at, last_applied_seq, last_cursor, last_seen_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [row.id, row.userId, row.tokenHash, row.createdAt, row.revokedAt, row.lastAppliedSeq, row.lastCursor, row.lastSeenAt],
    );
    return done;
  }

  revokeDevice(deviceId: string, at: Millis): Promise<void> {
    this.run('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [at, deviceId]);
    return done;
  }

  replaceDeviceToken(deviceId: string, tokenHash: string): Promise<boolean> {
    return Promise.resolve(this.run('UPDATE devices SET token_hash = ? WHERE id = ? AND revoked_at IS NULL', [tokenHash, deviceId]).changes === 1);
  }

  updateDeviceProgress(
    deviceId: string,
    progress: { readonly lastAppliedSeq?: number; readonly lastCursor?: number; readonly lastSeenAt?: Millis },
  ): Promise<void> {
    this.run(
      `UPDATE devices SET
         last_applied_seq = MAX(last_applied_seq, COALESCE(@applied, last_applied_seq)),
         last_cursor = MAX(last_cursor, COALESCE(@cursor, last_cursor)),
         last_seen_at = COALESCE(@seen, last_seen_at)
       WHERE id = @id`,
      { id: deviceId, applied: progress.lastAppliedSeq ?? null, cursor: progress.lastCursor ?? null, seen: progress.lastSeenAt ?? null },
    );
    return done;
  }

  replaceRejections(deviceId: string, rows: readonly StoredRejection[]): Promise<void> {
    this.run('DELETE FROM device_rejections WHERE device_id = ?', [deviceId]);
    for (const row of rows) {
      this.run('INSERT INTO device_rejections (device_id, seq, code, message, fields) VALUES (?, ?, ?, ?, ?)', [
        deviceId,
        row.seq,
        row.code,
        row.message,
        JSON.stringify(row.fields),
      ]);
    }
    return done;
  }

  allocateCommit(commit: { readonly kind: CommitKind; readonly deviceId: string | null; readonly userId: string | null; readonly at: Millis }): Promise<number> {
    const result = this.run('INSERT INTO commits (kind, device_id, user_id, at) VALUES (?, ?, ?, ?)', [
      commit.kind,
      commit.deviceId,
      commit.userId,
      commit.at,
    ]);
    const seq = int({ seq: result.lastInsertRowid }, 'seq');
    this.allocatedHead = Math.max(this.allocatedHead, seq);
    return Promise.resolve(seq);
  }

  insertRecord(row: RecordRow): Promise<void> {
    this.run(
      `INSERT INTO records (entity, record_id, owner_user_id, team_id, territory_id, created_seq, bucket_seq, deleted_seq, delete_hlc, key_id, ciphertext)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
        row.sealed?.ciphertext ?? null,
      ],
    );
    return done;
  }

  updateRecordBuckets(key: RecordKey, buckets: RecordBuckets, bucketSeq: number): Promise<void> {
    const moved = [buckets.ownerUserId, buckets.teamId, buckets.territoryId];
    this.run('UPDATE records SET owner_user_id = ?, team_id = ?, territory_id = ?, bucket_seq = ? WHERE entity = ? AND record_id = ?', [
      ...moved,
      bucketSeq,
      key.entity,
      key.recordId,
    ]);
    // Field state is found by bucket (schema migration 3): it follows the record.
    this.run('UPDATE field_state SET owner_user_id = ?, team_id = ?, territory_id = ? WHERE entity = ? AND record_id = ?', [...moved, key.entity, key.recordId]);
    return done;
  }

  markRecordDeleted(key: RecordKey, deletedSeq: number, deleteHlc: string): Promise<void> {
    const params = [key.entity, key.recordId];
    this.run('UPDATE records SET deleted_seq = ?, delete_hlc = ?, key_id = NULL, ciphertext = NULL WHERE entity = ? AND record_id = ?', [
      deletedSeq,
      deleteHlc,
      ...params,
    ]);
    this.run('DELETE FROM field_state WHERE entity = ? AND record_id = ?', params);
    this.run('DELETE FROM blind_index WHERE entity = ? AND record_id = ?', params);
    return done;
  }

  updateRecordSeal(key: RecordKey, sealed: SealedValue): Promise<void> {
    this.run('UPDATE records SET key_id = ?, ciphertext = ? WHERE entity = ? AND record_id = ? AND deleted_seq IS NULL', [
      sealed.keyId,
      sealed.ciphertext,
      key.entity,
      key.recordId,
    ]);
    return done;
  }

  /**
   * Runs `INSERT … VALUES (…), (…), …` in chunks of up to 100 rows: a push
   * writes thousands of rows and one statement per row dominated its cost.
   */
  #insertMany<Row>(head: string, columns: number, tail: string, rows: readonly Row[], values: (row: Row) => unknown[]): void {
    const tuple = `(${new Array<string>(columns).fill('?').join(', ')})`;
    for (let start = 0; start < rows.length; start += 100) {
      const chunk = rows.slice(start, start + 100);
      this.run(`${head} VALUES ${new Array<string>(chunk.length).fill(tuple).join(', ')} ${tail}`, chunk.flatMap(values));
    }
  }

  /** Each row takes its record's current buckets (NULL when the record does not exist or is a tombstone, so no pull lists it). */
  upsertFieldStates(rows: readonly FieldStateRow[]): Promise<void> {
    // Later rows for the same field win, as a sequence of upserts would.
    const latest = new Map<string, FieldStateRow>();
    for (const row of rows) latest.set(JSON.stringify([row.entity, row.recordId, row.field]), row);
    const batch = [...latest.values()];
    for (let start = 0; start < batch.length; start += 100) {
      const chunk = batch.slice(start, start + 100);
      this.run(
        `INSERT INTO field_state (entity, record_id, field, hlc, commit_seq, owner_user_id, team_id, territory_id)
         SELECT v.column1, v.column2, v.column3, v.column4, v.column5, r.owner_user_id, r.team_id, r.territory_id
         FROM (VALUES ${new Array<string>(chunk.length).fill('(?, ?, ?, ?, ?)').join(', ')}) v
         LEFT JOIN records r ON r.entity = v.column1 AND r.record_id = v.column2 AND r.deleted_seq IS NULL
         WHERE true
         ON CONFLICT (entity, record_id, field) DO UPDATE SET hlc = excluded.hlc, commit_seq = excluded.commit_seq,
           owner_user_id = excluded.owner_user_id, team_id = excluded.team_id, territory_id = excluded.territory_id`,
        chunk.flatMap((row) => [row.entity, row.recordId, row.field, row.hlc, row.commitSeq]),
      );
    }
    return done;
  }

  appendChangeLog(rows: readonly ChangeLogRow[]): Promise<void> {
    this.#insertMany('INSERT INTO change_log (commit_seq, entity, record_id, kind, device_id, fields, previous_buckets)', 7, '', rows, (row) => [
      row.commitSeq,
      row.entity,
      row.recordId,
      row.kind,
      row.deviceId,
      JSON.stringify(row.fields),
      row.previousBuckets === null ? null : JSON.stringify(row.previousBuckets),
    ]);
    return done;
  }

  replaceBlindIndex(key: RecordKey, field: string, digests: readonly string[]): Promise<void> {
    this.run('DELETE FROM blind_index WHERE entity = ? AND record_id = ? AND field = ?', [key.entity, key.recordId, field]);
    for (const digest of new Set(digests)) {
      this.run('INSERT INTO blind_index (entity, record_id, field, digest) VALUES (?, ?, ?, ?)', [key.entity, key.recordId, field, digest]);
    }
    return done;
  }

  /** Statements here are synchronous and cheap: the batched forms are loops. */
  async insertRecords(rows: readonly RecordRow[]): Promise<void> {
    for (const row of rows) await this.insertRecord(row);
  }

  async updateRecordSeals(rows: readonly { readonly key: RecordKey; readonly sealed: SealedValue }[]): Promise<void> {
    for (const row of rows) await this.updateRecordSeal(row.key, row.sealed);
  }

  async replaceBlindIndexes(rows: readonly { readonly key: RecordKey; readonly field: string; readonly digests: readonly string[] }[]): Promise<void> {
    for (const row of rows) await this.replaceBlindIndex(row.key, row.field, row.digests);
  }

  eraseRecord(erasure: ErasureRow): Promise<boolean> {
    this.erased = true;
    const params = [erasure.entity, erasure.recordId];
    if (this.get('SELECT 1 AS present FROM erasures WHERE entity = ? AND record_id = ?', params) !== null) return Promise.resolve(false);
    const existed = this.run('DELETE FROM records WHERE entity = ? AND record_id = ?', params).changes > 0;
    this.run('DELETE FROM field_state WHERE entity = ? AND record_id = ?', params);
    this.run('DELETE FROM change_log WHERE entity = ? AND record_id = ?', params);
    this.run('DELETE FROM blind_index WHERE entity = ? AND record_id = ?', params);
    this.run('INSERT INTO erasures (entity, record_id, commit_seq, erased_at, erased_by_user_id) VALUES (?, ?, ?, ?, ?)', [
      ...params,
      erasure.commitSeq,
      erasure.erasedAt,
      erasure.erasedByUserId,
    ]);
    // The checkpoint this erase owes, in its own transaction: settled by whichever store on the file gets it through.
    markCheckpointOwed(this.db, erasure.commitSeq);
    return Promise.resolve(existed);
  }

  insertPurgeAcks(rows: readonly PurgeAckRow[]): Promise<void> {
    for (const row of rows) {
      this.run('INSERT OR IGNORE INTO purge_acks (erasure_seq, device_id, acked_at) VALUES (?, ?, ?)', [row.erasureSeq, row.deviceId, row.ackedAt]);
    }
    return done;
  }

  recordServerStep(name: string, at: Millis): Promise<void> {
    this.run('INSERT OR IGNORE INTO server_steps (name, done_at) VALUES (?, ?)', [name, at]);
    return done;
  }

  forgetServerStep(name: string): Promise<void> {
    this.run('DELETE FROM server_steps WHERE name = ?', [name]);
    return done;
  }
}
