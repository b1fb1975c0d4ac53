// Builds what devices receive from what the store holds: opens a record's
// sealed fields (value + HLC each). The only place the sync layer turns
// ciphertext back into values, and only on the way out or to merge.
import type { RecordOwners, ServerChange } from '../../src-shared/sync/protocol';
import { openRecordFields, type RecordFields } from '../crypto/record-seal';
import type { Keyring } from '../crypto/keyring';
import type { RecordKey, RecordRow } from '../store/rows';
import type { StoreReadTx } from '../store/store';

/** Makes sure the keyring holds every data key these records are sealed under. */
export async function ensureKeys(tx: StoreReadTx, keyring: Keyring, records: readonly RecordRow[]): Promise<void> {
  const ids = new Set<string>();
  for (const record of records) if (record.sealed !== null) ids.add(record.sealed.keyId);
  await keyring.ensure(tx, ids);
}

export function fieldsOf(keyring: Keyring, record: RecordRow): RecordFields {
  return record.sealed === null ? {} : openRecordFields(keyring, record.entity, record.recordId, record.sealed);
}

/** The given fields only (all when `only` is omitted). */
export function pickFields(fields: RecordFields, only?: Iterable<string>): RecordFields {
  if (only === undefined) return fields;
  const picked: RecordFields = {};
  for (const name of only) {
    const change = fields[name];
    if (change !== undefined) picked[name] = change;
  }
  return picked;
}

export const evictChange = (key: RecordKey, commitSeq: number): ServerChange => ({
  commitSeq,
  entity: key.entity,
  recordId: key.recordId,
  kind: 'evict',
  fields: {},
});

export const purgeChange = (key: RecordKey, commitSeq: number): ServerChange => ({
  commitSeq,
  entity: key.entity,
  recordId: key.recordId,
  kind: 'purge',
  fields: {},
});

export const deleteChange = (key: RecordKey, commitSeq: number): ServerChange => ({
  commitSeq,
  entity: key.entity,
  recordId: key.recordId,
  kind: 'delete',
  fields: {},
});

/** Full current state of live records as upserts (snapshot, backfill): one open per record. */
export async function fullStates(tx: StoreReadTx, keyring: Keyring, records: readonly RecordRow[], commitSeq: number): Promise<ServerChange[]> {
  const live = records.filter((record) => record.deletedSeq === null);
  await ensureKeys(tx, keyring, live);
  return live.map((record) => ({ commitSeq, entity: record.entity, recordId: record.recordId, kind: 'upsert', fields: fieldsOf(keyring, record) }));
}

/** The owners of the live records among `records`, grouped by owner and entity (PullResponse.owners). */
export function ownersOf(records: readonly RecordRow[]): RecordOwners[] {
  const groups = new Map<string, RecordOwners & { recordIds: string[] }>();
  for (const record of records) {
    if (record.deletedSeq !== null) continue;
    const key = `${record.ownerUserId}/${record.entity}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { userId: record.ownerUserId, entity: record.entity, recordIds: [record.recordId] });
    else group.recordIds.push(record.recordId);
  }
  return [...groups.values()];
}
