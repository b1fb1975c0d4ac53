// Who owns the records the server sent (migration 0031 `record_owners`): the
// server's `ownerUserId` of each live record whose state a pull page carries
// (PullResponse.owners). Only the owner may change a record on the server; the
// CRM services read this to refuse a teammate's record before the push would
// (services/crm/record-owners.ts), and conflicts.ts to refuse keeping this
// device's side of one (but a task's status or reminder kept by its assignee,
// assignedToMe, which the server takes). A record with no row has no known owner.
import { z } from 'zod';
import { assigneeMayWrite } from '../../src-shared/domain/task';
import { AppError } from '../../src-shared/ipc/errors';
import type { RecordOwners, SyncedEntity } from '../../src-shared/sync/protocol';
import type { ReadTx, WriteTx } from '../vault/connection';
import { insertRows } from '../vault/json-rows';
import { readFields, type TableColumns } from './record-rows';

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

/** The record, or some of a bulk call's selection, belongs to another user; the transaction rolls back. */
export class NotOwnerError extends AppError {
  constructor(
    entity: SyncedEntity,
    /** The refused records' ids (ids only: no customer value). */
    readonly recordIds: readonly string[],
    bulk: boolean,
  ) {
    super(
      'NOT_PERMITTED',
      bulk
        ? `${recordIds.length} of the selected ${entity} ${recordIds.length === 1 ? 'belongs to a teammate' : 'belong to teammates'}, so nothing was changed. Only a record's owner can change it.`
        : 'This record belongs to a teammate, so it was not changed. Only its owner can change it.',
      undefined,
      bulk ? { code: 'not_owner', entity, count: recordIds.length } : { code: 'not_owner', entity },
    );
  }
}


const LocalUser = z.object({ value: z.string() });

/** The user this device writes as (sync_state `local_user_id`, as services/crm/current-user.ts reads it), or null. */
async function localUser(tx: ReadTx): Promise<string | null> {
  const me = LocalUser.safeParse(await tx.get("SELECT value FROM sync_state WHERE key = 'local_user_id'"));
  return me.success ? me.data.value : null;
}

/**
 * Whether the record's known owner is another user than the one this device writes as (sync_state
 * `local_user_id`, as services/crm/current-user.ts reads it): the server refuses any change of it from here
 * but a task's status or reminder written by its assignee (assignedToMe).
 */
export async function ownedByTeammate(tx: ReadTx, entity: SyncedEntity, recordId: string): Promise<boolean> {
  const owner = (await knownOwners(tx, entity, [recordId])).get(recordId);
  if (owner === undefined) return false;
  const me = await localUser(tx);
  return me === null || me !== owner;
}

/**
 * Whether writing `fields` of the record is an edit the server takes from this device's user though a teammate owns
 * it: a task whose assignee (`assigneeId`, as the device holds it) is this user, only its status and reminder written
 * (src-shared assigneeMayWrite: the server's push check and the CRM services' assigneeEdit read the same set).
 */
export async function assignedToMe(tx: ReadTx, columns: TableColumns, entity: SyncedEntity, recordId: string, fields: readonly string[]): Promise<boolean> {
  if (entity !== 'tasks' || !assigneeMayWrite(fields)) return false;
  const assignee = (await readFields(tx, columns, entity, recordId, ['assigneeId']))?.['assigneeId'];
  return typeof assignee === 'string' && assignee === (await localUser(tx));
}
