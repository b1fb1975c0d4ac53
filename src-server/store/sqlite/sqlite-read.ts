// The read half of the embedded store: every StoreReadTx query, in SQL for
// better-sqlite3. Runs on a read connection inside BEGIN…COMMIT (one WAL
// snapshot) or on the writer inside its transaction. Statements are prepared
// once per connection; bucket lists travel as JSON arrays through json_each.
import type Database from 'better-sqlite3';
import type { SyncedEntity } from '../../../src-shared/sync/protocol';
import type {
  Buckets,
  ChangeLogRow,
  DataKeyRow,
  DeviceRow,
  EnrolmentCodeRow,
  ErasureRow,
  FieldStateRow,
  Millis,
  Memberships,
  MembershipChangeRow,
  OrganisationRow,
  PurgeAckRow,
  RecordKey,
  RecordRow,
  StoredRejection,
  UserRow,
} from '../rows';
import type { DirectoryPage, SeqRange, StoreReadTx } from '../store';
import {
  asRow,
  int,
  StoreCorruptError,
  text,
  toChangeLog,
  toDataKey,
  toDevice,
  toEnrolmentCode,
  toErasure,
  toFieldState,
  toRecord,
  toUser,
  type SqlRow,
} from './columns';
import { bucketParams, visible } from './sqlite-buckets';
import { changedFields } from './sqlite-changed-fields';
import { countVisibleRecords, recordPage } from './sqlite-record-page';

type Params = Record<string, unknown> | unknown[];

const keysJson = (keys: readonly RecordKey[]): string => JSON.stringify(keys.map((key) => [key.entity, key.recordId]));
const keyJoin = `(SELECT DISTINCT json_extract(value, '$[0]') AS entity, json_extract(value, '$[1]') AS record_id FROM json_each(@keys))`;

export class SqliteReadTx implements StoreReadTx {
  readonly #statements = new Map<string, Database.Statement>();

  constructor(protected readonly db: Database.Database) {}

  protected statement(sql: string): Database.Statement {
    let prepared = this.#statements.get(sql);
    if (prepared === undefined) {
      prepared = this.db.prepare(sql);
      this.#statements.set(sql, prepared);
    }
    return prepared;
  }

  protected all(sql: string, params: Params = {}): SqlRow[] {
    return this.statement(sql).all(params).map(asRow);
  }

  protected get(sql: string, params: Params = {}): SqlRow | null {
    const row: unknown = this.statement(sql).get(params);
    return row === undefined ? null : asRow(row);
  }

  protected run(sql: string, params: Params = {}): Database.RunResult {
    return this.statement(sql).run(params);
  }

  getOrganisation(): Promise<OrganisationRow | null> {
    const row = this.get('SELECT * FROM organisation WHERE singleton = 1');
    return Promise.resolve(
      row === null
        ? null
        : {
            id: text(row, 'id'),
            name: text(row, 'name'),
            caCertificatePem: text(row, 'ca_certificate_pem'),
            signingPublicKeyPem: text(row, 'signing_public_key_pem'),
            createdAt: int(row, 'created_at'),
          },
    );
  }

  listDataKeys(): Promise<DataKeyRow[]> {
    return Promise.resolve(this.all('SELECT * FROM data_keys ORDER BY seq').map(toDataKey));
  }

  getUser(userId: string): Promise<UserRow | null> {
    const row = this.get('SELECT * FROM users WHERE id = ?', [userId]);
    return Promise.resolve(row === null ? null : toUser(row));
  }

  listUsers(): Promise<UserRow[]> {
    return Promise.resolve(this.all('SELECT * FROM users ORDER BY created_at, id').map(toUser));
  }

  listDirectory(userId: string, page?: DirectoryPage): Promise<UserRow[]> {
    // LIMIT -1: no limit.
    const rows = this.all(
      `SELECT * FROM users WHERE (id = @user OR id IN (
         SELECT other.user_id FROM memberships mine
         JOIN memberships other ON other.kind = mine.kind AND other.bucket_id = mine.bucket_id
         WHERE mine.user_id = @user))
         AND (@after IS NULL OR id > @after)
       ORDER BY id LIMIT @limit`,
      { user: userId, after: page?.after ?? null, limit: page?.limit ?? -1 },
    );
    return Promise.resolve(rows.map(toUser));
  }

  directoryGeneration(): Promise<number> {
    const row = this.get('SELECT generation FROM directory_generation WHERE singleton = 1');
    return Promise.resolve(row === null ? 0 : int(row, 'generation'));
  }

  #membershipsOf(sql: string, userId: string): Memberships {
    const teamIds: string[] = [];
    const territoryIds: string[] = [];
    for (const row of this.all(sql, { user: userId })) {
      (text(row, 'kind') === 'team' ? teamIds : territoryIds).push(text(row, 'bucket_id'));
    }
    return { teamIds, territoryIds };
  }

  getMemberships(userId: string): Promise<Memberships> {
    return Promise.resolve(this.#membershipsOf('SELECT kind, bucket_id FROM memberships WHERE user_id = @user ORDER BY kind, bucket_id', userId));
  }

  getBucketHistory(userId: string): Promise<Memberships> {
    return Promise.resolve(
      this.#membershipsOf(
        `SELECT kind, bucket_id FROM memberships WHERE user_id = @user
         UNION SELECT kind, bucket_id FROM membership_changes WHERE user_id = @user
         ORDER BY kind, bucket_id`,
        userId,
      ),
    );
  }

  listMembershipChanges(userId: string, range: SeqRange): Promise<MembershipChangeRow[]> {
    const rows = this.all(
      `SELECT * FROM membership_changes WHERE user_id = ? AND commit_seq > ? AND commit_seq <= ?
       ORDER BY commit_seq, kind, bucket_id`,
      [userId, range.afterSeq, range.throughSeq],
    );
    return Promise.resolve(
      rows.map((row) => {
        const kind = text(row, 'kind');
        const change = text(row, 'change');
        if (kind !== 'team' && kind !== 'territory') throw new StoreCorruptError('kind');
        if (change !== 'added' && change !== 'removed') throw new StoreCorruptError('change');
        return { commitSeq: int(row, 'commit_seq'), userId: text(row, 'user_id'), kind, bucketId: text(row, 'bucket_id'), change };
      }),
    );
  }

  getEnrolmentCode(codeHash: string): Promise<EnrolmentCodeRow | null> {
    const row = this.get('SELECT * FROM enrolment_codes WHERE code_hash = ?', [codeHash]);
    return Promise.resolve(row === null ? null : toEnrolmentCode(row));
  }

  getDevice(deviceId: string): Promise<DeviceRow | null> {
    const row = this.get('SELECT * FROM devices WHERE id = ?', [deviceId]);
    return Promise.resolve(row === null ? null : toDevice(row));
  }

  getDeviceByTokenHash(tokenHash: string): Promise<DeviceRow | null> {
    const row = this.get('SELECT * FROM devices WHERE token_hash = ?', [tokenHash]);
    return Promise.resolve(row === null ? null : toDevice(row));
  }

  listDevices(userId?: string): Promise<DeviceRow[]> {
    const rows =
      userId === undefined
        ? this.all('SELECT * FROM devices ORDER BY created_at, id')
        : this.all('SELECT * FROM devices WHERE user_id = ? ORDER BY created_at, id', [userId]);
    return Promise.resolve(rows.map(toDevice));
  }

  listRejections(deviceId: string): Promise<StoredRejection[]> {
    const rows = this.all('SELECT * FROM device_rejections WHERE device_id = ? ORDER BY seq, code', [deviceId]);
    return Promise.resolve(
      rows.map((row) => {
        const code = text(row, 'code');
        if (code !== 'invalid' && code !== 'forbidden' && code !== 'conflict' && code !== 'unknown_field' && code !== 'erased') {
          throw new StoreCorruptError('code');
        }
        const fields: unknown = JSON.parse(text(row, 'fields'));
        if (!Array.isArray(fields) || !fields.every((field): field is string => typeof field === 'string')) throw new StoreCorruptError('fields');
        return { seq: int(row, 'seq'), code, message: text(row, 'message'), fields };
      }),
    );
  }

  head(): Promise<number> {
    const row = this.get('SELECT COALESCE(MAX(seq), 0) AS head FROM commits');
    return Promise.resolve(row === null ? 0 : int(row, 'head'));
  }

  getRecords(keys: readonly RecordKey[]): Promise<RecordRow[]> {
    if (keys.length === 0) return Promise.resolve([]);
    const rows = this.all(`SELECT r.* FROM ${keyJoin} k JOIN records r ON r.entity = k.entity AND r.record_id = k.record_id`, {
      keys: keysJson(keys),
    });
    return Promise.resolve(rows.map(toRecord));
  }

  getFieldStates(keys: readonly RecordKey[]): Promise<FieldStateRow[]> {
    if (keys.length === 0) return Promise.resolve([]);
    const rows = this.all(
      `SELECT f.* FROM ${keyJoin} k JOIN field_state f ON f.entity = k.entity AND f.record_id = k.record_id
       ORDER BY f.entity, f.record_id, f.field`,
      { keys: keysJson(keys) },
    );
    return Promise.resolve(rows.map(toFieldState));
  }

  /** One ordered index range per bucket, merged (sqlite-changed-fields.ts says why). */
  listChangedFields(range: SeqRange, buckets: Buckets, limit: number, exceptDeviceId?: string): Promise<FieldStateRow[]> {
    return Promise.resolve(changedFields((sql, params) => this.all(sql, params), range, buckets, limit, exceptDeviceId));
  }

  listDeletions(range: SeqRange, buckets: Buckets, limit: number): Promise<RecordRow[]> {
    const rows = this.all(
      `SELECT r.* FROM records r INDEXED BY records_by_deleted_seq WHERE r.deleted_seq > @after AND r.deleted_seq <= @through AND ${visible('b', buckets)}
       ORDER BY r.deleted_seq, r.entity, r.record_id LIMIT @limit`,
      { after: range.afterSeq, through: range.throughSeq, limit, ...bucketParams('b', buckets) },
    );
    return Promise.resolve(rows.map(toRecord));
  }

  listRebuckets(range: SeqRange, limit: number): Promise<ChangeLogRow[]> {
    const rows = this.all(
      `SELECT * FROM change_log WHERE kind = 'rebucket' AND commit_seq > ? AND commit_seq <= ?
       ORDER BY commit_seq, entity, record_id LIMIT ?`,
      [range.afterSeq, range.throughSeq, limit],
    );
    return Promise.resolve(rows.map(toChangeLog));
  }

  /** Keyset page of live visible records (sqlite-record-page.ts says how). */
  listRecordPage(visibleTo: Buckets, notVisibleTo: Buckets | null, after: RecordKey | null, limit: number, liveAt?: number): Promise<RecordRow[]> {
    return Promise.resolve(recordPage((sql, params) => this.all(sql, params), visibleTo, notVisibleTo, after, limit, liveAt));
  }

  /** Live visible records, counted from the bucket indexes (sqlite-record-page.ts says how). */
  countRecords(visibleTo: Buckets): Promise<number> {
    return Promise.resolve(countVisibleRecords((sql, params) => this.all(sql, params), visibleTo));
  }

  listChangeLog(key: RecordKey): Promise<ChangeLogRow[]> {
    const rows = this.all('SELECT * FROM change_log WHERE entity = ? AND record_id = ? ORDER BY commit_seq, kind', [key.entity, key.recordId]);
    return Promise.resolve(rows.map(toChangeLog));
  }

  listErasures(range: SeqRange, limit: number, erasedSince?: Millis): Promise<ErasureRow[]> {
    const rows = this.all('SELECT * FROM erasures WHERE commit_seq > ? AND commit_seq <= ? AND erased_at >= ? ORDER BY commit_seq LIMIT ?', [
      range.afterSeq,
      range.throughSeq,
      erasedSince ?? Number.MIN_SAFE_INTEGER,
      limit,
    ]);
    return Promise.resolve(rows.map(toErasure));
  }

  findErasures(keys: readonly RecordKey[]): Promise<ErasureRow[]> {
    if (keys.length === 0) return Promise.resolve([]);
    const rows = this.all(`SELECT e.* FROM ${keyJoin} k JOIN erasures e ON e.entity = k.entity AND e.record_id = k.record_id`, {
      keys: keysJson(keys),
    });
    return Promise.resolve(rows.map(toErasure));
  }

  listPurgeAcks(erasureSeq: number): Promise<PurgeAckRow[]> {
    const rows = this.all('SELECT * FROM purge_acks WHERE erasure_seq = ? ORDER BY device_id', [erasureSeq]);
    return Promise.resolve(
      rows.map((row) => ({ erasureSeq: int(row, 'erasure_seq'), deviceId: text(row, 'device_id'), ackedAt: int(row, 'acked_at') })),
    );
  }

  findByBlindIndex(entity: SyncedEntity, field: string, digest: string): Promise<RecordKey[]> {
    const rows = this.all('SELECT DISTINCT entity, record_id FROM blind_index WHERE entity = ? AND field = ? AND digest = ? ORDER BY record_id', [
      entity,
      field,
      digest,
    ]);
    return Promise.resolve(rows.map((row) => ({ entity, recordId: text(row, 'record_id') })));
  }

  listLiveRecords(entity: SyncedEntity, afterRecordId: string | null, limit: number): Promise<RecordRow[]> {
    const rows = this.all(
      `SELECT * FROM records INDEXED BY records_key
       WHERE entity = @entity AND record_id > @after AND deleted_seq IS NULL ORDER BY record_id LIMIT @limit`,
      { entity, after: afterRecordId ?? '', limit },
    );
    return Promise.resolve(rows.map(toRecord));
  }

  serverStepDoneAt(name: string): Promise<Millis | null> {
    const row = this.get('SELECT done_at FROM server_steps WHERE name = ?', [name]);
    return Promise.resolve(row === null ? null : int(row, 'done_at'));
  }

  countSealedByKey(keyId: string): Promise<number> {
    const row = this.get('SELECT COUNT(*) AS n FROM records WHERE key_id = ?', [keyId]);
    return Promise.resolve(row === null ? 0 : int(row, 'n'));
  }

  listSealedByKey(keyId: string, limit: number): Promise<RecordRow[]> {
    return Promise.resolve(this.all('SELECT * FROM records WHERE key_id = ? LIMIT ?', [keyId, limit]).map(toRecord));
  }
}
