// Which records a sync (or a resolved conflict) changed, as `sync.didApplyChanges`
// names them: per entity, the ids of the records written or removed (deleted,
// evicted, erased), or null when there were more than `maxNamedIds` of them;
// and, where known, the records each of them links to now (its account,
// contact, deal; a deal's contacts), so a page listing related records can
// tell whether a changed record may join its list. Ids only: they are random
// UUIDs, never customer values.
import { z } from 'zod';
import { RecordId, SyncedEntity } from './protocol';

/** Most ids an event names per entity; past it the entity's ids are null ("too many to name"). */
export const maxNamedIds = 1_000;

export const ChangedIds = z.partialRecord(SyncedEntity, z.array(RecordId).max(maxNamedIds).nullable());
export type ChangedIds = z.infer<typeof ChangedIds>;

/** Most records a changed record links to: an account, a contact, a deal, or a deal's contacts. */
const maxLinks = 1_000;

/**
 * Per entity, per changed record named in `ids`: the records it links to
 * after the change ([] once removed). A record missing here may link anywhere.
 */
export const ChangedLinks = z.partialRecord(SyncedEntity, z.record(RecordId, z.array(RecordId).max(maxLinks)));
export type ChangedLinks = z.infer<typeof ChangedLinks>;

export interface ShownRecord {
  readonly entity: SyncedEntity;
  readonly id: string;
}

/**
 * A list of the records of `entity` that link to the record `linkedTo`; `ids`: those it shows now. `partial`: it
 * holds more than it shows (a related card's first rows under "Showing 100 of 150"), so a record named by a change
 * may be one of those not shown, and the count drawn over them all may have moved with it.
 */
export interface ShownList {
  readonly entity: SyncedEntity;
  readonly linkedTo: string;
  readonly ids: readonly string[];
  readonly partial?: boolean;
}

/**
 * What a page shows: records known by id, lists of the records linked to one
 * (a record page's related cards), and entities any of whose records may
 * join it (a list it cannot describe so).
 */
export interface Shown {
  readonly records: readonly ShownRecord[];
  readonly lists?: readonly ShownList[];
  readonly entities: readonly SyncedEntity[];
}

export interface ChangesToRecords {
  readonly entities: readonly SyncedEntity[];
  readonly ids: ChangedIds;
  readonly links?: ChangedLinks;
}

/**
 * Whether changes to `entities`, naming `ids`, concern what a page shows: a
 * change of an entity it lists any record of, of one of its records, or of a
 * record of a related list that is in the list or links (now) to the list's
 * record; a record that left the list is in it still, as the page shows it.
 * Any named record of a list's entity concerns a partial list (one beyond its
 * shown rows may have left it, or gone, its count with it).
 * An entity the change does not name ids for (null, or absent) concerns
 * every record of it, and a record whose links it does not give may link here.
 */
export function changesConcern(change: ChangesToRecords, shown: Shown): boolean {
  for (const entity of change.entities) {
    if (shown.entities.includes(entity)) return true;
    const named = change.ids[entity];
    if (named === undefined || named === null) {
      if (shown.records.some((record) => record.entity === entity) || (shown.lists ?? []).some((list) => list.entity === entity)) return true;
      continue;
    }
    if (shown.records.some((record) => record.entity === entity && named.includes(record.id))) return true;
    const links = change.links?.[entity];
    for (const list of shown.lists ?? []) {
      if (list.entity !== entity) continue;
      if (list.partial === true && named.length > 0) return true;
      for (const id of named) {
        const linked = links?.[id];
        if (list.ids.includes(id) || linked === undefined || linked.includes(list.linkedTo)) return true;
      }
    }
  }
  return false;
}
