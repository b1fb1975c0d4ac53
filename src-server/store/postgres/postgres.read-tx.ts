// The read half of the Store port on PostgreSQL. It runs inside whatever
// transaction its connection is in: a REPEATABLE READ READ ONLY snapshot for
// `Store.read`, the serialised write transaction for `Store.transaction`.
import type { SyncedEntity } from '../../../src-shared/sync/protocol';
import type { DirectoryPage, StoreReadTx, SeqRange } from '../store';
import type {
  Buckets,
  ChangeLogRow,
  DataKeyRow,
  DeviceRow,
  EnrolmentCodeRow,
  ErasureRow,
  FieldStateRow,
  Millis,
  MembershipChangeRow,
  Memberships,
  OrganisationRow,
  PurgeAckRow,
  RecordKey,
  RecordRow,
  StoredRejection,
  UserRow,
} from '../rows';
import {
  BucketKindDb,
  CountDb,
  SeqDb,
  toChangeLog,
  toDataKey,
  toDevice,
  toEnrolmentCode,
  toErasure,
  toFieldState,
  toMembershipChange,
  toOrganisation,
  toPurgeAck,
  toRecord,
  toRecordKey,
  toRejection,
  toUser,
} from './postgres-rows';
import { keysSql, Params, visibleSql, type SqlRunner } from './postgres-sql';
import { z } from 'zod';

const recordColumns =
  'r.entity, r.record_id, r.owner_user_id, r.team_id, r.territory_id, r.created_seq, r.bucket_seq, r.deleted_seq, r.delete_hlc, r.key_id, r.ciphertext';
const fieldColumns = 'f.entity, f.record_id, f.field, f.hlc, f.commit_seq';
const changeLogColumns = 'c.commit_seq, c.entity, c.record_id, c.kind, c.device_id, c.fields, c.previous_buckets';
const MembershipDb = z.object({ kind: BucketKindDb, bucket_id: z.string() });
const ServerStepDb = z.object({ done_at: z.number().int() });

function toMemberships(rows: unknown[]): Memberships {
  const parsed = rows.map((row) => MembershipDb.parse(row));
  const ids = (kind: 'team' | 'territory') =>
    parsed
      .filter((row) => row.kind === kind)
      .map((row) => row.bucket_id)
      .sort();
  return { teamIds: ids('team'), territoryIds: ids('territory') };
}

export class PostgresReadTx implements StoreReadTx {
  constructor(protected readonly sql: SqlRunner) {}

  async getOrganisation(): Promise<OrganisationRow | null> {
    const [row] = await this.sql.rows('SELECT id, name, ca_certificate_pem, signing_public_key_pem, created_at FROM organisation');
    return row === undefined ? null : toOrganisation(row);
  }

  async listDataKeys(): Promise<DataKeyRow[]> {
    const rows = await this.sql.rows('SELECT id, wrapped_key, master_key_id, active, created_at FROM data_keys ORDER BY seq');
    return rows.map(toDataKey);
  }

  async getUser(userId: string): Promise<UserRow | null> {
    const [row] = await this.sql.rows('SELECT id, display_name, is_admin, created_at FROM users WHERE id = $1', [userId]);
    return row === undefined ? null : toUser(row);
  }

  async listUsers(): Promise<UserRow[]> {
    const rows = await this.sql.rows('SELECT id, display_name, is_admin, created_at FROM users ORDER BY created_at, id');
    return rows.map(toUser);
  }

  async listDirectory(userId: string, page?: DirectoryPage): Promise<UserRow[]> {
    // LIMIT NULL: no limit. COLLATE "C": byte order, as SQLite's.
    const rows = await this.sql.rows(
      `SELECT id, display_name, is_admin, created_at FROM users WHERE (id = $1 OR id IN (
         SELECT other.user_id FROM memberships mine
         JOIN memberships other ON other.kind = mine.kind AND other.bucket_id = mine.bucket_id
         WHERE mine.user_id = $1))
         AND ($2::text IS NULL OR id COLLATE "C" > $2::text COLLATE "C")
       ORDER BY id COLLATE "C" LIMIT $3::integer`,
      [userId, page?.after ?? null, page?.limit ?? null],
    );
    return rows.map(toUser);
  }

  async directoryGeneration(): Promise<number> {
    const [row] = await this.sql.rows('SELECT coalesce(max(generation), 0) AS seq FROM directory_generation');
    return SeqDb.parse(row).seq;
  }

  async getMemberships(userId: string): Promise<Memberships> {
    return toMemberships(await this.sql.rows('SELECT kind, bucket_id FROM memberships WHERE user_id = $1', [userId]));
  }

  async getBucketHistory(userId: string): Promise<Memberships> {
    const rows = await this.sql.rows(
      `SELECT kind, bucket_id FROM memberships WHERE user_id = $1
       UNION SELECT kind, bucket_id FROM membership_changes WHERE user_id = $1`,
      [userId],
    );
    return toMemberships(rows);
  }

  async listMembershipChanges(userId: string, range: SeqRange): Promise<MembershipChangeRow[]> {
    const rows = await this.sql.rows(
      `SELECT commit_seq, user_id, kind, bucket_id, change FROM membership_changes
       WHERE user_id = $1 AND commit_seq > $2 AND commit_seq <= $3 ORDER BY commit_seq, kind, bucket_id`,
      [userId, range.afterSeq, range.throughSeq],
    );
    return rows.map(toMembershipChange);
  }

  async getEnrolmentCode(codeHash: string): Promise<EnrolmentCodeRow | null> {
    const [row] = await this.sql.rows(
      'SELECT code_hash, user_id, created_at, expires_at, used_at, device_id, issued_by_device_id, cancelled_at FROM enrolment_codes WHERE code_hash = $1',
      [codeHash],
    );
    return row === undefined ? null : toEnrolmentCode(row);
  }

  private readonly deviceColumns = 'id, user_id, token_hash, created_at, revoked_at, last_applied_seq, last_cursor, last_seen_at';

  async getDevice(deviceId: string): Promise<DeviceRow | null> {
    const [row] = await this.sql.rows(`SELECT ${this.deviceColumns} FROM devices WHERE id = $1`, [deviceId]);
    return row === undefined ? null : toDevice(row);
  }

  async getDeviceByTokenHash(tokenHash: string): Promise<DeviceRow | null> {
    const [row] = await this.sql.rows(`SELECT ${this.deviceColumns} FROM devices WHERE token_hash = $1`, [tokenHash]);
    return row === undefined ? null : toDevice(row);
  }

  async listDevices(userId?: string): Promise<DeviceRow[]> {
    const rows =
      userId === undefined
        ? await this.sql.rows(`SELECT ${this.deviceColumns} FROM devices ORDER BY created_at, id`)
        : await this.sql.rows(`SELECT ${this.deviceColumns} FROM devices WHERE user_id = $1 ORDER BY created_at, id`, [userId]);
    return rows.map(toDevice);
  }

  async listRejections(deviceId: string): Promise<StoredRejection[]> {
    const rows = await this.sql.rows('SELECT seq, code, message, fields FROM device_rejections WHERE device_id = $1 ORDER BY seq, code COLLATE "C"', [deviceId]);
    return rows.map(toRejection);
  }

  async head(): Promise<number> {
    const [row] = await this.sql.rows('SELECT seq FROM commit_head WHERE singleton = 1');
    return SeqDb.parse(row).seq;
  }

  async getRecords(keys: readonly RecordKey[]): Promise<RecordRow[]> {
    if (keys.length === 0) return [];
    const params = new Params();
    const rows = await this.sql.rows(
      `SELECT ${recordColumns} FROM ${keysSql(keys, params)} JOIN records r USING (entity, record_id)`,
      params.values,
    );
    return rows.map(toRecord);
  }

  async getFieldStates(keys: readonly RecordKey[]): Promise<FieldStateRow[]> {
    if (keys.length === 0) return [];
    const params = new Params();
    const rows = await this.sql.rows(
      `SELECT ${fieldColumns} FROM ${keysSql(keys, params)} JOIN field_state f USING (entity, record_id)
       ORDER BY f.entity, f.record_id, f.field`,
      params.values,
    );
    return rows.map(toFieldState);
  }

  /**
   * One ordered index range per bucket of the device (field_state_by_owner/
   * _team/_territory, migration 0002), each cut at the limit, merged; a field
   * in two of the buckets comes once (UNION). Only a live record's field state
   * has buckets, so records are not read. Leaving out one device's own
   * commits (`exceptDeviceId`) looks up each row's commit by its key.
   */
  async listChangedFields(range: SeqRange, buckets: Buckets, limit: number, exceptDeviceId?: string): Promise<FieldStateRow[]> {
    const params = new Params();
    const after = params.add(range.afterSeq);
    const through = params.add(range.throughSeq);
    const cap = params.add(limit);
    // A scalar subquery, not NOT EXISTS: PostgreSQL turns NOT EXISTS into an
    // anti join that reads every commit of the device (a sequential scan of
    // commits on each pull and poke check, growing with the organisation's
    // history) and sorts the range instead of stopping at the limit. The
    // subquery stays a per-row lookup of commits_pkey on the ordered range.
    const notOwn =
      exceptDeviceId === undefined ? '' : `AND (SELECT c.device_id FROM commits c WHERE c.seq = f.commit_seq) IS DISTINCT FROM ${params.add(exceptDeviceId)}`;
    const arm = (column: string, ids: readonly string[]) =>
      `SELECT f.* FROM unnest(${params.add([...new Set(ids)])}::text[]) AS b(id) CROSS JOIN LATERAL (
         SELECT ${fieldColumns} FROM field_state f
         WHERE f.${column} = b.id AND f.commit_seq > ${after} AND f.commit_seq <= ${through} ${notOwn}
         ORDER BY f.commit_seq, f.entity, f.record_id, f.field LIMIT ${cap}) f`;
    const rows = await this.sql.rows(
      `SELECT * FROM (${arm('owner_user_id', buckets.userIds)} UNION ${arm('team_id', buckets.teamIds)} UNION ${arm('territory_id', buckets.territoryIds)}) f
       ORDER BY f.commit_seq, f.entity, f.record_id, f.field LIMIT ${cap}`,
      params.values,
    );
    return rows.map(toFieldState);
  }

  async listDeletions(range: SeqRange, buckets: Buckets, limit: number): Promise<RecordRow[]> {
    const params = new Params();
    const after = params.add(range.afterSeq);
    const through = params.add(range.throughSeq);
    const visible = visibleSql('r', buckets, params);
    const rows = await this.sql.rows(
      `SELECT ${recordColumns} FROM records r
       WHERE r.deleted_seq > ${after} AND r.deleted_seq <= ${through} AND ${visible}
       ORDER BY r.deleted_seq, r.entity, r.record_id LIMIT ${params.add(limit)}`,
      params.values,
    );
    return rows.map(toRecord);
  }

  async listRebuckets(range: SeqRange, limit: number): Promise<ChangeLogRow[]> {
    const rows = await this.sql.rows(
      `SELECT ${changeLogColumns} FROM change_log c
       WHERE c.kind = 'rebucket' AND c.commit_seq > $1 AND c.commit_seq <= $2
       ORDER BY c.commit_seq, c.entity, c.record_id LIMIT $3`,
      [range.afterSeq, range.throughSeq, limit],
    );
    return rows.map(toChangeLog);
  }

  async listRecordPage(visibleTo: Buckets, notVisibleTo: Buckets | null, after: RecordKey | null, limit: number, liveAt?: number): Promise<RecordRow[]> {
    const params = new Params();
    const live = liveAt === undefined ? 'r.deleted_seq IS NULL' : `(r.deleted_seq IS NULL OR r.deleted_seq > ${params.add(liveAt)})`;
    const conditions = [live, visibleSql('r', visibleTo, params)];
    if (notVisibleTo !== null) conditions.push(`NOT ${visibleSql('r', notVisibleTo, params)}`);
    if (after !== null) conditions.push(`(r.entity, r.record_id) > (${params.add(after.entity)}, ${params.add(after.recordId)})`);
    const rows = await this.sql.rows(
      `SELECT ${recordColumns} FROM records r WHERE ${conditions.join(' AND ')}
       ORDER BY r.entity, r.record_id LIMIT ${params.add(limit)}`,
      params.values,
    );
    return rows.map(toRecord);
  }

  async countRecords(visibleTo: Buckets): Promise<number> {
    const params = new Params();
    const [row] = await this.sql.rows(`SELECT count(*) AS n FROM records r WHERE r.deleted_seq IS NULL AND ${visibleSql('r', visibleTo, params)}`, params.values);
    return CountDb.parse(row).n;
  }

  async listChangeLog(key: RecordKey): Promise<ChangeLogRow[]> {
    const rows = await this.sql.rows(
      `SELECT ${changeLogColumns} FROM change_log c WHERE c.entity = $1 AND c.record_id = $2 ORDER BY c.commit_seq, c.kind`,
      [key.entity, key.recordId],
    );
    return rows.map(toChangeLog);
  }

  async listErasures(range: SeqRange, limit: number, erasedSince?: Millis): Promise<ErasureRow[]> {
    const rows = await this.sql.rows(
      `SELECT entity, record_id, commit_seq, erased_at, erased_by_user_id FROM erasures
       WHERE commit_seq > $1 AND commit_seq <= $2 AND erased_at >= $3 ORDER BY commit_seq LIMIT $4`,
      [range.afterSeq, range.throughSeq, erasedSince ?? Number.MIN_SAFE_INTEGER, limit],
    );
    return rows.map(toErasure);
  }

  async findErasures(keys: readonly RecordKey[]): Promise<ErasureRow[]> {
    if (keys.length === 0) return [];
    const params = new Params();
    const rows = await this.sql.rows(
      `SELECT e.entity, e.record_id, e.commit_seq, e.erased_at, e.erased_by_user_id
       FROM ${keysSql(keys, params)} JOIN erasures e USING (entity, record_id) ORDER BY e.commit_seq, e.entity, e.record_id`,
      params.values,
    );
    return rows.map(toErasure);
  }

  async listPurgeAcks(erasureSeq: number): Promise<PurgeAckRow[]> {
    const rows = await this.sql.rows('SELECT erasure_seq, device_id, acked_at FROM purge_acks WHERE erasure_seq = $1 ORDER BY device_id', [
      erasureSeq,
    ]);
    return rows.map(toPurgeAck);
  }

  async findByBlindIndex(entity: SyncedEntity, field: string, digest: string): Promise<RecordKey[]> {
    const rows = await this.sql.rows(
      'SELECT DISTINCT entity, record_id FROM blind_index WHERE entity = $1 AND field = $2 AND digest = $3 ORDER BY record_id',
      [entity, field, digest],
    );
    return rows.map(toRecordKey);
  }

  async listLiveRecords(entity: SyncedEntity, afterRecordId: string | null, limit: number): Promise<RecordRow[]> {
    const rows = await this.sql.rows(
      `SELECT ${recordColumns} FROM records r
       WHERE r.entity = $1 AND r.record_id > $2 AND r.deleted_seq IS NULL ORDER BY r.record_id LIMIT $3`,
      [entity, afterRecordId ?? '', limit],
    );
    return rows.map(toRecord);
  }

  async serverStepDoneAt(name: string): Promise<Millis | null> {
    const [row] = await this.sql.rows('SELECT done_at FROM server_steps WHERE name = $1', [name]);
    return row === undefined ? null : ServerStepDb.parse(row).done_at;
  }

  async countSealedByKey(keyId: string): Promise<number> {
    const [row] = await this.sql.rows('SELECT count(*) AS n FROM records WHERE key_id = $1', [keyId]);
    return CountDb.parse(row).n;
  }

  async listSealedByKey(keyId: string, limit: number): Promise<RecordRow[]> {
    const rows = await this.sql.rows(`SELECT ${recordColumns} FROM records r WHERE r.key_id = $1 LIMIT $2`, [keyId, limit]);
    return rows.map(toRecord);
  }
}
