// Admin requests to the sync server. Each is sent by an enrolled device whose
// user is an admin (bearer device token, version headers as for every
// request); anyone else gets 403 `forbidden`. Answers name ids only.
import { z } from 'zod';
import { DeviceId, SyncedEntity } from './protocol';
import { RecordId } from './record-id';

/**
 * A record an admin request names: a UUID of either case. A server before the lower-case rule (push.ts) stored a
 * new record's id as its device spelt it, so an upper-case stored id must stay erasable; the server finds the
 * stored spelling (sync/admin.ts, storedKey).
 */
const AdminRecordKey = z.object({ entity: SyncedEntity, recordId: RecordId }).strict();

const Id = z.string().min(1).max(100).regex(/^[0-9A-Za-z_-]+$/, 'Not an id');

/**
 * A user's name as teammates see it: no control characters, C0 and C1 (PostgreSQL refuses NUL in text, so the
 * same request failed there with a 500 and was stored by SQLite, and a line break or escape has no place in a
 * name), no line or paragraph separator, and no bidirectional embedding, override or isolate (U+202A-U+202E,
 * U+2066-U+2069): those reorder the text after them, so a name could show teammates and the console's `users`
 * list other words than it holds.
 */
export const DisplayName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]*$/u, 'No control, separator or bidirectional override characters');

/** POST /v1/admin/users */
export const CreateUserRequest = z
  .object({ displayName: DisplayName, isAdmin: z.boolean().default(false) })
  .strict();
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;
export const CreateUserResponse = z.object({ userId: Id });
export type CreateUserResponse = z.infer<typeof CreateUserResponse>;

/** POST /v1/admin/users/rename: devices that may see the user learn the new name at their next sync. */
export const RenameUserRequest = z.object({ userId: Id, displayName: DisplayName }).strict();
export type RenameUserRequest = z.infer<typeof RenameUserRequest>;
export const RenameUserResponse = z.object({ commitSeq: z.number().int().positive() });
export type RenameUserResponse = z.infer<typeof RenameUserResponse>;

/**
 * POST /v1/admin/users/role: makes the user an admin or a member. A device may make only its own user a member
 * (`forbidden` otherwise: another admin is demoted at the console, `set-role`); any user may be made an admin.
 * Demoting the last admin is refused (`bad_request`); demoting an admin cancels every code that could still enrol
 * a device and that one of their devices issued, as revoking such a device does. `changed` is false when the user already had that role.
 */
export const SetUserRoleRequest = z.object({ userId: Id, isAdmin: z.boolean() }).strict();
export type SetUserRoleRequest = z.infer<typeof SetUserRoleRequest>;
export const SetUserRoleResponse = z.object({
  commitSeq: z.number().int().nonnegative(),
  changed: z.boolean(),
  cancelledEnrolmentCodes: z.number().int().nonnegative(),
});
export type SetUserRoleResponse = z.infer<typeof SetUserRoleResponse>;

/** POST /v1/admin/enrolment-codes: a one-time code for a new device of `userId`. */
export const CreateEnrolmentCodeRequest = z
  .object({ userId: Id, validForHours: z.number().int().min(1).max(24 * 30).default(72) })
  .strict();
export type CreateEnrolmentCodeRequest = z.infer<typeof CreateEnrolmentCodeRequest>;
export const CreateEnrolmentCodeResponse = z.object({ enrolmentCode: z.string(), expiresAt: z.number().int() });
export type CreateEnrolmentCodeResponse = z.infer<typeof CreateEnrolmentCodeResponse>;

/** POST /v1/admin/enrolment-codes/cancel: every code for `userId` that could still enrol a device stops working. */
export const CancelEnrolmentCodesRequest = z.object({ userId: Id }).strict();
export type CancelEnrolmentCodesRequest = z.infer<typeof CancelEnrolmentCodesRequest>;
export const CancelEnrolmentCodesResponse = z.object({ cancelled: z.number().int().nonnegative() });
export type CancelEnrolmentCodesResponse = z.infer<typeof CancelEnrolmentCodesResponse>;

/**
 * POST /v1/admin/devices/revoke: the device's next request answers `device_revoked`, and every code it issued
 * that could still enrol a device is cancelled.
 */
export const RevokeDeviceRequest = z.object({ deviceId: DeviceId }).strict();
export type RevokeDeviceRequest = z.infer<typeof RevokeDeviceRequest>;
export const RevokeDeviceResponse = z.object({ revoked: z.literal(true) });
export type RevokeDeviceResponse = z.infer<typeof RevokeDeviceResponse>;

/**
 * Set on a membership change or a move that both takes a team or territory away and names one that no user holds
 * and no record carries: without it such a request is refused (`bad_request`, nothing changed), as it is most
 * likely a typo (`nrth` for `north`) whose devices would evict the real team's records.
 */
const AllowNewIds = z.boolean().default(false);

/**
 * POST /v1/admin/memberships: replaces a user's teams and territories. Devices
 * of that user are told to evict records they can no longer see and are
 * backfilled with records they now can.
 */
export const SetMembershipsRequest = z
  .object({ userId: Id, teamIds: z.array(Id).max(100), territoryIds: z.array(Id).max(100), allowNewIds: AllowNewIds })
  .strict();
export type SetMembershipsRequest = z.infer<typeof SetMembershipsRequest>;
export const SetMembershipsResponse = z.object({ commitSeq: z.number().int().nonnegative() });
export type SetMembershipsResponse = z.infer<typeof SetMembershipsResponse>;

/** POST /v1/admin/records/reassign: moves a record to other bucket keys. */
export const ReassignRecordRequest = z
  .object({ record: AdminRecordKey, ownerUserId: Id, teamId: Id.nullable(), territoryId: Id.nullable(), allowNewIds: AllowNewIds })
  .strict();
export type ReassignRecordRequest = z.infer<typeof ReassignRecordRequest>;
export const ReassignRecordResponse = z.object({ commitSeq: z.number().int().positive() });
export type ReassignRecordResponse = z.infer<typeof ReassignRecordResponse>;

/**
 * POST /v1/admin/erase (GDPR Art. 17): hard-deletes the record and its
 * history, keeps an id-only ledger entry and sends a purge to every device.
 * An id that no record or ledger entry of `entity` has but another entity's
 * does is refused (`bad_request`, nothing written): a wrong entity named.
 */
export const EraseRecordRequest = z.object({ record: AdminRecordKey }).strict();
export type EraseRecordRequest = z.infer<typeof EraseRecordRequest>;
export const EraseRecordResponse = z.object({
  commitSeq: z.number().int().positive(),
  /** Whether this call erased a stored record: false when the server never stored the id, and when it was already erased. */
  existed: z.boolean(),
  /** True when the id was erased before (the call is idempotent: nothing changed, commitSeq is that erasure's). */
  alreadyErased: z.boolean(),
});
export type EraseRecordResponse = z.infer<typeof EraseRecordResponse>;

/** POST /v1/admin/erasures/status: which devices acknowledged the purge. */
export const ErasureStatusRequest = z.object({ record: AdminRecordKey }).strict();
export type ErasureStatusRequest = z.infer<typeof ErasureStatusRequest>;
export const ErasureStatusResponse = z.object({
  commitSeq: z.number().int().positive(),
  erasedAt: z.number().int(),
  acknowledgedBy: z.array(DeviceId),
  /** Active devices enrolled before the erasure that have synced and not acknowledged yet. */
  outstanding: z.array(DeviceId),
  /**
   * Revoked devices enrolled before the erasure that synced and never acknowledged: a stolen or lost laptop
   * may still hold the record, and it can no longer be told to purge it (it is wiped at its next request).
   */
  revokedUnconfirmed: z.array(DeviceId),
  /** Devices enrolled before the erasure that never pushed nor pulled (an enrolment whose answer was lost): they hold nothing. */
  neverSynced: z.array(DeviceId),
});
export type ErasureStatusResponse = z.infer<typeof ErasureStatusResponse>;
