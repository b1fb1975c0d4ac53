// Removes a record from this device for a remote change (or a discarded
// record the server never held), without an outbox entry: its row and
// everything derived from it (through the injected hook: tags, links, search
// index), its field versions, its pending operations, its parked values, its
// conflicts open or resolved (their values may not stay on the device), its
// mark as unsent and its known owner. `purge` (erasure) also queues the
// acknowledgement the server waits for; it is sent after the WAL checkpoint.
import { z } from 'zod';
import { SyncedEntity, type RecordKey } from '../../src-shared/sync/protocol';
import type { ReadTx, WriteTx } from '../vault/connection';
import { removeRecordEntries } from './outbox';
import { removeParked } from './parked';
import { deleteRow } from './record-rows';
import type { RecordHooks, RemovalKind } from './record-hooks';
import { forgetOwner } from './record-owners';

export async function removeRecord(tx: WriteTx, hooks: RecordHooks, entity: SyncedEntity, recordId: string, kind: RemovalKind): Promise<void> {
  await hooks.beforeRemove(tx, entity, recordId, kind);
  await deleteRow(tx, entity, recordId);
  await tx.run('DELETE FROM field_versions WHERE entity = ? AND record_id = ?', [entity, recordId]);
  await removeRecordEntries(tx, entity, recordId);
  await removeParked(tx, entity, recordId);
  await tx.run('DELETE FROM conflicts WHERE entity = ? AND record_id = ?', [entity, recordId]);
  await tx.run('DELETE FROM sync_unsent WHERE entity = ? AND record_id = ?', [entity, recordId]);
  await forgetOwner(tx, entity, recordId);
  if (kind === 'purge') {
    await tx.run('INSERT OR IGNORE INTO sync_pending_acks (entity, record_id) VALUES (?, ?)', [entity, recordId]);
  }
}

const AckRow = z.object({ entity: SyncedEntity, record_id: z.string() });

/** Purges not yet acknowledged to the server, oldest first, at most limit. */
export async function pendingAcks(tx: ReadTx, limit: number): Promise<RecordKey[]> {
  const rows = z.array(AckRow).parse(await tx.all('SELECT entity, record_id FROM sync_pending_acks ORDER BY entity, record_id LIMIT ?', [limit]));
  return rows.map((row) => ({ entity: row.entity, recordId: row.record_id }));
}

export async function clearAcks(tx: WriteTx, keys: readonly RecordKey[]): Promise<void> {
  for (const key of keys) await tx.run('DELETE FROM sync_pending_acks WHERE entity = ? AND record_id = ?', [key.entity, key.recordId]);
}
