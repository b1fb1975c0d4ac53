// A record moved to the trash on another device while this device had edited
// it (walkthrough 4 #2). The trash is an edit of `deletedAt` (outbox.ts
// `wireOperation`), so the server takes this device's edits into the trashed
// record and the pull then trashes it here too: deletes win, and the edits
// went with the record, unseen by the person who made them. So, as a pulled
// change moves a live record to the trash, the fields this device edited
// that the server may not yet have held when the record was trashed become
// one `deleted_elsewhere` conflict entry for the record (field '*'), keeping
// their values: the device's own edits, still pending or stamped from where
// the last whole pull left off (sync-state.ts `readUnseenFrom`). "Restore
// with my changes" takes the record out of the trash and writes the kept
// values again as a new local change that syncs. An eviction or erasure
// removes the entry with the record (remove-record.ts): nothing is kept then.
import { compareHlc, decodeHlc } from '../../src-shared/sync/hlc';
import { isWritableValue } from '../../src-shared/sync/field-values';
import type { FieldChange, JsonValue, RecordKey, ServerChange } from '../../src-shared/sync/protocol';
import type { WriteTx } from '../vault/connection';
import { recordChange } from './change-recorder';
import type { NewConflict } from './conflict-recording';
import type { PageState } from './page-state';
import type { RecordHooks } from './record-hooks';
import { readFields, writeFields, type TableColumns } from './record-rows';
import { readUnseenFrom } from './sync-state';

/** Fields every edit or trash sets: not the user's changes. */
const bookkeeping = new Set(['updatedAt', 'updatedBy', 'deletedAt']);

const deviceOf = (stamp: string): string => decodeHlc(stamp).deviceId;

export interface TrashSeen {
  readonly columns: TableColumns;
  readonly localDeviceId: string;
}

/**
 * The conflict entry to keep when `change` moves a record this device holds
 * live to the trash (`toWrite`: the remote values that win) over edits of
 * this device the server may not have held before; null otherwise.
 */
export async function trashedOverOwnEdits(
  tx: WriteTx,
  ctx: TrashSeen,
  state: PageState,
  change: ServerChange,
  toWrite: ReadonlyMap<string, FieldChange>,
): Promise<NewConflict | null> {
  const trash = toWrite.get('deletedAt');
  if (trash === undefined || trash.value === null || deviceOf(trash.hlc) === ctx.localDeviceId) return null;
  const { entity, recordId } = change;
  const unseenFrom = await readUnseenFrom(tx);
  const edits = [...state.editedFields(entity, recordId)].filter(
    ([field, hlc]) =>
      !bookkeeping.has(field) &&
      change.fields[field] === undefined &&
      deviceOf(hlc) === ctx.localDeviceId &&
      (state.isPending(entity, recordId, field) || (unseenFrom !== null && compareHlc(hlc, unseenFrom) >= 0)),
  );
  if (edits.length === 0) return null;
  // In field-name order, so the entry names them the same way every time.
  edits.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const current = await readFields(tx, ctx.columns, entity, recordId, ['deletedAt', ...edits.map(([field]) => field)]);
  if (current === null || current.deletedAt !== null) return null;
  const kept: Record<string, JsonValue> = {};
  let newest = '';
  for (const [field, hlc] of edits) {
    const value = current[field];
    if (value === undefined) continue;
    kept[field] = value;
    if (hlc > newest) newest = hlc;
  }
  if (newest === '') return null;
  return { entity, recordId, field: '*', reason: 'deleted_elsewhere', localValue: kept, localHlc: newest, remoteValue: trash.value, remoteHlc: trash.hlc };
}

export interface RestoreContext {
  readonly columns: TableColumns;
  readonly hooks: RecordHooks;
  readonly now: number;
}

/**
 * "Restore with my changes": takes the record out of the trash and writes the
 * kept values that differ from what it holds now, as one new local change
 * (outbox entry included, so it syncs and, being newest, wins). A kept field
 * this vault no longer has, or whose value it may no longer hold, is left as
 * it is. A record out of the trash already (restored here or elsewhere) is
 * left as it is: it came back with the edits the server took in, and what
 * differs now was written since (the kept values were written over it).
 * Answers whether anything was written.
 */
export async function restoreWithChanges(tx: WriteTx, ctx: RestoreContext, record: RecordKey, kept: JsonValue | null): Promise<boolean> {
  const values = kept !== null && typeof kept === 'object' && !Array.isArray(kept) ? kept : {};
  const names = Object.keys(values).filter((field) => !bookkeeping.has(field));
  const current = await readFields(tx, ctx.columns, record.entity, record.recordId, ['deletedAt', 'updatedBy', ...names]);
  if (current === null || current.deletedAt === null || current.deletedAt === undefined) return false;
  const fields: Record<string, JsonValue> = { deletedAt: null };
  for (const field of names) {
    const value = values[field];
    if (value === undefined || !(field in current) || !isWritableValue(record.entity, field, value)) continue;
    if (JSON.stringify(current[field] ?? null) !== JSON.stringify(value)) fields[field] = value;
  }
  if (Object.keys(fields).length === 0) return false;
  if ('updatedBy' in current) fields.updatedAt = ctx.now;
  await writeFields(tx, ctx.columns, record.entity, record.recordId, fields);
  await recordChange(tx, { entity: record.entity, recordId: record.recordId, kind: 'upsert', fields }, ctx.now);
  await ctx.hooks.afterWrite(tx, record.entity, [record.recordId]);
  return true;
}
