// The `records.names` channel: the names of related records (a task's
// contact, an activity's deal) for list cells, Today's rows and chips, many
// in one read of their title columns, where each used to cost a whole detail
// read (`contacts.get` with its deals, tasks and a timeline page). Any
// unlocked session may ask (the contract says 'session'); a record of an
// entity the user may not read is named null, as if it were not there, and
// its table is not read, like search's subtitles.
import type { RecordNameEntry, RecordNameRef, RecordNames } from '../../../src-shared/domain/record-names';
import type { SyncedEntity } from '../../../src-shared/sync/protocol';
import type { Handlers } from '../../ipc/registry';
import type { AccessPolicy } from '../../policy/access.policy';
import type { ReadTx } from '../../vault/connection';
import type { Vault } from '../../vault/vault';
import { titlesWithTrash } from './record-titles';
import { readableEntities } from './search.handlers';

/**
 * One entry per distinct ref, in the order asked: the record's title (a trashed record's too, with `trashed`), or
 * null for a record that is not there or of an entity not in `readable`.
 */
export async function recordNames(tx: ReadTx, refs: readonly RecordNameRef[], readable: readonly SyncedEntity[]): Promise<RecordNames> {
  const distinct = new Map<string, RecordNameRef>();
  for (const ref of refs) distinct.set(`${ref.entity}/${ref.id}`, ref);
  const idsOf = new Map<SyncedEntity, string[]>();
  for (const { entity, id } of distinct.values()) {
    if (!readable.includes(entity)) continue;
    const ids = idsOf.get(entity) ?? [];
    ids.push(id);
    idsOf.set(entity, ids);
  }
  const found = new Map<string, { readonly title: string; readonly trashed: boolean }>();
  for (const [entity, ids] of idsOf) {
    for (const [id, named] of await titlesWithTrash(tx, entity, ids)) found.set(`${entity}/${id}`, named);
  }
  const names = [...distinct].map(([key, { entity, id }]): RecordNameEntry => {
    const named = found.get(key);
    if (named === undefined) return { entity, id, name: null };
    return named.trashed ? { entity, id, name: named.title, trashed: true } : { entity, id, name: named.title };
  });
  return { names };
}

export function recordNameHandlers(vault: Vault, policy: AccessPolicy): Pick<Handlers, 'records.names'> {
  return {
    'records.names': async ({ refs }) => {
      const readable = readableEntities(policy);
      return vault.connection().read((tx) => recordNames(tx, refs, readable));
    },
  };
}
