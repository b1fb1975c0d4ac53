// The sync protocol between a device and the organisation's sync server.
// A device pushes operations from its outbox (operation id = device id + seq)
// and pulls server changes after a cursor (the server's commit sequence).
// Merge is last-writer-wins per (entity, id, field) by HLC; deletes win.
import { z } from 'zod';
import { HlcString } from './hlc';

export const protocolVersion = 1;

/** The entities that sync. Each has a table of the same name in the vault. */
export const syncedEntities = ['accounts', 'contacts', 'deals', 'activities', 'tasks'] as const;
export const SyncedEntity = z.enum(syncedEntities);
export type SyncedEntity = z.infer<typeof SyncedEntity>;

export const RecordId = z.string().uuid();
export const DeviceId = z.string().regex(/^[0-9A-Za-z_-]{8,64}$/, 'Not a device id');

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export const JsonValue: z.ZodType<Json> = z.lazy(() =>
  z.union([z.string().max(1_000_000), z.number(), z.boolean(), z.null(), z.array(JsonValue).max(1000), z.record(z.string().max(100), JsonValue)]),
);
export type JsonValue = Json;

export const FieldName = z.string().regex(/^[a-z][a-zA-Z0-9]{0,63}$/, 'Not a field name');

export const FieldChange = z.object({ value: JsonValue, hlc: HlcString }).strict();
export type FieldChange = z.infer<typeof FieldChange>;

/** One local change, as it sits in the outbox and travels in a push. */
export const Operation = z
  .object({
    seq: z.number().int().positive(),
    entity: SyncedEntity,
    recordId: RecordId,
    kind: z.enum(['upsert', 'delete']),
    hlc: HlcString,
    fields: z.record(FieldName, FieldChange),
  })
  .strict();
export type Operation = z.infer<typeof Operation>;

export const maxPushOperations = 500;
export const maxPushBytes = 1024 * 1024;

const Versions = {
  protocolVersion: z.number().int().positive(),
  schemaVersion: z.number().int().nonnegative(),
};

export const PushRequest = z
  .object({ ...Versions, deviceId: DeviceId, operations: z.array(Operation).max(maxPushOperations) })
  .strict();
export type PushRequest = z.infer<typeof PushRequest>;

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
    fields: z.record(FieldName, FieldChange),
  })
  .strict();
export type ServerChange = z.infer<typeof ServerChange>;

export const RejectedOperation = z.object({
  seq: z.number().int().positive(),
  code: z.enum(['invalid', 'forbidden', 'conflict', 'unknown_field']),
  message: z.string(),
});

export const PushResponse = z.object({
  /** Every operation with seq ≤ this has been applied (or rejected) and need not be sent again. */
  appliedThroughSeq: z.number().int().nonnegative(),
  rejected: z.array(RejectedOperation),
});
export type PushResponse = z.infer<typeof PushResponse>;

export const PullRequest = z
  .object({ ...Versions, deviceId: DeviceId, cursor: z.number().int().nonnegative(), limit: z.number().int().min(1).max(5000).default(2000) })
  .strict();
export type PullRequest = z.infer<typeof PullRequest>;

export const PullResponse = z.object({
  changes: z.array(ServerChange),
  /** Apply the page and store this cursor in one local transaction. */
  cursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
});
export type PullResponse = z.infer<typeof PullResponse>;

export const SyncErrorCode = z.enum([
  'bad_request',
  'unauthenticated',
  'device_revoked',
  'upgrade_required',
  'forbidden',
  'too_large',
  'rate_limited',
  'internal',
]);
export const SyncErrorBody = z.object({ error: z.object({ code: SyncErrorCode, message: z.string() }) });
