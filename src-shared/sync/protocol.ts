// The sync protocol between a device and the organisation's sync server.
// A device pushes operations from its outbox (operation id = device id + seq)
// and pulls server changes after a cursor (the server's commit sequence).
// Merge is last-writer-wins per (entity, id, field) by HLC; deletes win.
import { z } from 'zod';
import { HlcString } from './hlc';
import { DirectoryVersion } from './directory-protocol';
import { RecordId } from './record-id';

export const protocolVersion = 1;

/**
 * Every request carries both versions in these headers; push, pull, acks and
 * enrol also carry them in the body, and the two must agree. A client below
 * the server's minimum protocol version gets 426 `upgrade_required`.
 */
export const protocolHeader = 'x-fieldvault-protocol';
export const schemaHeader = 'x-fieldvault-schema';

/** The entities that sync. Each has a table of the same name in the vault. */
export const syncedEntities = ['accounts', 'contacts', 'deals', 'activities', 'tasks'] as const;
export const SyncedEntity = z.enum(syncedEntities);
export type SyncedEntity = z.infer<typeof SyncedEntity>;

export { isLowerCaseRecordId, LowerCaseRecordId, RecordId } from './record-id';
export { DirectoryUser, DirectoryVersion, maxDisplayNameLength, usersPageSize, UsersQuery, UsersResponse } from './directory-protocol';
export const DeviceId = z.string().regex(/^[0-9A-Za-z_-]{8,64}$/, 'Not a device id');

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Nesting deeper than this is refused (no FieldVault value comes near it; it bounds the recursion). */
const maxJsonDepth = 100;

/**
 * The JsonValue rules, checked by hand: strings of at most 1,000,000
 * characters, finite numbers, booleans, null, arrays of at most 1,000 items
 * and plain objects whose keys have at most 100 characters, recursively.
 * A z.union of those members tried each in turn and built an issue object
 * for every member that missed, which made parsing one pull page of 5,000
 * contacts (75,000 values) cost over a second (measured, bench/sync).
 */
function isJson(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
      return value.length <= 1_000_000;
    case 'number':
      return Number.isFinite(value);
    case 'boolean':
      return true;
    case 'object': {
      if (value === null) return true;
      if (depth >= maxJsonDepth) return false;
      if (Array.isArray(value)) {
        if (value.length > 1000) return false;
        for (const item of value) if (!isJson(item, depth + 1)) return false;
        return true;
      }
      const prototype: unknown = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) return false;
      // for…in over own keys: Object.entries would build a [key, value] array per property.
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        if (key.length > 100 || !isJson(Reflect.get(value, key), depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

export const JsonValue: z.ZodType<Json> = z.custom<Json>((value) => isJson(value, 0), 'Not a JSON value within the protocol limits');
export type JsonValue = Json;

export const FieldName = z.string().regex(/^[a-z][a-zA-Z0-9]{0,63}$/, 'Not a field name');

export const FieldChange = z.object({ value: JsonValue, hlc: HlcString }).strict();
export type FieldChange = z.infer<typeof FieldChange>;

const fieldNamePattern = /^[a-z][a-zA-Z0-9]{0,63}$/;
const hlcPattern = /^\d{13}-[0-9a-z]{4}-[0-9A-Za-z_-]{1,64}$/;

/** Exactly FieldChange's rules (strict {value, hlc}), without building a copy. */
function isFieldChange(change: unknown): boolean {
  if (typeof change !== 'object' || change === null || Array.isArray(change)) return false;
  let keys = 0;
  for (const key in change) {
    if (!Object.prototype.hasOwnProperty.call(change, key)) continue;
    if (key !== 'value' && key !== 'hlc') return false;
    keys += 1;
  }
  const hlc: unknown = Reflect.get(change, 'hlc');
  return keys === 2 && typeof hlc === 'string' && hlc.length <= 100 && hlcPattern.test(hlc) && isJson(Reflect.get(change, 'value'), 0);
}

/**
 * A record of FieldName → FieldChange, as z.record(FieldName, FieldChange)
 * would check it but in one pass: a pull page of 5,000 contacts holds 75,000
 * of these, and zod's generic record and object parsing (a copy of each)
 * was most of what the device spent on a page (measured, bench/sync).
 */
export const FieldChanges = z.custom<Record<string, FieldChange>>((value) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  for (const name in value) {
    if (!Object.hasOwn(value, name)) continue;
    if (!fieldNamePattern.test(name) || !isFieldChange(Reflect.get(value, name))) return false;
  }
  return true;
}, 'Not a map of field names to {value, hlc}');

/** One local change, as it sits in the outbox and travels in a push. */
export const Operation = z
  .object({
    seq: z.number().int().positive(),
    entity: SyncedEntity,
    recordId: RecordId,
    kind: z.enum(['upsert', 'delete']),
    hlc: HlcString,
    fields: FieldChanges,
  })
  .strict();
export type Operation = z.infer<typeof Operation>;

export const maxPushOperations = 500;
/** What a client puts in one push: operations are batched up to this many bytes of JSON. */
export const maxPushBytes = 1024 * 1024;
/**
 * What the server accepts in one push body. An operation larger than a batch
 * travels alone (src-main/sync/push-batch.ts), and a valid one can be: a note
 * of a million characters is up to 3 MB of UTF-8, 6 MB of JSON if every
 * character needs an escape. Anything a client may write must be able to
 * reach the server, or it blocks the device's outbox for good.
 */
export const maxPushBodyBytes = 8 * 1024 * 1024;

const Versions = {
  protocolVersion: z.number().int().positive(),
  schemaVersion: z.number().int().nonnegative(),
};

export const PushRequest = z
  .object({ ...Versions, deviceId: DeviceId, operations: z.array(Operation).max(maxPushOperations) })
  .strict();
export type PushRequest = z.infer<typeof PushRequest>;

/**
 * What the pushing device had seen: the pull cursor (server commit sequence)
 * it has applied through, with no paged step unfinished. With it, the server
 * reports every field value this push overwrites that was committed after
 * that cursor by another device (PushResponse.overwritten): a concurrent
 * edit the device never saw, which last-writer-wins would otherwise drop
 * without anyone reviewing it. A header rather than a body field, added
 * compatibly both ways: PushRequest is strict, so a server from before it
 * would refuse a body key it does not know but ignores the header; a push
 * without it (a client from before it, or one mid-snapshot) is merged and
 * answered as before, with no overwrites.
 */
export const pulledThroughHeader = 'x-fieldvault-pulled-through';
export const PushHeaders = z.object({
  [pulledThroughHeader]: z
    .string()
    .regex(/^\d{1,15}$/, 'Not a commit sequence')
    .transform(Number)
    .optional(),
});
export type PushHeaders = z.infer<typeof PushHeaders>;

/**
 * A field value a push replaced that the pushing device had not seen
 * (PushHeaders): `replaced` is the value and stamp that stood on the server
 * before, written by another device after the pushing device's cursor. The
 * device keeps it as a 'concurrent' conflict: its own value is current, the
 * replaced one is the other device's edit to review.
 */
export const ConcurrentOverwrite = z
  .object({ entity: SyncedEntity, recordId: RecordId, field: FieldName, replaced: FieldChange })
  .strict();
export type ConcurrentOverwrite = z.infer<typeof ConcurrentOverwrite>;

/**
 * A change as the server sends it. `evict` (the record left the device's
 * buckets) and `purge` (erasure) both delete locally and never enter the
 * outbox; `purge` must also be acknowledged.
 */
export const ServerChange = z
  .object({
    commitSeq: z.number().int().nonnegative(),
    entity: SyncedEntity,
    recordId: RecordId,
    kind: z.enum(['upsert', 'delete', 'evict', 'purge']),
    fields: FieldChanges,
  })
  .strict();
export type ServerChange = z.infer<typeof ServerChange>;

/**
 * An operation the server did not apply (wholly or for some fields). The
 * client lists it as a conflict and applies `compensation` locally without
 * an outbox entry: the server's current state of the record (`upsert` with
 * the winning values of `fields`), `delete` (the record was deleted; deletes
 * win), `evict` (the device may not hold it) or `purge` (it was erased).
 */
export const RejectedOperation = z.object({
  seq: z.number().int().positive(),
  code: z.enum(['invalid', 'forbidden', 'conflict', 'unknown_field', 'erased']),
  message: z.string(),
  /**
   * For 'conflict', 'unknown_field' and 'invalid': the fields that lost, are
   * unknown or hold a value the server refuses; other fields of the operation
   * were applied, except when an 'invalid' new record lacks a valid value for
   * a field it needs (then nothing of it was, and there is no compensation).
   */
  fields: z.array(FieldName).default([]),
  compensation: ServerChange.nullable().default(null),
});
export type RejectedOperation = z.infer<typeof RejectedOperation>;

export const PushResponse = z.object({
  /** Every operation with seq ≤ this has been applied (or rejected) and need not be sent again. */
  appliedThroughSeq: z.number().int().nonnegative(),
  rejected: z.array(RejectedOperation),
  /** The commit this push made, or null when it wrote nothing (replay, all rejected, empty). */
  commitSeq: z.number().int().positive().nullable().default(null),
  /**
   * Values this push replaced that the device had not seen (ConcurrentOverwrite);
   * only when the push named its cursor (PushHeaders). Added compatibly: servers
   * from before it leave it out (read as none), clients from before it ignore it.
   * A resent push (operations at or below appliedThroughSeq) reports none: the
   * replaced values are no longer on the server.
   */
  overwritten: z.array(ConcurrentOverwrite).default([]),
  /**
   * The server's wall time (ms) as it answered. Every stamp it sends was stamped at most its clock-skew allowance
   * (60 s) ahead of its clock when pushed, so a device may merge them up to this time however slow its own clock
   * is (sync-state.ts mergeRemoteStamps). Added compatibly: servers from before it leave it out (the device then
   * merges only stamps within reach of its own clock), clients from before it ignore it.
   */
  serverTime: z.number().int().nonnegative().optional(),
});
export type PushResponse = z.infer<typeof PushResponse>;

export const RecordKey = z.object({ entity: SyncedEntity, recordId: RecordId }).strict();
export type RecordKey = z.infer<typeof RecordKey>;

/**
 * A pull that is in the middle of a keyset-paged step at a fixed commit
 * sequence: the initial snapshot (cursor 0), or the eviction/backfill that a
 * bucket-membership change at `atSeq` causes. The client stores it with the
 * cursor in the same local transaction and sends it back unchanged.
 */
export const PullResume = z
  .object({
    atSeq: z.number().int().positive(),
    phase: z.enum(['snapshot', 'evict', 'backfill']),
    after: RecordKey.nullable(),
  })
  .strict();
export type PullResume = z.infer<typeof PullResume>;

export const PullRequest = z
  .object({
    ...Versions,
    deviceId: DeviceId,
    cursor: z.number().int().nonnegative(),
    limit: z.number().int().min(1).max(5000).default(2000),
    resume: PullResume.nullable().default(null),
  })
  .strict();
export type PullRequest = z.infer<typeof PullRequest>;

/** Where a pull page continues from: the cursor and resume token of the request it answers. */
export const PullFrom = z.object({ cursor: z.number().int().nonnegative(), resume: PullResume.nullable() }).strict();
export type PullFrom = z.infer<typeof PullFrom>;

/** The records of one entity one user owns, among a pull page's records. */
export const RecordOwners = z.object({ userId: z.string().min(1).max(100), entity: SyncedEntity, recordIds: z.array(RecordId) }).strict();
export type RecordOwners = z.infer<typeof RecordOwners>;

export const PullResponse = z.object({
  /**
   * The request this page answers. A device applies a page only at exactly
   * this position: an answer to another request (a replayed or cached one,
   * or a page asked for ahead) would otherwise move its cursor past changes
   * it never saw.
   */
  from: PullFrom,
  changes: z.array(ServerChange),
  /** Apply the page and store this cursor (and `resume`) in one local transaction. */
  cursor: z.number().int().nonnegative(),
  /** Non-null while a paged step is unfinished; send it back with the cursor. */
  resume: PullResume.nullable().default(null),
  hasMore: z.boolean(),
  /**
   * On the last page of a pull (hasMore false): the version of the user directory this device may see
   * (UsersResponse.version); when it differs from the one stored, the device fetches GET /v1/users. Added compatibly:
   * old servers leave it out (read as null: the device never asks), old clients ignore it (zod drops unknown keys).
   */
  directoryVersion: DirectoryVersion.nullable().default(null),
  /**
   * On the first page of a keyset-paged step that brings records (the initial snapshot and a backfill): how many
   * records the step holds at its fixed sequence (`resume.atSeq`), so the device can say "12,500 of 100,000" (a few
   * more or fewer may come if records are written meanwhile). Null on every other page. Added compatibly: servers
   * from before it leave it out (read as null: the device shows a count only), clients from before it ignore it.
   */
  total: z.number().int().nonnegative().nullable().default(null),
  /**
   * The owners (server `ownerUserId`) of the live records whose state the page carries; only an owner may change a
   * record, so the device refuses the others' edits itself. Here, not in the strict ServerChange: old clients ignore
   * it; old servers leave it out (no owner known: records stay editable).
   */
  owners: z.array(RecordOwners).optional(),
  /** As PushResponse.serverTime. */
  serverTime: z.number().int().nonnegative().optional(),
});
export type PullResponse = z.infer<typeof PullResponse>;

/**
 * HTTP status per code: bad_request 400, clock_skew 400, unauthenticated 401,
 * device_revoked 403, forbidden 403, not_found 404, cursor_ahead 409,
 * too_large 413, upgrade_required 426, rate_limited 429, internal 500,
 * unavailable 503 (the database is momentarily busy, locked or unreachable:
 * nothing was written; retry after `retryAfterMs`). cursor_ahead: the pull
 * cursor or resume token names a point this server does not have (it was
 * restored from an older backup); the device must pull from cursor 0. A
 * client that does not know a code reads the status: 5xx is worth retrying
 * (a client from before cursor_ahead reads its 409 as a refusal, as it read
 * the 400 bad_request the server sent before).
 */
export const SyncErrorCode = z.enum([
  'bad_request',
  'unauthenticated',
  'device_revoked',
  'upgrade_required',
  'forbidden',
  'too_large',
  'rate_limited',
  'internal',
  'clock_skew',
  'not_found',
  'unavailable',
  'cursor_ahead',
]);
export type SyncErrorCode = z.infer<typeof SyncErrorCode>;
export const SyncErrorBody = z.object({
  error: z.object({
    code: SyncErrorCode,
    message: z.string(),
    /** rate_limited, unavailable: when to retry (also sent as `Retry-After`, in seconds). */
    retryAfterMs: z.number().int().nonnegative().optional(),
    /** upgrade_required: the oldest protocol version the server accepts. */
    minimumProtocolVersion: z.number().int().positive().optional(),
    /** bad_request to a client newer than the server: the newest protocol version the server speaks. */
    maximumProtocolVersion: z.number().int().positive().optional(),
  }),
});
export type SyncErrorBody = z.infer<typeof SyncErrorBody>;

// ── Enrolment, acknowledgements and poke ──────────────────────────────────

/** What `fieldvault-server init` (or an admin) hands to a new device, out of band. */
export const EnrolmentBundle = z
  .object({
    serverUrl: z.string().url().max(2000),
    /** The organisation CA (PEM): the only certificate authority the device will trust. */
    caCertificatePem: z.string().min(1).max(20_000),
    enrolmentCode: z.string().min(1).max(100),
    organisationId: z.string().max(100),
    organisationName: z.string().max(200),
  })
  .strict();
export type EnrolmentBundle = z.infer<typeof EnrolmentBundle>;

/** POST /v1/enrol, without a bearer token: trades a one-time code for device credentials. */
/** `attemptId`: a random id the client keeps for its tries of one code, so a retry whose first answer was lost gets the device again. */
export const EnrolRequest = z
  .object({ ...Versions, enrolmentCode: z.string().min(1).max(100), attemptId: z.string().regex(/^[A-Za-z0-9_-]{22,64}$/).optional() })
  .strict();
export type EnrolRequest = z.infer<typeof EnrolRequest>;

export const EnrolResponse = z.object({
  deviceId: DeviceId,
  /** Bearer token for every later request; the server keeps only its hash. Shown once. */
  deviceToken: z.string().min(32).max(200),
  userId: z.string(),
  organisationId: z.string(),
  /** Server wall time (ms), so the device can notice a badly wrong clock before it writes. */
  serverTime: z.number().int(),
});
export type EnrolResponse = z.infer<typeof EnrolResponse>;

/** POST /v1/acks: the device confirms it purged these erased records. */
export const AckRequest = z
  .object({ ...Versions, deviceId: DeviceId, purged: z.array(RecordKey).max(5000) })
  .strict();
export type AckRequest = z.infer<typeof AckRequest>;

export const AckResponse = z.object({
  /** How many of the keys matched an erasure (unknown keys are ignored). */
  acknowledged: z.number().int().nonnegative(),
});
export type AckResponse = z.infer<typeof AckResponse>;

/**
 * GET /v1/poke?cursor=N: a long poll. Answers as soon as a commit after N is
 * visible to the device (`changed: true`), or after about 25 s with
 * `changed: false`; then pull (on true) and poke again.
 *
 * A device that stored a user directory names its version in the
 * `x-fieldvault-directory` header (PokeHeaders); the poke then also answers
 * `changed: true` as soon as the directory the device may see has another
 * version (a teammate renamed, joining or leaving), and the pull it makes
 * names the new one. A header rather than a query parameter, added
 * compatibly both ways: servers from before it ignore the header (PokeQuery
 * is strict, so they would refuse a parameter they do not know), and a
 * device that sends none (from before it, or holding no directory) is woken
 * by commits only, as before. The cursor is digits only (`?cursor=` read as 0 woke a poke at once, forever).
 */
export const pokeTimeoutMs = 25_000;
export const PokeQuery = z.object({ cursor: z.string().regex(/^\d{1,15}$/, 'Not a cursor').transform(Number) }).strict();
export const directoryHeader = 'x-fieldvault-directory';
/** The poke's headers this schema is about (others, such as the version headers, pass through). */
export const PokeHeaders = z.object({ [directoryHeader]: DirectoryVersion.optional() });
export type PokeHeaders = z.infer<typeof PokeHeaders>;
export const PokeResponse = z.object({ changed: z.boolean(), head: z.number().int().nonnegative() });
export type PokeResponse = z.infer<typeof PokeResponse>;
