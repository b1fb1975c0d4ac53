// The Store port: everything the sync server keeps, behind one interface with
// two implementations (store/sqlite: better-sqlite3, embedded default;
// store/postgres: pg, scale-out) that pass one conformance suite
// (store/conformance). The port knows nothing about HTTP, crypto or merge
// rules: the sync layer decides, the store remembers. Values arrive sealed.
//
// Contract every implementation keeps:
// - `transaction(fn)` is atomic (all or nothing when fn throws) and write
//   transactions behave as if they ran one at a time (SQLite: BEGIN IMMEDIATE
//   on one writer; PostgreSQL: take the commit-head row lock, or an advisory
//   transaction lock, as the first statement). The sync layer reads field
//   state and then overwrites it inside one transaction and relies on this.
// - Commit sequences are dense-enough, strictly increasing and become visible
//   in order: a reader that sees seq N also sees every seq < N. (Serialised
//   writers give this for free.) `head()` is the highest committed seq.
// - `read(fn)` runs fn on one consistent snapshot (PostgreSQL: REPEATABLE READ
//   READ ONLY), so a pull page never mixes two states.
// - `onCommit` listeners hear every commit, also those made by other server
//   processes on the same database (PostgreSQL: LISTEN/NOTIFY), after it is
//   visible to `read`. Listener errors are the listener's problem.
// - Lists come back in the order each method names; "visible to b" means the
//   record's owner is in b.userIds, or its team in b.teamIds, or its
//   territory in b.territoryIds.
// - A database that is momentarily busy, locked or unreachable fails the call
//   with an AppError whose code is BUSY (StoreBusyError, or a
//   StoreStatementError for a lock or statement timeout or a lost connection):
//   the transaction rolled back, and the same work may succeed later. The
//   HTTP layer answers it with 503 `unavailable` and a Retry-After. A
//   COMMIT whose answer never came is no BUSY: it may have committed
//   (StoreCommitUnknownError, INTERNAL). Callers above the store test for
//   these classes, never an engine's own.
// - Within one process, write transactions wait their turn in memory
//   (write-queue.ts). A writer that waits there longer than the store's
//   `writeQueueMs`, or whose `signal` aborts while it waits, fails with BUSY
//   and never runs: nothing is written.
// - `tryKeyRotationLock()` lets one key rotation run at a time across every
//   instance sharing the database (PostgreSQL: a session advisory lock on a
//   connection of its own, held across the rotation's many transactions;
//   SQLite: in this store object only, since the file has one machine and
//   rotate.lock already keeps a second process out). It never waits. A
//   lock can be lost while held (PostgreSQL: its connection ends, as when
//   the server restarts or the session is terminated): its `signal` aborts
//   then, with KeyRotationLockLostError, and a rotation stops at its next
//   step (crypto/rotation.ts).
import { AppError } from '../../src-shared/ipc/errors';
import type { SyncedEntity } from '../../src-shared/sync/protocol';
import type { WriteOptions } from './write-queue';
import type {
  Buckets,
  ChangeLogRow,
  CommitKind,
  DataKeyRow,
  DeviceRow,
  EnrolmentCodeRow,
  ErasureRow,
  FieldStateRow,
  Memberships,
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
} from './rows';

export type * from './rows';

/** The database is momentarily busy or locked (see the contract above); nothing was written. */
export class StoreBusyError extends AppError {
  constructor(message: string) {
    super('BUSY', message);
  }
}

/** A store failure worth retrying: busy, locked or unreachable, with nothing written. */
export function isStoreBusy(error: unknown): boolean {
  return error instanceof AppError && error.code === 'BUSY';
}

/**
 * A statement the database refused or could not finish, named by schema only: its SQLSTATE and the
 * constraint or table it concerns, never a row's value (what a log may show). PostgreSQL's is
 * PostgresStoreError; callers above the store test for this class, not an engine's.
 */
export class StoreStatementError extends AppError {
  constructor(
    code: 'BUSY' | 'INTERNAL',
    message: string,
    readonly sqlState: string,
    readonly constraint: string | null,
  ) {
    super(code, message);
  }
}

/**
 * A COMMIT whose answer never came: the transaction may have committed. Not BUSY, which says nothing
 * was written and the same work may be done again (PostgreSQL's is PostgresCommitUnknownError).
 */
export class StoreCommitUnknownError extends AppError {
  constructor() {
    super('INTERNAL', 'The database did not answer the commit: the change may have been written. Read it back before doing it again.');
  }
}

/** A window of commits: after < seq ≤ through. */
export interface SeqRange {
  readonly afterSeq: number;
  readonly throughSeq: number;
}

/**
 * Which enrolment codes cancelEnrolmentCodes cancels: those one admin device issued, those for one user, or the
 * one code with this hash (a code whose bundle file could not be written, so nobody ever received it).
 */
export type EnrolmentCodeScope = { readonly issuedByDeviceId: string } | { readonly userId: string } | { readonly codeHash: string };

/** A keyset page of a user directory: the users whose ids sort after `after` (all when null), at most `limit`. */
export interface DirectoryPage {
  readonly after: string | null;
  readonly limit: number;
}

export interface StoreReadTx {
  // Organisation and keys
  getOrganisation(): Promise<OrganisationRow | null>;
  /**
   * Every data key in the order the keys were added (a sequence the store assigns on insert), never by their
   * `createdAt`: that is the clock of whichever process added the key, and key rotation must tell which key
   * replaced which even when two processes' clocks disagree (crypto/rotation.ts).
   */
  listDataKeys(): Promise<DataKeyRow[]>;

  // Users and buckets
  getUser(userId: string): Promise<UserRow | null>;
  listUsers(): Promise<UserRow[]>;
  /**
   * The user (when it exists) and every user who shares one of its current
   * teams or territories, by id: the people a device of this user may name
   * (ARCHITECTURE.md "Sync", user directory). With a page: only the ids
   * after `page.after` (byte order, as ORDER BY id), at most `page.limit`.
   */
  listDirectory(userId: string, page?: DirectoryPage): Promise<UserRow[]>;
  /**
   * A counter that every write able to change some user's directory moves
   * (insertUser, a renameUser that renamed, applyMembershipChanges with
   * changes), in the same transaction: two snapshots that read the same
   * value see the same directory for every user, in every process sharing
   * the database. Never moves back.
   */
  directoryGeneration(): Promise<number>;
  /** Current team and territory memberships (sorted ids). */
  getMemberships(userId: string): Promise<Memberships>;
  /** Every team and territory the user has ever belonged to, current included (sorted ids). */
  getBucketHistory(userId: string): Promise<Memberships>;
  /** Membership changes of one user in the range, by commitSeq then kind then bucketId. */
  listMembershipChanges(userId: string, range: SeqRange): Promise<MembershipChangeRow[]>;

  // Devices and enrolment
  getEnrolmentCode(codeHash: string): Promise<EnrolmentCodeRow | null>;
  getDevice(deviceId: string): Promise<DeviceRow | null>;
  getDeviceByTokenHash(tokenHash: string): Promise<DeviceRow | null>;
  /** All devices (of one user when given), by createdAt then id. */
  listDevices(userId?: string): Promise<DeviceRow[]>;
  /** Rejections kept from the device's latest pushes, by seq then code (an operation has at most one of each code). */
  listRejections(deviceId: string): Promise<StoredRejection[]>;

  // Commits
  /** Highest committed seq; 0 when nothing was ever committed. */
  head(): Promise<number>;

  // Records and field state
  /** The records among keys that exist (tombstones included), in any order. */
  getRecords(keys: readonly RecordKey[]): Promise<RecordRow[]>;
  /** Current field state of the given records, by entity, recordId, field. */
  getFieldStates(keys: readonly RecordKey[]): Promise<FieldStateRow[]>;
  /**
   * Field state written by commits in the range, of live records visible to
   * `buckets`, ordered by commitSeq, entity, recordId, field; at most `limit`.
   * With `exceptDeviceId`: without the field state that commits of that
   * device wrote (CommitRow.deviceId), which is, field for field, the very
   * version that device pushed (sync/pull-incremental.ts says why a pull may
   * leave it out).
   */
  listChangedFields(range: SeqRange, buckets: Buckets, limit: number, exceptDeviceId?: string): Promise<FieldStateRow[]>;
  /** Tombstones whose deletedSeq is in the range and that are visible to `buckets`, by deletedSeq, entity, recordId; at most `limit`. */
  listDeletions(range: SeqRange, buckets: Buckets, limit: number): Promise<RecordRow[]>;
  /** Change-log rows of kind 'rebucket' in the range, by commitSeq, entity, recordId (not filtered by visibility); at most `limit`. */
  listRebuckets(range: SeqRange, limit: number): Promise<ChangeLogRow[]>;
  /**
   * Live (not deleted) records visible to `visibleTo` and, when given, NOT
   * visible to `notVisibleTo`, ordered by (entity, recordId) strictly after
   * `after`; at most `limit`. Keyset pages for snapshots, backfill and eviction.
   * With `liveAt`, the records live at that commit sequence: tombstones deleted
   * after it too (an eviction at a membership change, which a device away since
   * before it still holds).
   */
  listRecordPage(visibleTo: Buckets, notVisibleTo: Buckets | null, after: RecordKey | null, limit: number, liveAt?: number): Promise<RecordRow[]>;
  /**
   * How many live (not deleted) records are visible to `visibleTo`: what a
   * snapshot or backfill over those buckets will page through (listRecordPage
   * with no `notVisibleTo`). The total of a first sync's progress; it runs
   * once per snapshot or backfill, so it must stay cheap for 100,000 records.
   */
  countRecords(visibleTo: Buckets): Promise<number>;
  /** History of one record, by commitSeq. */
  listChangeLog(key: RecordKey): Promise<ChangeLogRow[]>;

  // Erasure
  /**
   * Ledger entries in the range, by commitSeq; at most `limit`. With `erasedSince`, only those
   * erased at or after it (the filter runs in the database: a device's first sync asks for the few
   * erasures made since it was enrolled, not the whole history).
   */
  listErasures(range: SeqRange, limit: number, erasedSince?: Millis): Promise<ErasureRow[]>;
  /** Ledger entries for any of the keys. */
  findErasures(keys: readonly RecordKey[]): Promise<ErasureRow[]>;
  /** Acknowledgements of one erasure, by deviceId. */
  listPurgeAcks(erasureSeq: number): Promise<PurgeAckRow[]>;

  // Blind index and key rotation
  findByBlindIndex(entity: SyncedEntity, field: string, digest: string): Promise<RecordKey[]>;
  /**
   * Live (not deleted) records of one entity whose ids sort after
   * `afterRecordId` (byte order; all when null), by recordId; at most
   * `limit`. Keyset pages of a walk over every record of an entity, whatever
   * its buckets (a one-time server step: sync/stored-task-placement.ts).
   */
  listLiveRecords(entity: SyncedEntity, afterRecordId: string | null, limit: number): Promise<RecordRow[]>;

  // One-time server steps
  /** When the one-time server step `name` was recorded as done; null when it never was. */
  serverStepDoneAt(name: string): Promise<Millis | null>;

  /** How many records have their values sealed under this data key. */
  countSealedByKey(keyId: string): Promise<number>;
  /** Up to `limit` records whose values are sealed under this data key, any order. */
  listSealedByKey(keyId: string, limit: number): Promise<RecordRow[]>;
}

export interface StoreTx extends StoreReadTx {
  putOrganisation(row: OrganisationRow): Promise<void>;
  /** Adds a key after every key there (listDataKeys' order); an active one takes over from the active key. */
  insertDataKey(row: DataKeyRow): Promise<void>;
  /** Makes this key the only active one. */
  setActiveDataKey(keyId: string): Promise<void>;
  /** Replaces a key's wrap (master-key rotation). */
  updateDataKeyWrap(keyId: string, wrappedKey: Uint8Array, masterKeyId: string): Promise<void>;
  /** Removes a data key that no longer seals any value. */
  deleteDataKey(keyId: string): Promise<void>;

  insertUser(row: UserRow): Promise<void>;
  /** Sets the user's display name; false when there is no such user. */
  renameUser(userId: string, displayName: string): Promise<boolean>;
  /**
   * Makes the user an admin or a member; false when there is no such user. No directory shows the flag, so the
   * directory generation stays (admin checks read the user row in their own transaction).
   */
  setUserAdmin(userId: string, isAdmin: boolean): Promise<boolean>;
  /** Applies the changes to current memberships and records them (history). */
  applyMembershipChanges(changes: readonly MembershipChangeRow[]): Promise<void>;

  insertEnrolmentCode(row: EnrolmentCodeRow): Promise<void>;
  /** Marks the code used by deviceId if it is unused, not cancelled and not expired at `at`; true when it did. */
  consumeEnrolmentCode(codeHash: string, deviceId: string, at: Millis): Promise<boolean>;
  /**
   * Cancels (cancelledAt = at) every code that could still enrol at `at` (unused, not cancelled, not expired)
   * and that is for the user, or has the hash; returns how many. By issuing device it cancels every unused code
   * not yet cancelled, expired or not: an enrolment that read the code before it expired may still be waiting
   * for the write lock, perhaps in a server process whose clock is behind this one's.
   */
  cancelEnrolmentCodes(scope: EnrolmentCodeScope, at: Millis): Promise<number>;
  insertDevice(row: DeviceRow): Promise<void>;
  /** Sets revokedAt unless already revoked. */
  revokeDevice(deviceId: string, at: Millis): Promise<void>;
  /** Gives a device not revoked a new token (hash); false when there is no such device, or it is revoked. */
  replaceDeviceToken(deviceId: string, tokenHash: string): Promise<boolean>;
  /** Updates the given progress fields; lastAppliedSeq and lastCursor never move backwards. */
  updateDeviceProgress(
    deviceId: string,
    progress: { readonly lastAppliedSeq?: number; readonly lastCursor?: number; readonly lastSeenAt?: Millis },
  ): Promise<void>;
  /** Replaces the device's kept rejections; one operation may have several, of different codes. */
  replaceRejections(deviceId: string, rows: readonly StoredRejection[]): Promise<void>;

  /** Takes the next commit sequence (> head, visible in order), recorded with its kind. */
  allocateCommit(commit: { readonly kind: CommitKind; readonly deviceId: string | null; readonly userId: string | null; readonly at: Millis }): Promise<number>;

  insertRecord(row: RecordRow): Promise<void>;
  /** Moves the record and its field state to other buckets. */
  updateRecordBuckets(key: RecordKey, buckets: RecordBuckets, bucketSeq: number): Promise<void>;
  /** Turns the record into a tombstone: sets deletedSeq/deleteHlc, sealed = null, removes its field state and blind-index rows. */
  markRecordDeleted(key: RecordKey, deletedSeq: number, deleteHlc: string): Promise<void>;
  /** Replaces the sealed values of a live record (a write, or re-sealing under another key during rotation). */
  updateRecordSeal(key: RecordKey, sealed: SealedValue): Promise<void>;
  /**
   * Inserts or replaces the version of each (entity, recordId, field). The
   * store files it under its record's buckets as they are now, so write the
   * record first: field state of a missing record or a tombstone is never
   * listed by listChangedFields.
   */
  upsertFieldStates(rows: readonly FieldStateRow[]): Promise<void>;
  /** At most one row per (commitSeq, entity, recordId, kind). */
  appendChangeLog(rows: readonly ChangeLogRow[]): Promise<void>;
  /** Replaces all digests of (key, field) with `digests` (none: removes them). */
  replaceBlindIndex(key: RecordKey, field: string, digests: readonly string[]): Promise<void>;

  // Batched forms of the three writes above, for a push of up to 500 records
  // (PostgreSQL: one round trip each instead of one per record). Each behaves
  // exactly as the single-row method applied to every element in order.
  insertRecords(rows: readonly RecordRow[]): Promise<void>;
  updateRecordSeals(rows: readonly { readonly key: RecordKey; readonly sealed: SealedValue }[]): Promise<void>;
  replaceBlindIndexes(rows: readonly { readonly key: RecordKey; readonly field: string; readonly digests: readonly string[] }[]): Promise<void>;

  /**
   * Hard-deletes the record, its field state, its change log and its
   * blind-index rows, and writes the id-only ledger entry. Returns whether a
   * record existed. Idempotent on an already erased key (returns false and
   * writes nothing when a ledger entry for the key exists).
   */
  eraseRecord(erasure: ErasureRow): Promise<boolean>;
  /** Records acknowledgements; repeated ones are ignored. */
  insertPurgeAcks(rows: readonly PurgeAckRow[]): Promise<void>;

  /** Records the one-time server step `name` as done at `at`; a step already recorded keeps its first time. */
  recordServerStep(name: string, at: Millis): Promise<void>;

  /** Forgets that server step `name` was done, so the next start runs it again (a change it must follow up committed). */
  forgetServerStep(name: string): Promise<void>;
}

/** Who holds a lock, as far as the store can tell (null: unknown). */
export interface LockHolder {
  readonly pid: number | null;
  readonly host: string | null;
}

export interface KeyRotationLock {
  /** Lets the next rotation run; also done by the store's close(), and by the database when this process dies. */
  release(): Promise<void>;
  /**
   * Aborted, with a KeyRotationLockLostError, once the lock is lost while
   * held (another run may take it from then on); never by release().
   */
  readonly signal: AbortSignal;
}

/** The key-rotation lock was lost while held, so the rotation holding it stopped (see the contract above). */
export class KeyRotationLockLostError extends Error {
  constructor() {
    super('The key-rotation lock on the database was lost (its connection to the database ended), so this run stopped; run rotate-keys again');
    this.name = 'KeyRotationLockLostError';
  }
}

export type KeyRotationLockAttempt = { readonly acquired: true; readonly lock: KeyRotationLock } | { readonly acquired: false; readonly holder: LockHolder };

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Takes the key-rotation lock at once, or says who holds it (see the contract above). */
  tryKeyRotationLock(): Promise<KeyRotationLockAttempt>;
  /** Runs fn in one atomic write transaction (see the contract above); BUSY without running fn when it waited too long or options.signal aborted. */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>, options?: WriteOptions): Promise<T>;
  /** Runs fn on one consistent read-only snapshot. */
  read<T>(fn: (tx: StoreReadTx) => Promise<T>): Promise<T>;
  /** Calls listener with the new head after each commit (any process); returns unsubscribe. */
  onCommit(listener: (head: number) => void): () => void;
  /** Closes connections; pending transactions finish first. */
  close(): Promise<void>;
  /**
   * SQLite only: whether an erase's WAL checkpoint was still owed on the file at the store's last try (after close():
   * its last one), so the erased values' sealed bytes may still be in the -wal file (sqlite-checkpoint.ts).
   */
  erasureCheckpointOwed?(): boolean;
}
