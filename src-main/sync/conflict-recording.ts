// How sync puts entries on the conflict list (conflicts.ts lists, counts and
// resolves them): a clash merge decided or an operation the server refused is
// recorded, one open entry per (record, field); a newer pulled server value
// becomes an open entry's server side; a push the server accepted closes the
// refusals of its fields.
import { z } from 'zod';
import type { ConflictReason } from '../../src-shared/sync/client-api';
import type { JsonValue, RecordKey, SyncedEntity } from '../../src-shared/sync/protocol';
import type { ReadTx, WriteTx } from '../vault/connection';

export interface NewConflict {
  readonly entity: SyncedEntity;
  readonly recordId: string;
  readonly field: string;
  readonly reason: ConflictReason;
  readonly localValue: JsonValue | null;
  /**
   * `localValue` null is this device's value, kept: a field it emptied (an
   * account unlinked, a due date cleared, a record restored: `deletedAt`
   * null), not a value sync could not keep. Stored as JSON `null`, where SQL
   * NULL means not kept, as every entry before meant by it.
   */
  readonly localKept?: boolean;
  readonly localHlc: string;
  readonly remoteValue: JsonValue | null;
  readonly remoteHlc: string;
}

/** Bookkeeping fields that change with every edit; a clash there is not something to review. */
const unreviewedFields = new Set(['updatedAt', 'updatedBy']);

/**
 * Nothing to review: a bookkeeping field, or a record both sides moved to the
 * trash (two `deletedAt` times, either way in the trash). A trash against a
 * restore (one side empty) stays an entry: last writer wins on `deletedAt`
 * (outbox.ts `wireOperation`), and the other side's choice is for review.
 */
function unreviewed(conflict: NewConflict): boolean {
  if (unreviewedFields.has(conflict.field)) return true;
  return conflict.field === 'deletedAt' && conflict.localValue !== null && conflict.remoteValue !== null;
}

export async function recordConflict(tx: WriteTx, conflict: NewConflict, now: number): Promise<void> {
  if (unreviewed(conflict)) return;
  const local = conflict.localValue === null && conflict.localKept !== true ? null : JSON.stringify(conflict.localValue);
  const remote = conflict.remoteValue === null ? null : JSON.stringify(conflict.remoteValue);
  const updated = await tx.run(
    `UPDATE conflicts SET local_value = ?, local_hlc = ?, remote_value = ?, remote_hlc = ?, reason = ?, created_at = ?
     WHERE entity = ? AND record_id = ? AND field = ? AND resolved_at IS NULL`,
    [local, conflict.localHlc, remote, conflict.remoteHlc, conflict.reason, now, conflict.entity, conflict.recordId, conflict.field],
  );
  if (updated.changes > 0) return;
  await tx.run(
    `INSERT INTO conflicts (entity, record_id, field, local_value, local_hlc, remote_value, remote_hlc, created_at, reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [conflict.entity, conflict.recordId, conflict.field, local, conflict.localHlc, remote, conflict.remoteHlc, now, conflict.reason],
  );
}

/**
 * The reasons whose entries have a server side: a clash, and a refusal of an
 * edit of a record the server holds (its value stays the server's).
 */
const withServerSide = "reason IN ('concurrent', 'conflict', 'invalid', 'forbidden')";

/** The records with an open entry whose server side a newer pulled value replaces (`followServerValue`), as `entity/id`. */
export async function recordsWithServerSides(tx: ReadTx): Promise<Set<string>> {
  const rows = z
    .array(z.object({ entity: z.string(), record_id: z.string() }))
    .parse(await tx.all(`SELECT DISTINCT entity, record_id FROM conflicts WHERE resolved_at IS NULL AND ${withServerSide}`));
  return new Set(rows.map((row) => `${row.entity}/${row.record_id}`));
}

/**
 * A pull wrote a newer server value of a field whose open entry holds an
 * older one: the entry's server side becomes it, so the review shows what the
 * server holds now and "Keep the server's" keeps that, not the value it
 * replaced (which, written back as a local edit, would undo the newer one on
 * the server).
 */
export async function followServerValue(tx: WriteTx, record: RecordKey, field: string, value: JsonValue | null, hlc: string): Promise<void> {
  await tx.run(
    `UPDATE conflicts SET remote_value = ?, remote_hlc = ?
     WHERE entity = ? AND record_id = ? AND field = ? AND resolved_at IS NULL AND ${withServerSide} AND remote_hlc < ?`,
    [value === null ? null : JSON.stringify(value), hlc, record.entity, record.recordId, field, hlc],
  );
}

/**
 * Closes the open refusals (invalid, forbidden, conflict) of fields a push
 * got accepted: the server holds this device's later value now, so the
 * refused one is settled (the user fixed the field). Clashes stay: the
 * other side's value is still to be reviewed.
 */
export async function closeAcceptedRefusals(tx: WriteTx, accepted: readonly (RecordKey & { readonly field: string })[], now: number): Promise<void> {
  const refusals = "resolved_at IS NULL AND reason IN ('invalid', 'forbidden', 'conflict')";
  // Few records have a refusal open (most often none): one read, not an UPDATE per field of a 500-operation batch.
  const open = z
    .array(z.object({ entity: z.string(), record_id: z.string() }))
    .parse(await tx.all(`SELECT DISTINCT entity, record_id FROM conflicts WHERE ${refusals}`));
  if (open.length === 0) return;
  const refused = new Set(open.map((row) => `${row.entity}/${row.record_id}`));
  for (const { entity, recordId, field } of accepted) {
    if (!refused.has(`${entity}/${recordId}`)) continue;
    await tx.run(`UPDATE conflicts SET resolved_at = ? WHERE entity = ? AND record_id = ? AND field = ? AND ${refusals}`, [now, entity, recordId, field]);
  }
}
