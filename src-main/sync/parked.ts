// Remote field values this vault cannot store yet (Actual Budget's "parked
// messages"): a field a newer server schema added (no column here until a
// migration adds it), a value this release's domain schema refuses (a newer
// one may accept it), or the values of a record that arrived without every
// required field. A value written later to the field drops its parked one.
// Each (record, field) keeps the newest stamp only. After an
// unlock (when migrations have run) the engine retries them: what now fits is
// merged by the same last-writer-wins rule as every remote change.
import { z } from 'zod';
import { compareHlc } from '../../src-shared/sync/hlc';
import { JsonValue, SyncedEntity, type FieldChange } from '../../src-shared/sync/protocol';
import type { ReadTx, WriteTx } from '../vault/connection';

export interface ParkedField {
  readonly field: string;
  readonly change: FieldChange;
  readonly commitSeq: number;
}

export async function parkField(tx: WriteTx, entity: SyncedEntity, recordId: string, parked: ParkedField): Promise<void> {
  await tx.run(
    `INSERT INTO sync_parked (entity, record_id, field, value, hlc, commit_seq) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (entity, record_id, field) DO UPDATE SET value = excluded.value, hlc = excluded.hlc, commit_seq = excluded.commit_seq
     WHERE excluded.hlc > sync_parked.hlc`,
    [entity, recordId, parked.field, JSON.stringify(parked.change.value), parked.change.hlc, parked.commitSeq],
  );
}

const ParkedRow = z.object({ entity: SyncedEntity, record_id: z.string(), field: z.string(), value: z.string(), hlc: z.string(), commit_seq: z.number().int() });

function toParked(row: z.infer<typeof ParkedRow>): ParkedField {
  return { field: row.field, change: { value: JsonValue.parse(JSON.parse(row.value)), hlc: row.hlc }, commitSeq: row.commit_seq };
}

export async function parkedOf(tx: ReadTx, entity: SyncedEntity, recordId: string): Promise<ParkedField[]> {
  const rows = z.array(ParkedRow).parse(await tx.all('SELECT * FROM sync_parked WHERE entity = ? AND record_id = ?', [entity, recordId]));
  return rows.map(toParked);
}

export async function unparkFields(tx: WriteTx, entity: SyncedEntity, recordId: string, fields: readonly string[]): Promise<void> {
  for (const field of fields) await tx.run('DELETE FROM sync_parked WHERE entity = ? AND record_id = ? AND field = ?', [entity, recordId, field]);
}

/** The records among `changes` with parked values, as `entity/id` (keys of the parking table's primary key). */
export async function recordsWithParked(tx: ReadTx, changes: readonly { entity: SyncedEntity; recordId: string }[]): Promise<Set<string>> {
  const keys = JSON.stringify(changes.map((change) => [change.entity, change.recordId]));
  const rows = z
    .array(z.object({ entity: z.string(), record_id: z.string() }))
    .parse(await tx.all('SELECT DISTINCT entity, record_id FROM sync_parked WHERE (entity, record_id) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?))', [keys]));
  return new Set(rows.map((row) => `${row.entity}/${row.record_id}`));
}

/** Drops the record's parked values that written values replace: those of their fields stamped no later. */
export async function dropSupersededParked(tx: WriteTx, entity: SyncedEntity, recordId: string, written: ReadonlyMap<string, string>): Promise<void> {
  for (const [field, hlc] of written) {
    await tx.run('DELETE FROM sync_parked WHERE entity = ? AND record_id = ? AND field = ? AND hlc <= ?', [entity, recordId, field, hlc]);
  }
}

export async function removeParked(tx: WriteTx, entity: SyncedEntity, recordId: string): Promise<void> {
  await tx.run('DELETE FROM sync_parked WHERE entity = ? AND record_id = ?', [entity, recordId]);
}

/** Every record with parked values, grouped; the engine replays them as remote upserts. */
export async function parkedRecords(tx: ReadTx): Promise<{ entity: SyncedEntity; recordId: string; fields: ParkedField[] }[]> {
  const rows = z.array(ParkedRow).parse(await tx.all('SELECT * FROM sync_parked ORDER BY entity, record_id, field'));
  const groups = new Map<string, { entity: SyncedEntity; recordId: string; fields: ParkedField[] }>();
  for (const row of rows) {
    const key = `${row.entity}/${row.record_id}`;
    const group = groups.get(key) ?? { entity: row.entity, recordId: row.record_id, fields: [] };
    group.fields.push(toParked(row));
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** Merges parked values into a set of incoming ones, newest stamp per field. */
export function mergeNewest(incoming: Record<string, FieldChange>, parked: readonly ParkedField[]): Record<string, FieldChange> {
  const merged = { ...incoming };
  for (const { field, change } of parked) {
    const current = merged[field];
    if (current === undefined || compareHlc(change.hlc, current.hlc) > 0) merged[field] = change;
  }
  return merged;
}
