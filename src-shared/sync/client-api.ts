// What the renderer may know about sync, for the `sync.*` channels and the
// `sync.didChangeStatus` event: the engine's state in plain words (never a
// server answer, a token or a key), the conflicts the user can review, and
// the enrolment bundle an administrator hands out.
import { z } from 'zod';
import { uniqueTags } from '../domain/common';
import { enrolmentCodeProblem } from './enrolment-code';
import { Reason } from '../ipc/reasons';
import { FieldName, JsonValue, RecordId, SyncedEntity } from './protocol';

export const SyncState = z.enum(['offline', 'syncing', 'online', 'error']);
export type SyncState = z.infer<typeof SyncState>;

/**
 * How far this computer's clock is from the sync server's, as the last sync
 * that heard the server's time (a push answer's or pull page's serverTime)
 * found it, in whole minutes; `behind`: this clock reads earlier than the server's.
 */
export const ClockSkew = z.object({ minutes: z.number().int().positive(), direction: z.enum(['behind', 'ahead']) });
export type ClockSkew = z.infer<typeof ClockSkew>;

/** Pushed as `sync.didChangeStatus` whenever any part changes. */
export const SyncStatusEvent = z.object({
  state: SyncState,
  /** Local changes not yet acknowledged by the server. */
  pendingCount: z.number().int().nonnegative(),
  lastSuccessAt: z.number().int().nullable(),
  /** The last failure in plain words; names no value. */
  lastError: z.string().max(500).nullable(),
  /** lastError as a reason the renderer words in the user's language; null when there is no error or it has no reason. */
  lastErrorReason: Reason.nullable(),
  /** Changes received and applied by the sync under way so far (a first sync brings every record, page by page), or by the last one once it ended; 0 when a sync starts. */
  received: z.number().int().nonnegative(),
  /**
   * How many changes the sync under way will receive in all, once the server
   * said (the first page of a first sync's snapshot, or of a backfill when the
   * user joined a team or territory): `received` counts towards it. Null when
   * unknown (an incremental sync, a server from before the total, a first
   * sync resumed after a restart). Records written during the snapshot can
   * make `received` pass it.
   */
  total: z.number().int().nonnegative().nullable(),
  /** Conflicts waiting for the user's review; counted again after a sync, a resolve and a local change. */
  openConflicts: z.number().int().nonnegative(),
  /** New records the server refused whole (it holds nothing of them): kept on this device only, sent again at their next edit. */
  unsentRecords: z.number().int().nonnegative(),
  /**
   * When the engine tries again after a failed sync (epoch ms): the retry its
   * backoff scheduled. Null when none is scheduled: online (the periodic sync
   * is no retry), syncing, stopped, or waiting for an update of FieldVault.
   */
  nextTryAt: z.number().int().nullable(),
  /**
   * This computer's clock is off the server's by more than the threshold
   * (src-main/sync/clock-skew.ts), as the last sync to hear the server's time
   * found it; null when they agree, or no sync has heard it yet. Said whether
   * or not that sync succeeded: it is no failure (lastErrorReason), yet edits
   * stamped by a wrong clock are ordered by it.
   */
  clockSkew: ClockSkew.nullable(),
});
export type SyncStatusEvent = z.infer<typeof SyncStatusEvent>;

export const SyncStatus = SyncStatusEvent.extend({
  enrolled: z.boolean(),
  /** The sync server's address (no credentials), when enrolled. */
  serverUrl: z.string().nullable(),
  organisationName: z.string().nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

/**
 * What is wrong with a sync server address, or null: `https` (another scheme), `path` (anything after the host
 * and port: a path, a query, a fragment, or a user name). The device keeps the origin only, so an address
 * behind a reverse proxy's path was quietly cut to its host and the enrolment went to the wrong place.
 */
export function serverAddressProblem(address: string): 'invalid' | 'https' | 'path' | null {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/is.exec(address);
  if (scheme === null || (scheme[2] ?? '') === '' || /\s/.test(address)) return 'invalid';
  if ((scheme[1] ?? '').toLowerCase() !== 'https') return 'https';
  // The host (a name, an address, or [an IPv6 address]) and a port, then at most "/".
  return /^(?:\[[0-9a-f:.]+\]|[^/?#@[\]:]+)(?::\d{1,5})?\/?$/i.test(scheme[2] ?? '') ? null : 'path';
}

const serverAddressWords = {
  invalid: 'Not an address',
  https: 'The sync server address must start with https://',
  path: 'Enter the server address only (https:// and its name, with a port if needed), without a path',
} as const;

/** The enrolment bundle (server address, organisation CA, one-time code), as an administrator hands it over. */
export const SyncEnrolInput = z
  .object({
    serverUrl: z
      .string()
      .url(serverAddressWords.invalid)
      .max(2000)
      .superRefine((address, context) => {
        const problem = serverAddressProblem(address);
        if (problem !== null && problem !== 'invalid') context.addIssue({ code: 'custom', message: serverAddressWords[problem] });
      }),
    caCertificatePem: z
      .string()
      .max(20_000, 'The certificate is too long')
      .regex(/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/, 'Paste the organisation certificate (PEM)'),
    enrolmentCode: z
      .string()
      .trim()
      .min(1, 'Enter the enrolment code')
      .max(100)
      // Refused before any connection: a code of another length, or with a character no code has (enrolment-code.ts).
      .refine((code) => code === '' || enrolmentCodeProblem(code) === null, 'Not an enrolment code: it has 16 letters and digits, as XXXX-XXXX-XXXX-XXXX'),
    organisationName: z.string().trim().max(200).default(''),
  })
  .strict();
export type SyncEnrolInput = z.infer<typeof SyncEnrolInput>;

/**
 * Why a conflict was kept: a concurrent edit, the server's reason for refusing
 * a change, or `deleted_elsewhere`: another device moved the record to the
 * trash over this device's edits (field '*'; `localValue` maps each edited
 * field to the value kept, `remoteValue` is the trash's `deletedAt`). Keep
 * `local` restores the record with those values, `current` dismisses it.
 */
export const ConflictReason = z.enum(['concurrent', 'invalid', 'forbidden', 'conflict', 'unknown_field', 'erased', 'deleted_elsewhere']);
export type ConflictReason = z.infer<typeof ConflictReason>;

export const ConflictView = z.object({
  id: z.number().int().positive(),
  entity: SyncedEntity,
  recordId: RecordId,
  field: FieldName.or(z.literal('*')),
  reason: ConflictReason,
  /** This device's value; null when it may not be kept (the record left the device or was erased). */
  localValue: JsonValue.nullable(),
  /**
   * This device's side is kept: `localValue` is its value, null an emptied
   * field (an account unlinked, a date cleared, a record restored) that keep
   * `local` writes again. False when `localValue` is null because it may not be kept.
   */
  localKept: z.boolean(),
  /**
   * The other side's value: the one that stands on the server, null when there is none;
   * of a 'concurrent' conflict found by a push (PushResponse.overwritten), the other
   * device's value this device's edit replaced (this device's is current then).
   */
  remoteValue: JsonValue.nullable(),
  /**
   * The server holds nothing of the record: it refused it as a new record. It
   * stays on this device only; its next edit sends it whole, keep `local`
   * sends it again as it is, keep `remote` discards it.
   */
  unsent: z.boolean(),
  createdAt: z.number().int(),
  /**
   * When each side's value was written, from its clock stamp (the writing
   * device's clock; the server refuses stamps more than 60 s ahead): epoch ms, null when the side has
   * no stamp (a refusal that sent no value back).
   */
  localAt: z.number().int().nullable(),
  remoteAt: z.number().int().nullable(),
  /**
   * What taking the server's side gives the field when that side is an empty
   * value that can be taken (`takesEmptyServerValue`) though the server holds
   * no value of the field: the value other devices hold, the vault column's
   * default (a contact's preferred channel: 'any'; a title: ''), so the
   * review shows that value rather than "Empty". Null otherwise (the server
   * holds a null, or its side is not empty or cannot be taken).
   */
  emptyValue: JsonValue.nullable(),
  /**
   * Of a deal's stage (`stageId`) moved on both sides: the probability each
   * side's move set with it, an entry of its own (`id`: the same reason, the
   * same two stamps), listed and resolved with this one, so a choice keeps a
   * side's stage and its probability together. Null otherwise; a probability
   * changed apart from a stage move is an entry of its own.
   */
  stageProbability: z.object({ id: z.number().int().positive(), localValue: JsonValue.nullable(), remoteValue: JsonValue.nullable() }).nullable(),
});
export type ConflictView = z.infer<typeof ConflictView>;

export const ConflictQuery = z
  .object({
    limit: z.number().int().min(1).max(200).default(50),
    /** The last id of the previous page. */
    after: z.number().int().positive().optional(),
    /** Only the conflicts of this record (a detail page's notice, the review filtered to one record). */
    recordId: RecordId.optional(),
  })
  .strict();
export type ConflictQuery = z.infer<typeof ConflictQuery>;

export const ConflictPage = z.object({ items: z.array(ConflictView), next: z.number().int().positive().nullable() });
export type ConflictPage = z.infer<typeof ConflictPage>;

/** The records kept on this device only (`unsent`): all of them, or `recordId`'s alone (its page's note). */
export const UnsentQuery = z.object({ recordId: RecordId.optional() }).strict();
export type UnsentQuery = z.infer<typeof UnsentQuery>;

/** The most records `sync.unsent.list` names at once; `total` counts them all. */
export const maxUnsentListed = 200;

export const UnsentRecords = z.object({
  items: z.array(z.object({ entity: SyncedEntity, recordId: RecordId })).max(maxUnsentListed),
  total: z.number().int().nonnegative(),
});
export type UnsentRecords = z.infer<typeof UnsentRecords>;

/**
 * Whether the server's side of a conflict is an empty value that can be
 * taken, though `remoteValue` is null: the server holds a null pulled from
 * another device (`concurrent`), or holds no value of the field at all (it
 * refused this device's value of a record it holds, as when it took a new
 * record in part, leaving out a value it refused). Not when this device's
 * value is gone too (the record left the device or was erased: nothing to
 * choose between), for the whole record (`*`), for a record the server holds
 * nothing of (`unsent`), nor for a field the server does not know
 * (`unknown_field`: it keeps no value of it, empty or not).
 */
export function takesEmptyServerValue(conflict: Pick<ConflictView, 'field' | 'reason' | 'localValue' | 'remoteValue' | 'unsent'>): boolean {
  return conflict.remoteValue === null && conflict.localValue !== null && conflict.field !== '*' && !conflict.unsent && conflict.reason !== 'unknown_field';
}

/** The fields whose value is a set, of every entity that has them: tags (compared as the domain compares them, case-insensitively). */
const setFields: ReadonlySet<string> = new Set(['tags']);

function tagList(value: JsonValue | null | undefined): readonly string[] | null {
  return Array.isArray(value) && value.every((item): item is string => typeof item === 'string') ? value : null;
}

/**
 * Whether a conflict may keep both sides (`both`): a set-like field (tags)
 * whose two sides each hold a value the other lacks. Not for a record the
 * server holds nothing of (`unsent`). Emails and phones are lists too, but
 * a concurrent edit of one of them is as often a correction as an addition:
 * their union would keep a mistyped address beside the corrected one.
 */
export function keepsBoth(conflict: Pick<ConflictView, 'field' | 'localValue' | 'remoteValue' | 'unsent'>): boolean {
  const local = tagList(conflict.localValue);
  const remote = tagList(conflict.remoteValue);
  if (!setFields.has(conflict.field) || conflict.unsent || local === null || remote === null) return false;
  const lacks = (from: readonly string[], other: readonly string[]) => uniqueTags([...other, ...from]).length > uniqueTags(other).length;
  return lacks(local, remote) && lacks(remote, local);
}

/**
 * What keeping both sides writes: the record's current values in their
 * order, then this device's and the server's that are not among them yet
 * (compared as tags are, case-insensitively).
 */
export function bothSides(current: JsonValue | null | undefined, conflict: Pick<ConflictView, 'localValue' | 'remoteValue'>): string[] {
  return uniqueTags([...(tagList(current) ?? []), ...(tagList(conflict.localValue) ?? []), ...(tagList(conflict.remoteValue) ?? [])]);
}

/**
 * `current` accepts what the record holds now; `local` / `remote` write that
 * value again as a new local edit (which then syncs like any other edit). Of
 * an unsent record, `local` sends the record again and `remote` (the server
 * has no record) removes it from this device. `remote` of a field the server
 * holds no value of (`takesEmptyServerValue`, a refusal) gives the field the
 * value the other devices hold (its empty value, the vault column's default)
 * and sends nothing: the server holds that already. `both` (a set-like
 * field, `keepsBoth`) writes the union of the record's value and both sides
 * (`bothSides`) as a new local edit; refused, nothing written, when that
 * union is not a value the field may hold (more tags than a record keeps).
 */
export const ConflictResolution = z
  .object({
    id: z.number().int().positive(),
    keep: z.enum(['current', 'local', 'remote', 'both']),
    // The record the review showed the entry for: an entry's id is used again once its row is gone (a record
    // evicted or erased takes its entries with it), so the id alone could name another record's entry.
    recordId: RecordId.optional(),
    // The entry as the review showed it (its `createdAt`, `reason` and sides' stamps, `localAt` and `remoteAt`): a
    // sync rewrites an open entry in place, and a choice made on the values before is refused (`conflict_changed`).
    shown: z
      .object({ createdAt: z.number().int(), reason: ConflictReason, localAt: z.number().int().nullable(), remoteAt: z.number().int().nullable() })
      .strict()
      .optional(),
  })
  .strict();
export type ConflictResolution = z.infer<typeof ConflictResolution>;
