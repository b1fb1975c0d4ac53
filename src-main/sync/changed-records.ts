// The records a sync cycle (or a resolved conflict) changed, gathered for
// `sync.didApplyChanges`: per entity, their ids up to maxNamedIds, then only
// "too many to name" (a first sync of 100,000 contacts holds no 100,000 ids);
// and, for those a pull applied, the records each links to after it
// (record-links.ts), so an open record page can leave alone a related list
// that a changed record neither is in nor links to.
import { maxNamedIds, type ChangedIds, type ChangedLinks } from '../../src-shared/sync/changed-records';
import type { RecordKey, SyncedEntity } from '../../src-shared/sync/protocol';

export class ChangedRecords {
  /** null: more than maxNamedIds records of the entity changed. */
  readonly #ids = new Map<SyncedEntity, Set<string> | null>();
  /** What a named record links to now, where known (the newest word on it). */
  readonly #links = new Map<SyncedEntity, Map<string, readonly string[]>>();

  static of(...records: RecordKey[]): ChangedRecords {
    const changed = new ChangedRecords();
    for (const record of records) changed.add(record.entity, record.recordId);
    return changed;
  }

  /** A record changed; what it links to now is unknown until linked() says. */
  add(entity: SyncedEntity, recordId: string): void {
    this.#links.get(entity)?.delete(recordId);
    const ids = this.#ids.get(entity);
    if (ids === null) return;
    if (ids === undefined) {
      this.#ids.set(entity, new Set([recordId]));
    } else {
      ids.add(recordId);
      if (ids.size > maxNamedIds) this.#ids.set(entity, null);
    }
  }

  /** A changed record links to these records now ([] once removed). */
  linked(entity: SyncedEntity, recordId: string, links: readonly string[]): void {
    if (!(this.#ids.get(entity)?.has(recordId) ?? false)) return;
    const known = this.#links.get(entity) ?? new Map<string, readonly string[]>();
    known.set(recordId, links);
    this.#links.set(entity, known);
  }

  /** Adds other's changes, which came after these: its word on a record's links replaces this one's. */
  addAll(other: ChangedRecords): void {
    for (const [entity, ids] of other.#ids) {
      if (ids === null) this.#ids.set(entity, null);
      else for (const id of ids) this.add(entity, id);
    }
    for (const [entity, links] of other.#links) for (const [id, linked] of links) this.linked(entity, id, linked);
  }

  get size(): number {
    return this.#ids.size;
  }

  entities(): SyncedEntity[] {
    return [...this.#ids.keys()];
  }

  /** The named records of an entity (none when too many to name). */
  namedOf(entity: SyncedEntity): string[] {
    return [...(this.#ids.get(entity) ?? [])];
  }

  /** The event's `ids`. */
  named(): ChangedIds {
    const named: ChangedIds = {};
    for (const [entity, ids] of this.#ids) named[entity] = ids === null ? null : [...ids];
    return named;
  }

  /** The event's `links`: of the records it names, those whose links are known. */
  links(): ChangedLinks {
    const links: ChangedLinks = {};
    for (const [entity, known] of this.#links) {
      const ids = this.#ids.get(entity);
      if (ids === null || ids === undefined || known.size === 0) continue;
      links[entity] = Object.fromEntries([...known].filter(([id]) => ids.has(id)).map(([id, linked]) => [id, [...linked]]));
    }
    return links;
  }
}
