// A counter per entity of the record writes committed to the vault, for caches
// of what derives from records (the import preview's duplicate keys). A cache
// keeps the generation it read at and is stale once it has moved: a write that
// commits while the cache reads moves it too, so that read is not reused.
// The composition root (src-main/app/core.ts) moves it after a CRM write, a
// resolved conflict and every sync cycle that applied changes, the import
// service after each chunk it writes. Entities by their table name.
// Departures count records that left the device for good (purged or
// evicted by sync, moved as each is removed): an export reading page by page
// refuses when it moved, since rows it read before may be among them.

export class RecordGenerations {
  readonly #generations = new Map<string, number>();
  #departures = 0;

  of(entity: string): number {
    return this.#generations.get(entity) ?? 0;
  }

  /** Records of these entities were written (or are being written: call again once the write committed). */
  written(entities: Iterable<string>): void {
    for (const entity of entities) this.#generations.set(entity, this.of(entity) + 1);
  }

  /** Records purged or evicted so far (or being removed: the count moves inside the removing transaction). */
  departures(): number {
    return this.#departures;
  }

  /** A record is being purged or evicted. */
  departed(): void {
    this.#departures += 1;
  }
}
