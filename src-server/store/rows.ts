// The rows the Store port reads and writes. Plain data, no behaviour: both
// store implementations (SQLite, PostgreSQL) map their tables to these types
// and the conformance suite compares them. Customer values never appear here
// in clear: a record's current field values are one SealedValue (AES-256-GCM
// ciphertext plus the id of the data key that sealed it); everything else is
// ids, HLC stamps, field names, sequence numbers and epoch-millisecond times.
//
// Why one sealed document per record rather than one per field: LWW needs an
// HLC per field (FieldStateRow keeps it, in clear, with no value), but opening
// a GCM context costs microseconds, and an initial sync of 100,000 contacts
// with ~15 fields each would spend 1.5 million of them. One open per record
// keeps a snapshot page cheap; the AAD binds the document to its record.
import type { SyncedEntity } from '../../src-shared/sync/protocol';

/** Epoch milliseconds. */
export type Millis = number;

export interface OrganisationRow {
  readonly id: string;
  readonly name: string;
  /** The organisation CA certificate (PEM); devices pin it. */
  readonly caCertificatePem: string;
  /** Ed25519 public key (SPKI PEM) that verifies leases and checkpoints. */
  readonly signingPublicKeyPem: string;
  readonly createdAt: Millis;
}

/** A data key wrapped by the master key. Exactly one key is active (seals new values). */
export interface DataKeyRow {
  readonly id: string;
  /** AES-256-GCM wrap of the 32-byte key under the master key: iv ‖ tag ‖ ciphertext. */
  readonly wrappedKey: Uint8Array;
  /** Which master key wrapped it (the KMS key id in production). */
  readonly masterKeyId: string;
  readonly active: boolean;
  readonly createdAt: Millis;
}

/** An AES-256-GCM sealed value: iv(12) ‖ tag(16) ‖ ciphertext, and the data key id. */
export interface SealedValue {
  readonly keyId: string;
  readonly ciphertext: Uint8Array;
}

export interface UserRow {
  readonly id: string;
  /** An employee label for admins ("Rep 12"); never a customer value. */
  readonly displayName: string;
  readonly isAdmin: boolean;
  readonly createdAt: Millis;
}

export type BucketKind = 'team' | 'territory';

export interface Memberships {
  readonly teamIds: readonly string[];
  readonly territoryIds: readonly string[];
}

/**
 * The buckets a device may see: records owned by one of `userIds`, or whose
 * team is in `teamIds`, or whose territory is in `territoryIds`.
 */
export interface Buckets {
  readonly userIds: readonly string[];
  readonly teamIds: readonly string[];
  readonly territoryIds: readonly string[];
}

export interface MembershipChangeRow {
  readonly commitSeq: number;
  readonly userId: string;
  readonly kind: BucketKind;
  readonly bucketId: string;
  readonly change: 'added' | 'removed';
}

export interface EnrolmentCodeRow {
  /** SHA-256 (hex) of the normalised code; the code itself is never stored. */
  readonly codeHash: string;
  readonly userId: string;
  readonly createdAt: Millis;
  readonly expiresAt: Millis;
  readonly usedAt: Millis | null;
  readonly deviceId: string | null;
  /** The admin device that issued it; null when the operator did at the server's console (init, the CLI, the demo seed). */
  readonly issuedByDeviceId: string | null;
  /** When it was cancelled unused (its issuing device revoked, or an admin cancelled the user's codes); a cancelled code never enrols. */
  readonly cancelledAt: Millis | null;
}

export interface DeviceRow {
  readonly id: string;
  readonly userId: string;
  /** SHA-256 (hex) of the bearer token; the token itself is never stored. */
  readonly tokenHash: string;
  readonly createdAt: Millis;
  readonly revokedAt: Millis | null;
  /** Highest operation seq of this device that was applied or rejected. */
  readonly lastAppliedSeq: number;
  /**
   * The highest cursor the device has confirmed holding (it pulled from it);
   * the head at enrolment to begin with. A snapshot ends here (see sync/pull.ts).
   */
  readonly lastCursor: number;
  readonly lastSeenAt: Millis | null;
}

export type CommitKind = 'push' | 'membership' | 'erase' | 'rebucket' | 'admin';

export interface CommitRow {
  readonly seq: number;
  readonly kind: CommitKind;
  /** The device whose push made this commit, else null. */
  readonly deviceId: string | null;
  /** The acting user (pusher or admin). */
  readonly userId: string | null;
  readonly at: Millis;
}

export interface RecordKey {
  readonly entity: SyncedEntity;
  readonly recordId: string;
}

/** Bucket keys of a record: who may see it. */
export interface RecordBuckets {
  readonly ownerUserId: string;
  readonly teamId: string | null;
  readonly territoryId: string | null;
}

export interface RecordRow extends RecordKey, RecordBuckets {
  readonly createdSeq: number;
  /** Commit that last changed its bucket keys (creation counts). */
  readonly bucketSeq: number;
  /** Commit that deleted it (tombstone), else null. A tombstone has no field state and no values. */
  readonly deletedSeq: number | null;
  readonly deleteHlc: string | null;
  /** The current values of all its fields as one sealed JSON object; null for a tombstone. */
  readonly sealed: SealedValue | null;
}

/** The current, winning version of one field (the value itself is in RecordRow.sealed). */
export interface FieldStateRow extends RecordKey {
  readonly field: string;
  readonly hlc: string;
  /** Commit that wrote this value; pull sends it to devices whose cursor is below. */
  readonly commitSeq: number;
}

/**
 * History: which fields of which record a commit changed, by which device,
 * with their HLC stamps. Metadata only (no values), so history carries no
 * customer value even in clear; erasure still deletes it.
 */
export interface ChangeLogRow extends RecordKey {
  readonly commitSeq: number;
  readonly kind: 'upsert' | 'delete' | 'rebucket';
  readonly deviceId: string | null;
  readonly fields: readonly { readonly field: string; readonly hlc: string }[];
  /** For 'rebucket': the bucket keys before the change. */
  readonly previousBuckets: RecordBuckets | null;
}

/** Id-only erasure ledger entry (GDPR Art. 17): no value, no field name. */
export interface ErasureRow extends RecordKey {
  readonly commitSeq: number;
  readonly erasedAt: Millis;
  readonly erasedByUserId: string;
}

export interface PurgeAckRow {
  readonly erasureSeq: number;
  readonly deviceId: string;
  readonly ackedAt: Millis;
}

/** Keyed HMAC-SHA256 of one normalised value of a field (a field may hold several, e.g. emails). */
export interface BlindIndexRow extends RecordKey {
  readonly field: string;
  /** Hex digest. */
  readonly digest: string;
}

/**
 * Why the server refused (part of) one of a device's operations, kept so that
 * a replayed push (the answer was lost) gets the same rejections back. No
 * values: the compensation is rebuilt from current state on replay.
 */
export interface StoredRejection {
  readonly seq: number;
  readonly code: 'invalid' | 'forbidden' | 'conflict' | 'unknown_field' | 'erased';
  readonly message: string;
  readonly fields: readonly string[];
}
