// Records the sync server holds nothing of (0014 `sync_unsent`): it refused
// their creation as `invalid`, answering with no compensation. The device
// keeps such a record and everything typed into it, and lists the refusal as
// a conflict of an unsent record. Its next operation is sent as the whole
// record (a create), so an edit that makes it valid brings it to the server;
// sending only the changed fields would be refused for ever, since the
// server cannot create a record from part of it. Nothing is resent by
// itself: only a local edit, or the user's "send again" (keep `local` on its
// conflict), queues an operation. Keeping `remote` (the server's state: no
// record) discards the device's copy.
import { NotFoundError } from '../../src-shared/ipc/errors';
import { maxUnsentListed, UnsentRecords, type UnsentQuery } from '../../src-shared/sync/client-api';
import { syncedFieldsOf } from '../../src-shared/sync/entity-fields';
import type { FieldChange, Operation, RejectedOperation, SyncedEntity } from '../../src-shared/sync/protocol';
import type { ReadTx, WriteTx } from '../vault/connection';
import { recordChange, versionsOf } from './change-recorder';
import { readFields, type TableColumns } from './record-rows';
import type { RecordHooks } from './record-hooks';
import { removeRecord } from './remove-record';

/** Whether a refusal says the server holds nothing of the record (a new record refused whole). */
export function refusedWhole(rejection: RejectedOperation): boolean {
  return rejection.code === 'invalid' && rejection.compensation === null;
}

const keyOf = (entity: string, recordId: string) => `${entity}/${recordId}`;

export async function unsentCount(tx: ReadTx): Promise<number> {
  const row = await tx.get<{ n: unknown }>('SELECT count(*) AS n FROM sync_unsent');
  return typeof row?.n === 'number' ? row.n : 0;
}

/**
 * The records kept on this device only (the review's list of them, a record's page note): at most
 * `maxUnsentListed`, by kind and id (when each was refused is not kept); `total` counts them all.
 */
export async function listUnsent(tx: ReadTx, query: UnsentQuery): Promise<UnsentRecords> {
  const recordId = query.recordId ?? null;
  const rows = await tx.all<{ entity: string; record_id: string }>(
    'SELECT entity, record_id FROM sync_unsent WHERE ? IS NULL OR record_id = ? ORDER BY entity, record_id LIMIT ?',
    [recordId, recordId, maxUnsentListed],
  );
  const total = recordId === null ? await unsentCount(tx) : rows.length;
  return UnsentRecords.parse({ items: rows.map((row) => ({ entity: row.entity, recordId: row.record_id })), total });
}

async function unsentKeys(tx: ReadTx): Promise<Set<string>> {
  return new Set((await tx.all<{ entity: string; record_id: string }>('SELECT entity, record_id FROM sync_unsent')).map((row) => keyOf(row.entity, row.record_id)));
}

/**
 * The batch as it is sent: every operation of an unsent record carries the
 * whole record as it is now, each field with its own version (a field-less
 * delete stays as it is: the server has nothing to delete). Every one, not
 * only the first: after a lost answer the first may be a replay, which the
 * server answers with the refusal it kept without reading it, and the next
 * (the user's fix) was then refused as a new record without its fields.
 */
export async function asCreates(tx: ReadTx, columns: TableColumns, batch: readonly Operation[]): Promise<Operation[]> {
  const unsent = await unsentKeys(tx);
  if (unsent.size === 0) return [...batch];
  const sent: Operation[] = [];
  for (const operation of batch) {
    const key = keyOf(operation.entity, operation.recordId);
    if (!unsent.has(key) || Object.keys(operation.fields).length === 0) {
      sent.push(operation);
      continue;
    }
    const names = [...syncedFieldsOf(operation.entity)];
    const values = await readFields(tx, columns, operation.entity, operation.recordId, names);
    if (values === null) {
      sent.push(operation);
      continue;
    }
    const versions = await versionsOf(tx, operation.entity, operation.recordId, Object.keys(values));
    const fields: Record<string, FieldChange> = {};
    for (const [field, value] of Object.entries(values)) fields[field] = { value, hlc: versions[field] ?? operation.hlc };
    sent.push({ ...operation, kind: 'upsert', fields: { ...fields, ...operation.fields } });
  }
  return sent;
}

/**
 * Settles what one push answer says of unsent records, before its refusals
 * are recorded: a record refused whole is (still) unsent; one the server took
 * is sent, and the refusals of its creation are settled.
 */
export async function settleUnsent(tx: WriteTx, batch: readonly Operation[], rejected: readonly RejectedOperation[], now: number): Promise<void> {
  const bySeq = new Map(batch.map((operation) => [operation.seq, operation]));
  const refused = new Set<string>();
  for (const rejection of rejected) {
    const operation = bySeq.get(rejection.seq);
    if (operation === undefined || !refusedWhole(rejection)) continue;
    refused.add(keyOf(operation.entity, operation.recordId));
    await tx.run('INSERT OR IGNORE INTO sync_unsent (entity, record_id) VALUES (?, ?)', [operation.entity, operation.recordId]);
  }
  const unsent = await unsentKeys(tx);
  for (const operation of batch) {
    const key = keyOf(operation.entity, operation.recordId);
    if (!unsent.has(key) || refused.has(key)) continue;
    unsent.delete(key);
    await tx.run('DELETE FROM sync_unsent WHERE entity = ? AND record_id = ?', [operation.entity, operation.recordId]);
    await tx.run("UPDATE conflicts SET resolved_at = ? WHERE entity = ? AND record_id = ? AND reason = 'invalid' AND resolved_at IS NULL", [
      now,
      operation.entity,
      operation.recordId,
    ]);
  }
}

/**
 * Keep `remote` on a conflict of an unsent record: the server's state is no
 * record, so the device's copy goes (without an outbox entry: there is
 * nothing to delete on the server).
 */
export async function discardUnsent(tx: WriteTx, entity: SyncedEntity, recordId: string, hooks: RecordHooks): Promise<void> {
  await removeRecord(tx, hooks, entity, recordId, 'delete');
  // As after a pulled batch of removals: a discarded account's name leaves its contacts' and deals' search entries
  // (they kept it, found by a name no record has), and the index's page keys are checked for its tokens.
  await hooks.afterRemovals(tx, false);
}

/** "Send again": queues an operation of the record, which the next push sends whole. */
export async function resendUnsent(tx: WriteTx, ctx: { readonly columns: TableColumns; readonly now: number }, entity: SyncedEntity, recordId: string): Promise<void> {
  const current = await readFields(tx, ctx.columns, entity, recordId, ['updatedAt']);
  const updatedAt = current?.['updatedAt'];
  if (updatedAt === undefined) throw new NotFoundError('The record');
  await recordChange(tx, { entity, recordId, kind: 'upsert', fields: { updatedAt } }, ctx.now);
}
