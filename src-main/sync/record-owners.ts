// Who owns the records the server sent (migration 0031 `record_owners`): the
// server's `ownerUserId` of each live record whose state a pull page carries
// (PullResponse.owners). Only the owner may change a record on the server; the
// CRM services read this to refuse a teammate's record before the push would
// (services/crm/record-owners.ts). A record with no row has no known owner.
import { z } from 'zod';
import type { RecordOwners, SyncedEntity } from '../../src-shared/sync/protocol';
import type { ReadTx, WriteTx } from '../vault/connection';
import { insertRows } from '../vault/json-rows';

/** Stores the owners a pull page names, replacing what was known (an admin may have given the record to another user). */
export async function storeOwners(tx: WriteTx, owners: readonly RecordOwners[]): Promise<void> {
  const rows = owners.flatMap((group) => group.recordIds.map((recordId) => [group.entity, recordId, group.userId]));
  if (rows.length > 0) await insertRows(tx, 'INSERT OR REPLACE INTO record_owners (entity, record_id, owner_user_id)', rows);
}

/** Forgets a removed record's owner (remove-record.ts). */
export async function forgetOwner(tx: WriteTx, entity: SyncedEntity, recordId: string): Promise<void> {
  await tx.run('DELETE FROM record_owners WHERE entity = ? AND record_id = ?', [entity, recordId]);
}

const OwnerRow = z.object({ record_id: z.string(), owner_user_id: z.string() });

/** The known owners of these records, by record id; a record with no known owner is absent. */
export async function knownOwners(tx: ReadTx, entity: SyncedEntity, recordIds: readonly string[]): Promise<Map<string, string>> {
  if (recordIds.length === 0) return new Map();
  const rows = z
    .array(OwnerRow)
    .parse(
      await tx.all('SELECT record_id, owner_user_id FROM record_owners WHERE entity = ? AND record_id IN (SELECT value FROM json_each(?))', [entity, JSON.stringify(recordIds)]),
    );
  return new Map(rows.map((row) => [row.record_id, row.owner_user_id]));
}
