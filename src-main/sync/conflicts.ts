// The conflict list (0002 `conflicts`, 0004 `reason`, 0024 every reason of
// ConflictReason, `deleted_elsewhere` included): concurrent edits of
// one field that merge decided, and operations the server refused, kept for
// the user to review. One open entry per (record, field): a newer conflict
// on the same field replaces the values of the open one. Values of a record
// the device may no longer hold (evicted, erased) are never kept. An entry of
// a record the server refused whole says so (`unsent`, unsent.ts).
import { z } from 'zod';
import type { ConflictPage, ConflictQuery, ConflictReason, ConflictResolution, ConflictView } from '../../src-shared/sync/client-api';
import { bothSides, ConflictView as ConflictViewSchema, keepsBoth, takesEmptyServerValue } from '../../src-shared/sync/client-api';
import { isWritableValue } from '../../src-shared/sync/field-values';
import { NotFoundError, BadInputError } from '../../src-shared/ipc/errors';
import { decodeHlc, HlcString } from '../../src-shared/sync/hlc';
import { JsonValue, type RecordKey, type SyncedEntity } from '../../src-shared/sync/protocol';
import type { ReadTx, WriteTx } from '../vault/connection';
import { recordChange } from './change-recorder';
import { emptyValue, readFields, writeFields, type TableColumns } from './record-rows';
import type { RecordHooks } from './record-hooks';
import { restoreWithChanges } from './trashed-elsewhere';
import { discardUnsent, resendUnsent } from './unsent';

export interface NewConflict {
  readonly entity: SyncedEntity;
  readonly recordId: string;
  readonly field: string;
  readonly reason: ConflictReason;
  readonly localValue: JsonValue | null;
  readonly localHlc: string;
  readonly remoteValue: JsonValue | null;
  readonly remoteHlc: string;
}

/** Bookkeeping fields that change with every edit; a clash there is not something to review. */
const unreviewedFields = new Set(['updatedAt', 'updatedBy']);

export async function recordConflict(tx: WriteTx, conflict: NewConflict, now: number): Promise<void> {
  if (unreviewedFields.has(conflict.field)) return;
  const local = conflict.localValue === null ? null : JSON.stringify(conflict.localValue);
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

export async function openConflictCount(tx: ReadTx): Promise<number> {
  const row = await tx.get<{ n: unknown }>('SELECT count(*) AS n FROM conflicts WHERE resolved_at IS NULL');
  return typeof row?.n === 'number' ? row.n : 0;
}

const ConflictRow = z.object({
  id: z.number().int(),
  entity: z.string(),
  record_id: z.string(),
  field: z.string(),
  reason: z.string(),
  local_value: z.string().nullable(),
  local_hlc: z.string(),
  remote_value: z.string().nullable(),
  remote_hlc: z.string(),
  unsent: z.number().int(),
  created_at: z.number().int(),
});

/** A conflict as stored, without what the vault's columns add to its view (`emptyValue`). */
const StoredConflict = ConflictViewSchema.omit({ emptyValue: true });
type StoredConflict = z.infer<typeof StoredConflict>;

/** When a side's value was written, from its clock stamp; null without one (a refusal keeps '' then). */
function stampedAt(hlc: string): number | null {
  return HlcString.safeParse(hlc).success ? decodeHlc(hlc).millis : null;
}

function toStored(row: unknown): StoredConflict {
  const parsed = ConflictRow.parse(row);
  const json = (text: string | null) => (text === null ? null : JsonValue.parse(JSON.parse(text)));
  return StoredConflict.parse({
    id: parsed.id,
    entity: parsed.entity,
    recordId: parsed.record_id,
    field: parsed.field,
    reason: parsed.reason,
    localValue: json(parsed.local_value),
    remoteValue: json(parsed.remote_value),
    unsent: parsed.unsent === 1,
    createdAt: parsed.created_at,
    localAt: stampedAt(parsed.local_hlc),
    remoteAt: stampedAt(parsed.remote_hlc),
  });
}

const columns =
  'id, entity, record_id, field, reason, local_value, local_hlc, remote_value, remote_hlc, created_at, EXISTS (SELECT 1 FROM sync_unsent u WHERE u.entity = conflicts.entity AND u.record_id = conflicts.record_id) AS unsent';

/** Whether taking the server's side writes the field's empty value here alone: the server holds no value of it. */
const serverHoldsNone = (conflict: StoredConflict): boolean => takesEmptyServerValue(conflict) && conflict.reason !== 'concurrent';

export async function listConflicts(tx: ReadTx, tableColumns: TableColumns, query: ConflictQuery): Promise<ConflictPage> {
  const rows = await tx.all(
    `SELECT ${columns} FROM conflicts WHERE resolved_at IS NULL AND id > ? AND (? IS NULL OR record_id = ?) ORDER BY id LIMIT ?`,
    [query.after ?? 0, query.recordId ?? null, query.recordId ?? null, query.limit + 1],
  );
  const items: ConflictView[] = [];
  for (const row of rows.slice(0, query.limit)) {
    const conflict = toStored(row);
    const empty = serverHoldsNone(conflict) ? await emptyValue(tx, tableColumns, conflict.entity, conflict.field) : null;
    items.push(ConflictViewSchema.parse({ ...conflict, emptyValue: empty ?? null }));
  }
  const last = items.at(-1);
  return { items, next: rows.length > query.limit && last !== undefined ? last.id : null };
}

export interface ResolveContext {
  readonly columns: TableColumns;
  readonly hooks: RecordHooks;
  readonly now: number;
}

/**
 * Closes an open conflict. Keeping `local` or `remote` writes that value as a
 * new local edit (outbox entry included, so it syncs and, being newest, wins).
 * Of a record the server holds nothing of (`unsent`), `remote` discards the
 * device's copy and `local` sends the record again, whole. `remote` of a
 * field the server refused this device's value of and holds none of
 * (`takesEmptyServerValue`: a new record it took in part) gives the field
 * the value other devices hold, its empty one, as a compensation would,
 * without an outbox entry: the server holds it already, and one whose
 * refusal was `forbidden` would only be refused again. `both` (tags whose
 * sides each hold one the other lacks, `keepsBoth`) writes the record's
 * tags, then the sides' missing ones (`bothSides`), as a new local edit
 * like `local`; a union the field may not hold (more than 50 tags) is
 * refused (`conflict_both_invalid`), nothing written. Answers the record it
 * changed (wrote or removed), or null.
 */
export async function resolveConflict(tx: WriteTx, ctx: ResolveContext, id: number, keep: ConflictResolution['keep']): Promise<RecordKey | null> {
  const row = await tx.get(`SELECT ${columns} FROM conflicts WHERE id = ? AND resolved_at IS NULL`, [id]);
  if (row === undefined) throw new NotFoundError('The conflict');
  const conflict = toStored(row);
  if (conflict.reason === 'deleted_elsewhere') return resolveTrashed(tx, ctx, conflict, keep);
  if (conflict.unsent && keep === 'remote') {
    await discardUnsent(tx, conflict.entity, conflict.recordId, ctx.hooks);
    return { entity: conflict.entity, recordId: conflict.recordId };
  }
  let changed = false;
  if (conflict.unsent && keep === 'local') {
    await resendUnsent(tx, ctx, conflict.entity, conflict.recordId);
  } else if (keep !== 'current') {
    if (keep === 'both' && !keepsBoth(conflict)) throw new BadInputError('Only a set of tags whose sides each hold a tag the other lacks can keep both sides.');
    // The server's empty: a null it holds (sent as an edit like any value), or no value at all (written here alone).
    const empty = keep === 'remote' && takesEmptyServerValue(conflict);
    const writtenHereAlone = keep === 'remote' && serverHoldsNone(conflict);
    const chosen = keep === 'local' ? conflict.localValue : conflict.remoteValue;
    const current = await readFields(tx, ctx.columns, conflict.entity, conflict.recordId, [conflict.field, 'updatedBy']);
    const value = writtenHereAlone
      ? await emptyValue(tx, ctx.columns, conflict.entity, conflict.field)
      : keep === 'both' && current !== null
        ? bothSides(current[conflict.field], conflict)
        : chosen;
    if (value === undefined || (value === null && !empty) || conflict.field === '*') throw new BadInputError('That value is no longer available; keep the current one.', { code: 'conflict_value_gone' });
    if (current === null) throw new NotFoundError('The record');
    // The union of two valid sides may still not be a value the field may hold (more tags than a record keeps).
    if (keep === 'both' && !isWritableValue(conflict.entity, conflict.field, value)) {
      throw new BadInputError('Both sides together are more than this field can hold (at most 50 tags). Choose one side, or keep it as it is now.', { code: 'conflict_both_invalid' });
    }
    if (JSON.stringify(current[conflict.field] ?? null) !== JSON.stringify(value)) {
      const fields: Record<string, JsonValue> = { [conflict.field]: value };
      if (!writtenHereAlone && 'updatedBy' in current) fields.updatedAt = ctx.now;
      await writeFields(tx, ctx.columns, conflict.entity, conflict.recordId, fields);
      if (!writtenHereAlone) await recordChange(tx, { entity: conflict.entity, recordId: conflict.recordId, kind: 'upsert', fields }, ctx.now);
      await ctx.hooks.afterWrite(tx, conflict.entity, [conflict.recordId]);
      changed = true;
    }
  }
  await tx.run('UPDATE conflicts SET resolved_at = ? WHERE id = ?', [ctx.now, id]);
  return changed ? { entity: conflict.entity, recordId: conflict.recordId } : null;
}

/** Of a record trashed elsewhere over this device's edits: `local` restores it with them, `current` dismisses the entry. */
async function resolveTrashed(tx: WriteTx, ctx: ResolveContext, conflict: StoredConflict, keep: ConflictResolution['keep']): Promise<RecordKey | null> {
  if (keep !== 'local' && keep !== 'current') throw new BadInputError('Restore the record with your changes, or dismiss this.');
  const record = { entity: conflict.entity, recordId: conflict.recordId };
  const changed = keep === 'local' && (await restoreWithChanges(tx, ctx, record, conflict.localValue));
  await tx.run('UPDATE conflicts SET resolved_at = ? WHERE id = ?', [ctx.now, conflict.id]);
  return changed ? record : null;
}
