// The one function every syncing write goes through. Inside the caller's
// write transaction it ticks the device's hybrid logical clock (kept in
// sync_state, with the device id made on first use), stamps the changed
// fields in field_versions and appends the operation to the outbox, so the
// record change, its versions and its outbox entry commit or roll back
// together (ARCHITECTURE.md "Sync").
//
// Storage (migration 0002):
//   field_versions: one row per (entity, record, field); a row with field
//     '*' gives the version of every field without a row of its own, which
//     is what a create writes (see versionOf).
//   outbox.fields_json: {field: value}; every field of an operation carries
//     the operation's hlc, so the Operation is rebuilt from the row
//     (operationFromOutboxRow) without storing the stamp once per field.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { encodeHlc, decodeHlc, tick, HlcString, type HlcState } from '../../src-shared/sync/hlc';
import {
  DeviceId,
  FieldName,
  JsonValue,
  Operation,
  RecordId,
  SyncedEntity,
  type FieldChange,
} from '../../src-shared/sync/protocol';
import type { ReadTx, SqlValue, WriteTx } from '../vault/connection';
import { insertRows, insertRowsReturning } from '../vault/json-rows';

export interface Change {
  readonly entity: SyncedEntity;
  readonly recordId: string;
  readonly kind: 'upsert' | 'delete';
  /** The changed fields only (for a create: every synced field), by their domain names. */
  readonly fields: Readonly<Record<string, JsonValue>>;
  /** A newly created record: its versions are one '*' row instead of one row per field. */
  readonly isNew?: boolean;
}

/** The field name of the record-level version row. */
export const wholeRecordField = '*';

const ChangeSchema = z.object({
  entity: SyncedEntity,
  recordId: RecordId,
  kind: z.enum(['upsert', 'delete']),
  fields: z.record(FieldName, JsonValue),
});

const deviceIdKey = 'device_id';
const hlcKey = 'hlc';

const StateRow = z.object({ key: z.string(), value: z.string() });

async function readClock(tx: ReadTx): Promise<HlcState | null> {
  const rows = z
    .array(StateRow)
    .parse(await tx.all('SELECT key, value FROM sync_state WHERE key IN (?, ?)', [deviceIdKey, hlcKey]));
  const deviceId = rows.find((row) => row.key === deviceIdKey)?.value;
  if (deviceId === undefined) return null;
  const stamp = rows.find((row) => row.key === hlcKey)?.value;
  if (stamp === undefined) return { millis: 0, counter: 0, deviceId: DeviceId.parse(deviceId) };
  const state = decodeHlc(stamp);
  // The stored clock must belong to this device; anything else is a damaged vault.
  if (state.deviceId !== deviceId) throw new Error('The stored clock does not belong to this device');
  return state;
}

/** This device's sync id, made (random, no PII) and stored on first use. */
export async function ensureDeviceId(tx: WriteTx): Promise<string> {
  const clock = await readClock(tx);
  if (clock !== null) return clock.deviceId;
  const deviceId = randomBytes(16).toString('base64url');
  await tx.run('INSERT INTO sync_state (key, value) VALUES (?, ?)', [deviceIdKey, deviceId]);
  return deviceId;
}

/**
 * Records a local change of a synced record in the caller's transaction and
 * returns the outbox operation. Throws (and the caller's transaction rolls
 * back) when the change does not make a valid protocol Operation.
 */
export async function recordChange(tx: WriteTx, change: Change, now: number): Promise<Operation> {
  const [operation] = await recordChanges(tx, [change], now);
  if (operation === undefined) throw new Error('The change was not recorded');
  return operation;
}

/**
 * recordChange for many changes at once (imports): the same rows, written
 * with one clock read and a few multi-row statements instead of four
 * statements per change. Each change gets its own, increasing stamp.
 */
export async function recordChanges(tx: WriteTx, changes: readonly Change[], now: number): Promise<Operation[]> {
  const written = await writeChanges(tx, checkChanges(changes), now, true);
  // RETURNING rows come in no promised order; every change has its own stamp, so match by it.
  const seqByStamp = new Map(z.array(z.object({ seq: z.number().int().positive(), hlc: z.string() })).parse(written.returned).map((row) => [row.hlc, row.seq]));
  return written.stamped.map((change) => {
    const seq = seqByStamp.get(change.hlc);
    if (seq === undefined) throw new Error('An outbox entry was not written');
    return withStamp(seq, change.entity, change.recordId, change.kind, change.hlc, change.fields);
  });
}

const checkedChanges: unique symbol = Symbol('CheckedChanges');

/** Changes that passed checkChanges: only this file makes them. */
export interface CheckedChanges {
  readonly [checkedChanges]: readonly CheckedChange[];
}

type CheckedChange = z.infer<typeof ChangeSchema> & { readonly isNew: boolean };

/**
 * Validates every change (entity, id, field names and JSON values) without
 * touching the vault, so a caller can do it while a statement runs;
 * recordCheckedChangesQuietly then writes them. Throws on the first bad one.
 */
export function checkChanges(changes: readonly Change[]): CheckedChanges {
  return {
    [checkedChanges]: changes.map((change) => {
      const draft = ChangeSchema.parse(change);
      if (Object.keys(draft.fields).length === 0) throw new Error('A change must name at least one field');
      return { ...draft, isNew: change.isNew === true };
    }),
  };
}

/**
 * Writes changes already checked (checkChanges) like recordChanges, without
 * reading each outbox entry back and building its Operation: for bulk
 * creates, where an import of 20,000 contacts would otherwise make 20,000
 * returned rows and some 340,000 small objects only to drop them.
 */
export async function recordCheckedChangesQuietly(tx: WriteTx, changes: CheckedChanges, now: number): Promise<void> {
  await writeChanges(tx, changes, now, false);
}

async function writeChanges(tx: WriteTx, checked: CheckedChanges, now: number, returning: boolean) {
  // Every change was validated before anything is written.
  const drafts = checked[checkedChanges];
  if (drafts.length === 0) return { stamped: [], returned: [] };

  let clock = (await readClock(tx)) ?? { millis: 0, counter: 0, deviceId: await ensureDeviceId(tx) };
  const stamped = drafts.map((draft) => {
    clock = tick(clock, now);
    return { ...draft, hlc: encodeHlc(clock) };
  });
  await tx.run('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [
    hlcKey,
    encodeHlc(clock),
  ]);

  const versions = stamped.flatMap((change): SqlValue[][] =>
    change.isNew
      ? [[change.entity, change.recordId, wholeRecordField, change.hlc]]
      : Object.keys(change.fields).map((field) => [change.entity, change.recordId, field, change.hlc]),
  );
  await insertRows(
    tx,
    'INSERT INTO field_versions (entity, record_id, field, hlc)',
    versions,
    'ON CONFLICT (entity, record_id, field) DO UPDATE SET hlc = excluded.hlc',
  );
  const outboxHead = 'INSERT INTO outbox (entity, record_id, kind, hlc, fields_json, created_at)';
  const outboxRows = stamped.map((change) => [change.entity, change.recordId, change.kind, change.hlc, JSON.stringify(change.fields), now]);
  if (!returning) {
    await insertRows(tx, outboxHead, outboxRows);
    return { stamped, returned: [] };
  }
  return { stamped, returned: await insertRowsReturning(tx, outboxHead, outboxRows, 'RETURNING seq, hlc') };
}

function withStamp(
  seq: number,
  entity: SyncedEntity,
  recordId: string,
  kind: 'upsert' | 'delete',
  hlc: string,
  values: Record<string, JsonValue>,
): Operation {
  const fields: Record<string, FieldChange> = {};
  for (const [name, value] of Object.entries(values)) fields[name] = { value, hlc };
  return { seq, entity, recordId, kind, hlc, fields };
}

const OutboxRow = z.object({
  seq: z.number().int().positive(),
  entity: SyncedEntity,
  record_id: z.string(),
  kind: z.enum(['upsert', 'delete']),
  hlc: HlcString,
  fields_json: z.string(),
});

/** The protocol Operation an outbox row stands for (every field stamped with the row's hlc). */
export function operationFromOutboxRow(row: unknown): Operation {
  const parsed = OutboxRow.parse(row);
  const values = z.record(z.string(), JsonValue).parse(JSON.parse(parsed.fields_json));
  return Operation.parse(withStamp(parsed.seq, parsed.entity, parsed.record_id, parsed.kind, parsed.hlc, values));
}

/**
 * The versions of a record's fields: a field's own row, else the '*' row,
 * else null (never written on this device). Pass the record's field names.
 */
export async function versionsOf(
  tx: ReadTx,
  entity: SyncedEntity,
  recordId: string,
  fields: readonly string[],
): Promise<Record<string, string | null>> {
  const rows = z
    .array(z.object({ field: z.string(), hlc: z.string() }))
    .parse(await tx.all('SELECT field, hlc FROM field_versions WHERE entity = ? AND record_id = ?', [entity, recordId]));
  const byField = new Map(rows.map((row) => [row.field, row.hlc]));
  const whole = byField.get(wholeRecordField) ?? null;
  return Object.fromEntries(fields.map((field) => [field, byField.get(field) ?? whole]));
}
