// The records a sync cycle (or a resolved conflict) changed, gathered for
// `sync.didApplyChanges`: per entity, their ids up to maxNamedIds, then only
// "too many to name" (a first sync of 100,000 contacts holds no 100,000 ids).
import { maxNamedIds, type ChangedIds } from '../../src-shared/sync/changed-records';
import type { RecordKey, SyncedEntity } from '../../src-shared/sync/protocol';

export class ChangedRecords {
  /** null: more than maxNamedIds records of the entity changed. */
  readonly #ids = new Map<SyncedEntity, Set<string> | null>();

  static of(...records: RecordKey[]): ChangedRecords {
    const changed = new ChangedRecords();
    for (const record of records) changed.add(record.entity, record.recordId);
    return changed;
  }

  add(entity: SyncedEntity, recordId: string): void {
    const ids = this.#ids.get(entity);
    if (ids === null) return;
    if (ids === undefined) {
      this.#ids.set(entity, new Set([recordId]));
    } else {
      ids.add(recordId);
      if (ids.size > maxNamedIds) this.#ids.set(entity, null);
    }
  }

  addAll(other: ChangedRecords): void {
    for (const [entity, ids] of other.#ids) {
      if (ids === null) this.#ids.set(entity, null);
      else for (const id of ids) this.add(entity, id);
    }
  }

  get size(): number {
    return this.#ids.size;
  }

  entities(): SyncedEntity[] {
    return [...this.#ids.keys()];
  }

  /** The event's `ids`. */
  named(): ChangedIds {
    const named: ChangedIds = {};
    for (const [entity, ids] of this.#ids) named[entity] = ids === null ? null : [...ids];
    return named;
  }
}
