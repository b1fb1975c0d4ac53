// Typed reads of better-sqlite3 result rows (which arrive as unknown) and the
// mapping of table rows to the port's row types. A column of the wrong type
// means the file was tampered with or the schema drifted: fail loudly with the
// column name, never the value.
import { SyncedEntity } from '../../../src-shared/sync/protocol';
import type {
  ChangeLogRow,
  DataKeyRow,
  DeviceRow,
  EnrolmentCodeRow,
  ErasureRow,
  FieldStateRow,
  RecordBuckets,
  RecordRow,
  UserRow,
} from '../rows';

export class StoreCorruptError extends Error {
  constructor(column: string) {
    super(`The store holds an unexpected value in column ${column}`);
    this.name = 'StoreCorruptError';
  }
}

/** A result row; every column is type-checked as it is read. */
export type SqlRow = object;

export function asRow(value: unknown): SqlRow {
  if (typeof value !== 'object' || value === null) throw new StoreCorruptError('(row)');
  return value;
}

const column = (row: SqlRow, name: string): unknown => Reflect.get(row, name);

export function text(row: SqlRow, name: string): string {
  const value = column(row, name);
  if (typeof value !== 'string') throw new StoreCorruptError(name);
  return value;
}

export function textOrNull(row: SqlRow, name: string): string | null {
  const value = column(row, name);
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw new StoreCorruptError(name);
  return value;
}

export function int(row: SqlRow, name: string): number {
  const value = column(row, name);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'bigint' && value <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(value);
  throw new StoreCorruptError(name);
}

export function intOrNull(row: SqlRow, name: string): number | null {
  const value = column(row, name);
  return value === null || value === undefined ? null : int(row, name);
}

export function bytes(row: SqlRow, name: string): Uint8Array {
  const value = column(row, name);
  if (!(value instanceof Uint8Array)) throw new StoreCorruptError(name);
  return value;
}

function entity(row: SqlRow): SyncedEntity {
  const parsed = SyncedEntity.safeParse(column(row, 'entity'));
  if (!parsed.success) throw new StoreCorruptError('entity');
  return parsed.data;
}

function jsonColumn(row: SqlRow, name: string): unknown {
  try {
    return JSON.parse(text(row, name));
  } catch {
    throw new StoreCorruptError(name);
  }
}

export const toDataKey = (row: SqlRow): DataKeyRow => ({
  id: text(row, 'id'),
  wrappedKey: bytes(row, 'wrapped_key'),
  masterKeyId: text(row, 'master_key_id'),
  active: int(row, 'active') === 1,
  createdAt: int(row, 'created_at'),
});

export const toUser = (row: SqlRow): UserRow => ({
  id: text(row, 'id'),
  displayName: text(row, 'display_name'),
  isAdmin: int(row, 'is_admin') === 1,
  createdAt: int(row, 'created_at'),
});

export const toEnrolmentCode = (row: SqlRow): EnrolmentCodeRow => ({
  codeHash: text(row, 'code_hash'),
  userId: text(row, 'user_id'),
  createdAt: int(row, 'created_at'),
  expiresAt: int(row, 'expires_at'),
  usedAt: intOrNull(row, 'used_at'),
  deviceId: textOrNull(row, 'device_id'),
  issuedByDeviceId: textOrNull(row, 'issued_by_device_id'),
  cancelledAt: intOrNull(row, 'cancelled_at'),
});

export const toDevice = (row: SqlRow): DeviceRow => ({
  id: text(row, 'id'),
  userId: text(row, 'user_id'),
  tokenHash: text(row, 'token_hash'),
  createdAt: int(row, 'created_at'),
  revokedAt: intOrNull(row, 'revoked_at'),
  lastAppliedSeq: int(row, 'last_applied_seq'),
  lastCursor: int(row, 'last_cursor'),
  lastSeenAt: intOrNull(row, 'last_seen_at'),
});

export function toRecord(row: SqlRow): RecordRow {
  const keyId = textOrNull(row, 'key_id');
  return {
    entity: entity(row),
    recordId: text(row, 'record_id'),
    ownerUserId: text(row, 'owner_user_id'),
    teamId: textOrNull(row, 'team_id'),
    territoryId: textOrNull(row, 'territory_id'),
    createdSeq: int(row, 'created_seq'),
    bucketSeq: int(row, 'bucket_seq'),
    deletedSeq: intOrNull(row, 'deleted_seq'),
    deleteHlc: textOrNull(row, 'delete_hlc'),
    sealed: keyId === null ? null : { keyId, ciphertext: bytes(row, 'ciphertext') },
  };
}

export const toFieldState = (row: SqlRow): FieldStateRow => ({
  entity: entity(row),
  recordId: text(row, 'record_id'),
  field: text(row, 'field'),
  hlc: text(row, 'hlc'),
  commitSeq: int(row, 'commit_seq'),
});

function toBuckets(value: unknown, name: string): RecordBuckets {
  if (typeof value !== 'object' || value === null) throw new StoreCorruptError(name);
  const owner: unknown = Reflect.get(value, 'ownerUserId');
  const team: unknown = Reflect.get(value, 'teamId');
  const territory: unknown = Reflect.get(value, 'territoryId');
  if (typeof owner !== 'string') throw new StoreCorruptError(name);
  if (team !== null && typeof team !== 'string') throw new StoreCorruptError(name);
  if (territory !== null && typeof territory !== 'string') throw new StoreCorruptError(name);
  return { ownerUserId: owner, teamId: team, territoryId: territory };
}

function toFieldList(value: unknown): { field: string; hlc: string }[] {
  if (!Array.isArray(value)) throw new StoreCorruptError('fields');
  return value.map((item: unknown) => {
    if (typeof item !== 'object' || item === null) throw new StoreCorruptError('fields');
    const field: unknown = Reflect.get(item, 'field');
    const hlc: unknown = Reflect.get(item, 'hlc');
    if (typeof field !== 'string' || typeof hlc !== 'string') throw new StoreCorruptError('fields');
    return { field, hlc };
  });
}

export function toChangeLog(row: SqlRow): ChangeLogRow {
  const kind = text(row, 'kind');
  if (kind !== 'upsert' && kind !== 'delete' && kind !== 'rebucket') throw new StoreCorruptError('kind');
  const previous = textOrNull(row, 'previous_buckets');
  return {
    commitSeq: int(row, 'commit_seq'),
    entity: entity(row),
    recordId: text(row, 'record_id'),
    kind,
    deviceId: textOrNull(row, 'device_id'),
    fields: toFieldList(jsonColumn(row, 'fields')),
    previousBuckets: previous === null ? null : toBuckets(jsonColumn(row, 'previous_buckets'), 'previous_buckets'),
  };
}

export const toErasure = (row: SqlRow): ErasureRow => ({
  entity: entity(row),
  recordId: text(row, 'record_id'),
  commitSeq: int(row, 'commit_seq'),
  erasedAt: int(row, 'erased_at'),
  erasedByUserId: text(row, 'erased_by_user_id'),
});
