// Which records a sync (or a resolved conflict) changed, as `sync.didApplyChanges`
// names them: per entity, the ids of the records written or removed (deleted,
// evicted, erased), or null when there were more than `maxNamedIds` of them.
// Ids only: they are random UUIDs, never customer values.
import { z } from 'zod';
import { RecordId, SyncedEntity } from './protocol';

/** Most ids an event names per entity; past it the entity's ids are null ("too many to name"). */
export const maxNamedIds = 1_000;

export const ChangedIds = z.partialRecord(SyncedEntity, z.array(RecordId).max(maxNamedIds).nullable());
export type ChangedIds = z.infer<typeof ChangedIds>;

export interface ShownRecord {
  readonly entity: SyncedEntity;
  readonly id: string;
}

/** What a page shows: records known by id, and entities any of whose records may join it (a related list). */
export interface Shown {
  readonly records: readonly ShownRecord[];
  readonly entities: readonly SyncedEntity[];
}

/**
 * Whether changes to `entities`, naming `ids`, concern what a page shows: a
 * change of an entity it lists, or of one of its records. An entity the
 * change does not name ids for (null, or absent) concerns every record of it.
 */
export function changesConcern(change: { readonly entities: readonly SyncedEntity[]; readonly ids: ChangedIds }, shown: Shown): boolean {
  for (const entity of change.entities) {
    if (shown.entities.includes(entity)) return true;
    const named = change.ids[entity];
    for (const record of shown.records) {
      if (record.entity === entity && (named === undefined || named === null || named.includes(record.id))) return true;
    }
  }
  return false;
}
