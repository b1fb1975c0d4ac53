// The engine's side of the outbox (0002): reading operations in seq order
// for a push, removing what the server acknowledged, and the local surgery
// that merge and purge need (a field that lost to a newer remote edit, every
// entry of a record that was deleted, evicted or erased). Entries are written
// only by change-recorder.ts, inside the local write they belong to.
import { z } from 'zod';
import type { Operation, SyncedEntity } from '../../src-shared/sync/protocol';
import type { ReadTx, WriteTx } from '../vault/connection';
import { operationFromOutboxRow } from './change-recorder';

/**
 * The operation as the server must see it. The CRM's trash is a soft delete
 * (a 'delete' entry whose fields set deletedAt) that a restore can undo; the
 * protocol's 'delete' is a permanent tombstone with no fields. So a soft
 * delete travels as the field edit it is, and last-writer-wins on deletedAt
 * decides between a trash and a concurrent restore.
 */
export function wireOperation(operation: Operation): Operation {
  if (operation.kind === 'delete' && Object.keys(operation.fields).length > 0) return { ...operation, kind: 'upsert' };
  return operation;
}

/** The oldest operations, in seq order. */
export async function readOutbox(tx: ReadTx, limit: number): Promise<Operation[]> {
  const rows = await tx.all('SELECT seq, entity, record_id, kind, hlc, fields_json FROM outbox ORDER BY seq LIMIT ?', [limit]);
  return rows.map((row) => wireOperation(operationFromOutboxRow(row)));
}

export async function pendingCount(tx: ReadTx): Promise<number> {
  const row = await tx.get<{ n: unknown }>('SELECT count(*) AS n FROM outbox');
  return typeof row?.n === 'number' ? row.n : 0;
}

/** The stamp of the oldest entry, null when the outbox is empty. */
export async function oldestPendingStamp(tx: ReadTx): Promise<string | null> {
  const row = await tx.get<{ hlc: unknown }>('SELECT hlc FROM outbox ORDER BY seq LIMIT 1');
  return typeof row?.hlc === 'string' ? row.hlc : null;
}

/** The newest entry's seq, null when the outbox is empty (seqs are never reused: 0002). */
export async function lastOutboxSeq(tx: ReadTx): Promise<number | null> {
  const row = await tx.get<{ seq: unknown }>('SELECT max(seq) AS seq FROM outbox');
  return typeof row?.seq === 'number' ? row.seq : null;
}

/** Whether any entry up to seq is still waiting. */
export async function outboxHoldsThrough(tx: ReadTx, seq: number): Promise<boolean> {
  return (await tx.get('SELECT 1 FROM outbox WHERE seq <= ? LIMIT 1', [seq])) !== undefined;
}

/** Drops every entry the server has applied or rejected (seq ≤ throughSeq). */
/**
 * The server counts as applied sequence numbers this vault never assigned (`throughSeq` past its counter):
 * the vault is a copy or was restored from a backup, and the server took its pending operations, numbered
 * from an older counter, for ones it had already applied (replays), answering "applied" and applying nothing.
 * They are numbered again after `throughSeq`, in order, and the counter moved past it, so they are sent again
 * and applied (field by field against newer values, as any operation). Returns whether it was so.
 */
export async function renumberIfBehind(tx: WriteTx, throughSeq: number): Promise<boolean> {
  const counter = (await tx.get<{ seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'"))?.seq ?? 0;
  if (throughSeq <= counter) return false;
  const lowest = (await tx.get<{ seq: number | null }>('SELECT min(seq) AS seq FROM outbox'))?.seq ?? null;
  // One shift past every number in use, so no row takes another's number midway through the UPDATE.
  if (lowest !== null) await tx.run('UPDATE outbox SET seq = seq + ?', [throughSeq - lowest + 1]);
  const highest = (await tx.get<{ seq: number | null }>('SELECT max(seq) AS seq FROM outbox'))?.seq ?? throughSeq;
  await tx.run("UPDATE sqlite_sequence SET seq = ? WHERE name = 'outbox'", [Math.max(highest, throughSeq)]);
  await tx.run("INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox', ? WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'outbox')", [
    Math.max(highest, throughSeq),
  ]);
  return true;
}

export async function removeAcknowledged(tx: WriteTx, throughSeq: number): Promise<number> {
  return (await tx.run('DELETE FROM outbox WHERE seq <= ?', [throughSeq])).changes;
}

const EntryRow = z.object({ seq: z.number().int(), fields_json: z.string() });

async function entriesOf(tx: ReadTx, entity: SyncedEntity, recordId: string): Promise<{ seq: number; fields: Record<string, unknown> }[]> {
  const rows = z.array(EntryRow).parse(await tx.all('SELECT seq, fields_json FROM outbox WHERE entity = ? AND record_id = ? ORDER BY seq', [entity, recordId]));
  return rows.map((row) => ({ seq: row.seq, fields: z.record(z.string(), z.unknown()).parse(JSON.parse(row.fields_json)) }));
}

/** Fields of the record that unacknowledged local operations change, each with the seqs that change it. */
export async function pendingFieldsOf(tx: ReadTx, entity: SyncedEntity, recordId: string): Promise<Map<string, number[]>> {
  const pending = new Map<string, number[]>();
  for (const entry of await entriesOf(tx, entity, recordId)) {
    for (const field of Object.keys(entry.fields)) pending.set(field, [...(pending.get(field) ?? []), entry.seq]);
  }
  return pending;
}

/**
 * Removes a field from the record's pending operations: a newer remote edit
 * already won it, so sending it would only be refused. An entry left with no
 * field is dropped (the server dedupes by the highest seq it saw, so a gap
 * in seqs is harmless).
 */
export async function stripPendingField(tx: WriteTx, entity: SyncedEntity, recordId: string, field: string): Promise<void> {
  for (const entry of await entriesOf(tx, entity, recordId)) {
    if (!(field in entry.fields)) continue;
    const rest = Object.fromEntries(Object.entries(entry.fields).filter(([name]) => name !== field));
    if (Object.keys(rest).length === 0) await tx.run('DELETE FROM outbox WHERE seq = ?', [entry.seq]);
    else await tx.run('UPDATE outbox SET fields_json = ? WHERE seq = ?', [JSON.stringify(rest), entry.seq]);
  }
}

/** Drops every pending operation of the record (it was deleted, evicted or erased). */
export async function removeRecordEntries(tx: WriteTx, entity: SyncedEntity, recordId: string): Promise<void> {
  await tx.run('DELETE FROM outbox WHERE entity = ? AND record_id = ?', [entity, recordId]);
}
