// Maps PostgreSQL result rows to the port's row types. Every row is parsed
// with zod: the driver hands back untyped objects, and a schema drift must
// fail loudly here rather than leak a wrong shape into the sync layer.
import pg from 'pg';
import { z } from 'zod';
import { SyncedEntity } from '../../../src-shared/sync/protocol';
import type {
  ChangeLogRow,
  DataKeyRow,
  DeviceRow,
  EnrolmentCodeRow,
  ErasureRow,
  FieldStateRow,
  MembershipChangeRow,
  OrganisationRow,
  PurgeAckRow,
  RecordBuckets,
  RecordKey,
  RecordRow,
  StoredRejection,
  UserRow,
} from '../rows';

const int8Oid = 20;

/**
 * Type parsers for this store's pool: bigint columns (seqs, epoch millis,
 * counts) come back as numbers; a value beyond 2^53 is an error, not a
 * silently rounded cursor.
 */
export const postgresTypes: pg.CustomTypesConfig = {
  getTypeParser: (oid: number, format?: 'text' | 'binary'): unknown => {
    if (oid === int8Oid && format !== 'binary') {
      return (text: string) => {
        const value = Number(text);
        if (!Number.isSafeInteger(value)) throw new RangeError('A bigint column exceeds the safe integer range.');
        return value;
      };
    }
    return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text');
  },
};

const int = z.number().int();
const nullableInt = int.nullable();
const bytes = z.instanceof(Uint8Array);

const OrganisationDb = z.object({
  id: z.string(),
  name: z.string(),
  ca_certificate_pem: z.string(),
  signing_public_key_pem: z.string(),
  created_at: int,
});
export const toOrganisation = (row: unknown): OrganisationRow => {
  const r = OrganisationDb.parse(row);
  return { id: r.id, name: r.name, caCertificatePem: r.ca_certificate_pem, signingPublicKeyPem: r.signing_public_key_pem, createdAt: r.created_at };
};

const DataKeyDb = z.object({ id: z.string(), wrapped_key: bytes, master_key_id: z.string(), active: z.boolean(), created_at: int });
export const toDataKey = (row: unknown): DataKeyRow => {
  const r = DataKeyDb.parse(row);
  return { id: r.id, wrappedKey: r.wrapped_key, masterKeyId: r.master_key_id, active: r.active, createdAt: r.created_at };
};

const UserDb = z.object({ id: z.string(), display_name: z.string(), is_admin: z.boolean(), created_at: int });
export const toUser = (row: unknown): UserRow => {
  const r = UserDb.parse(row);
  return { id: r.id, displayName: r.display_name, isAdmin: r.is_admin, createdAt: r.created_at };
};

export const BucketKindDb = z.enum(['team', 'territory']);

const MembershipChangeDb = z.object({
  commit_seq: int,
  user_id: z.string(),
  kind: BucketKindDb,
  bucket_id: z.string(),
  change: z.enum(['added', 'removed']),
});
export const toMembershipChange = (row: unknown): MembershipChangeRow => {
  const r = MembershipChangeDb.parse(row);
  return { commitSeq: r.commit_seq, userId: r.user_id, kind: r.kind, bucketId: r.bucket_id, change: r.change };
};

const EnrolmentCodeDb = z.object({
  code_hash: z.string(),
  user_id: z.string(),
  created_at: int,
  expires_at: int,
  used_at: nullableInt,
  device_id: z.string().nullable(),
  issued_by_device_id: z.string().nullable(),
  cancelled_at: nullableInt,
});
export const toEnrolmentCode = (row: unknown): EnrolmentCodeRow => {
  const r = EnrolmentCodeDb.parse(row);
  return {
    codeHash: r.code_hash,
    userId: r.user_id,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    usedAt: r.used_at,
    deviceId: r.device_id,
    issuedByDeviceId: r.issued_by_device_id,
    cancelledAt: r.cancelled_at,
  };
};

const DeviceDb = z.object({
  id: z.string(),
  user_id: z.string(),
  token_hash: z.string(),
  created_at: int,
  revoked_at: nullableInt,
  last_applied_seq: int,
  last_cursor: int,
  last_seen_at: nullableInt,
});
export const toDevice = (row: unknown): DeviceRow => {
  const r = DeviceDb.parse(row);
  return {
    id: r.id,
    userId: r.user_id,
    tokenHash: r.token_hash,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    lastAppliedSeq: r.last_applied_seq,
    lastCursor: r.last_cursor,
    lastSeenAt: r.last_seen_at,
  };
};

const RecordDb = z.object({
  entity: SyncedEntity,
  record_id: z.string(),
  owner_user_id: z.string(),
  team_id: z.string().nullable(),
  territory_id: z.string().nullable(),
  created_seq: int,
  bucket_seq: int,
  deleted_seq: nullableInt,
  delete_hlc: z.string().nullable(),
  key_id: z.string().nullable(),
  ciphertext: bytes.nullable(),
});
export const toRecord = (row: unknown): RecordRow => {
  const r = RecordDb.parse(row);
  return {
    entity: r.entity,
    recordId: r.record_id,
    ownerUserId: r.owner_user_id,
    teamId: r.team_id,
    territoryId: r.territory_id,
    createdSeq: r.created_seq,
    bucketSeq: r.bucket_seq,
    deletedSeq: r.deleted_seq,
    deleteHlc: r.delete_hlc,
    // The table's CHECK keeps key_id and ciphertext both set or both null.
    sealed: r.key_id === null || r.ciphertext === null ? null : { keyId: r.key_id, ciphertext: r.ciphertext },
  };
};

const FieldStateDb = z.object({ entity: SyncedEntity, record_id: z.string(), field: z.string(), hlc: z.string(), commit_seq: int });
export const toFieldState = (row: unknown): FieldStateRow => {
  const r = FieldStateDb.parse(row);
  return { entity: r.entity, recordId: r.record_id, field: r.field, hlc: r.hlc, commitSeq: r.commit_seq };
};

const RejectionDb = z.object({
  seq: int,
  code: z.enum(['invalid', 'forbidden', 'conflict', 'unknown_field', 'erased']),
  message: z.string(),
  fields: z.array(z.string()),
});
export const toRejection = (row: unknown): StoredRejection => {
  const r = RejectionDb.parse(row);
  return { seq: r.seq, code: r.code, message: r.message, fields: r.fields };
};

const RecordBucketsJson = z.object({ ownerUserId: z.string(), teamId: z.string().nullable(), territoryId: z.string().nullable() }).strict();
const ChangedFieldsJson = z.array(z.object({ field: z.string(), hlc: z.string() }).strict());

/** JSON columns of change_log, as written by the store. */
export const changeLogFieldsJson = (fields: ChangeLogRow['fields']): string => JSON.stringify(fields.map(({ field, hlc }) => ({ field, hlc })));
export const recordBucketsJson = (buckets: RecordBuckets | null): string | null =>
  buckets === null ? null : JSON.stringify({ ownerUserId: buckets.ownerUserId, teamId: buckets.teamId, territoryId: buckets.territoryId });

const ChangeLogDb = z.object({
  commit_seq: int,
  entity: SyncedEntity,
  record_id: z.string(),
  kind: z.enum(['upsert', 'delete', 'rebucket']),
  device_id: z.string().nullable(),
  fields: ChangedFieldsJson,
  previous_buckets: RecordBucketsJson.nullable(),
});
export const toChangeLog = (row: unknown): ChangeLogRow => {
  const r = ChangeLogDb.parse(row);
  return { commitSeq: r.commit_seq, entity: r.entity, recordId: r.record_id, kind: r.kind, deviceId: r.device_id, fields: r.fields, previousBuckets: r.previous_buckets };
};

const ErasureDb = z.object({ entity: SyncedEntity, record_id: z.string(), commit_seq: int, erased_at: int, erased_by_user_id: z.string() });
export const toErasure = (row: unknown): ErasureRow => {
  const r = ErasureDb.parse(row);
  return { entity: r.entity, recordId: r.record_id, commitSeq: r.commit_seq, erasedAt: r.erased_at, erasedByUserId: r.erased_by_user_id };
};

const PurgeAckDb = z.object({ erasure_seq: int, device_id: z.string(), acked_at: int });
export const toPurgeAck = (row: unknown): PurgeAckRow => {
  const r = PurgeAckDb.parse(row);
  return { erasureSeq: r.erasure_seq, deviceId: r.device_id, ackedAt: r.acked_at };
};

const RecordKeyDb = z.object({ entity: SyncedEntity, record_id: z.string() });
export const toRecordKey = (row: unknown): RecordKey => {
  const r = RecordKeyDb.parse(row);
  return { entity: r.entity, recordId: r.record_id };
};

export const CountDb = z.object({ n: int });
export const SeqDb = z.object({ seq: int });
