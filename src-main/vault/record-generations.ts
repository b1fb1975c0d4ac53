// A counter per entity of the record writes committed to the vault, for caches
// of what derives from records (the import preview's duplicate keys). A cache
// keeps the generation it read at and is stale once it has moved: a write that
// commits while the cache reads moves it too, so that read is not reused.
// The composition root (src-main/app/core.ts) moves it after a CRM write, a
// resolved conflict and every sync cycle that applied changes, the import
// service after each chunk it writes. Entities by their table name.

export class RecordGenerations {
  readonly #generations = new Map<string, number>();

  of(entity: string): number {
    return this.#generations.get(entity) ?? 0;
  }

  /** Records of these entities were written (or are being written: call again once the write committed). */
  written(entities: Iterable<string>): void {
    for (const entity of entities) this.#generations.set(entity, this.of(entity) + 1);
  }
}
