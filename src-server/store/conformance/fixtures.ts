// Row builders and helpers for the Store conformance suite. Ids are random so
// rows never collide; sealed values are random bytes (the store must treat
// them as opaque). `plain` turns byte arrays into hex so that rows from
// either driver (Buffer or Uint8Array) compare equal in expect().toEqual.
import { randomBytes, randomUUID } from 'node:crypto';
import type { SyncedEntity } from '../../../src-shared/sync/protocol';
import type { Buckets, CommitKind, DeviceRow, FieldStateRow, RecordKey, RecordRow, SealedValue, Store, StoreTx, UserRow } from '../store';

export interface StoreUnderTest {
  readonly store: Store;
  /** Closes `store` (it may already be closed) and removes its database. */
  dispose(): Promise<void>;
  /**
   * Opens a second, independent Store on the same database, as another server
   * process would. Omitted where the implementation is single-process.
   */
  openSibling?: () => Promise<Store>;
}

/** What a conformance section may ask of a fresh store. */
export interface StoreSettings {
  /** The store's bound on a writer's wait in its in-memory queue (store/write-queue.ts). */
  readonly writeQueueMs?: number;
}

export type MakeStore = (settings?: StoreSettings) => Promise<StoreUnderTest>;

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** Deep copy with every Uint8Array replaced by `hex:<digits>`. */
export function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return `hex:${hex(value)}`;
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
  }
  return value;
}

export const id = (prefix: string): string => `${prefix}-${randomUUID()}`;
export const recordId = (): string => randomUUID();
export const sealed = (keyId = 'key-1'): SealedValue => ({ keyId, ciphertext: new Uint8Array(randomBytes(48)) });
export const noBuckets: Buckets = { userIds: [], teamIds: [], territoryIds: [] };
export const buckets = (over: Partial<Buckets>): Buckets => ({ ...noBuckets, ...over });

let clock = 1_700_000_000_000;
/** Strictly increasing epoch millis, so created-at orders are deterministic. */
export const now = (): number => (clock += 1000);

/** HLC-looking stamps (the store compares them only as opaque strings). */
export const hlc = (millis: number, counter = 0, device = 'dev00001'): string =>
  `${String(millis).padStart(15, '0')}:${String(counter).padStart(5, '0')}:${device}`;

export const user = (over: Partial<UserRow> = {}): UserRow => ({
  id: id('user'),
  displayName: 'Rep 1',
  isAdmin: false,
  createdAt: now(),
  ...over,
});

export const device = (userId: string, over: Partial<DeviceRow> = {}): DeviceRow => ({
  id: `dev${randomBytes(8).toString('hex')}`,
  userId,
  tokenHash: randomBytes(32).toString('hex'),
  createdAt: now(),
  revokedAt: null,
  lastAppliedSeq: 0,
  lastCursor: 0,
  lastSeenAt: null,
  ...over,
});

export const record = (createdSeq: number, over: Partial<RecordRow> = {}): RecordRow => ({
  entity: 'contacts',
  recordId: recordId(),
  ownerUserId: 'owner-a',
  teamId: null,
  territoryId: null,
  createdSeq,
  bucketSeq: createdSeq,
  deletedSeq: null,
  deleteHlc: null,
  sealed: sealed(),
  ...over,
});

export const keyOf = (row: RecordKey): RecordKey => ({ entity: row.entity, recordId: row.recordId });

export const fieldState = (key: RecordKey, field: string, commitSeq: number, stamp = hlc(commitSeq)): FieldStateRow => ({
  entity: key.entity,
  recordId: key.recordId,
  field,
  hlc: stamp,
  commitSeq,
});

export const commit = (tx: StoreTx, kind: CommitKind = 'push', userId: string | null = null): Promise<number> =>
  tx.allocateCommit({ kind, deviceId: null, userId, at: now() });

/** One commit that creates a live record with the given fields; returns the record. */
export async function createRecord(store: Store, over: Partial<RecordRow> = {}, fields: readonly string[] = ['name']): Promise<RecordRow> {
  return store.transaction(async (tx) => {
    const seq = await commit(tx);
    const row = record(seq, over);
    await tx.insertRecord(row);
    await tx.upsertFieldStates(fields.map((field) => fieldState(row, field, seq)));
    return row;
  });
}

/** Byte-wise order of (entity, recordId), the order keyset pages promise. */
export function compareKeys(a: RecordKey, b: RecordKey): number {
  const left = `${a.entity}\u0000${a.recordId}`;
  const right = `${b.entity}\u0000${b.recordId}`;
  return left < right ? -1 : left > right ? 1 : 0;
}

export const entities: readonly SyncedEntity[] = ['accounts', 'activities', 'contacts', 'deals', 'tasks'];

/** Waits until check() holds (for cross-process notifications), or fails after timeoutMs. */
export async function eventually(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
