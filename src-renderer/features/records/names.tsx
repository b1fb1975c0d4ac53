// Names of related records (the account of a contact, the deal of a task…)
// for list cells and chips. Lists carry only ids, so names are read with
// `records.names`: every name asked for in one tick (a list page's rows, Today's
// tasks and activities) in one call, and remembered in memory for as long as
// the workspace is open (it is dropped on lock). Each used to cost a whole
// `<entity>.get` (a contact's deals, tasks and timeline page) to show a name.
// Anything that already holds a record (a list page, a detail answer) teaches
// the cache its name for free. A sync that changed a named record (a teammate
// renamed the account) reads the name again for what shows it and forgets it
// otherwise; a name whose read failed is read again the next time something
// shows it (a failure once read as none for the rest of the session). A record
// in the trash keeps its name; one not there, or of an entity the user may not
// read, is named null (the fallback shows). A name learnt from an answer asked
// for before the last change (asOf: stamp() when it was asked) is not learnt:
// a late answer would teach back a name a sync has just erased.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { recordNamesMax } from '../../../src-shared/domain/record-names';
import type { ChangesToRecords } from '../../../src-shared/sync/changed-records';
import type { FieldVaultApi } from '../../api/bridge-client';
import { useApi } from '../../app/api-context';
import { entityOfKind, kindOfEntity, type EntityKind } from '../../app/router';

type Listener = () => void;

export class NameCache {
  readonly #names = new Map<string, string | null>();
  /** Ids asked for this tick, with their kinds: read together when the tick ends. */
  readonly #pending = new Map<string, EntityKind>();
  /** Ids whose read is on its way. */
  readonly #reading = new Set<string>();
  readonly #listeners = new Map<string, Set<Listener>>();
  /** The kind each requested id was asked for as, to read it again. */
  readonly #kinds = new Map<string, EntityKind>();
  /** Ids whose last read failed: asked for again, they are read again. */
  readonly #failed = new Set<string>();
  /** Ids a sync changed while their read was on its way: read once more when it ends (it may hold the old name). */
  readonly #stale = new Set<string>();
  #flushing: ReturnType<typeof setTimeout> | null = null;
  /** Changes heard so far (changed()): an answer asked for before the last of them is not learnt from. */
  #changes = 0;

  constructor(private readonly api: FieldVaultApi) {}

  /** The known name, null for a record that cannot be read, undefined while unknown. */
  peek(id: string): string | null | undefined {
    return this.#names.get(id);
  }

  /** How many changes the cache has heard: taken when a read is asked for, given to learn() with its answer. */
  stamp(): number {
    return this.#changes;
  }

  /**
   * The name a record read holds. `asOf`: stamp() when the read was asked for; a change heard since (the
   * record may be erased or renamed) makes the answer too old to learn from, and the name is not learnt.
   */
  learn(id: string, name: string, asOf?: number): void {
    if (asOf !== undefined && asOf !== this.#changes) return;
    this.#failed.delete(id);
    this.#set(id, name);
  }

  subscribe(id: string, listener: Listener): () => void {
    let set = this.#listeners.get(id);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(id, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(id);
    };
  }

  request(kind: EntityKind, id: string): void {
    this.#kinds.set(id, kind);
    if ((this.#names.has(id) && !this.#failed.has(id)) || this.#pending.has(id) || this.#reading.has(id)) return;
    this.#reread(kind, id);
  }

  /**
   * A sync (or a resolved conflict) changed these records: names shown now are read again (the old one shows
   * meanwhile), the others forgotten. An entity whose ids are not named (too many) concerns all its names.
   */
  changed({ entities, ids }: ChangesToRecords): void {
    if (entities.length > 0) this.#changes += 1;
    for (const entity of entities) {
      const kind = kindOfEntity[entity];
      const named = ids[entity];
      const concerned = named === undefined || named === null ? [...this.#kinds].filter(([, of]) => of === kind).map(([id]) => id) : named;
      for (const id of concerned) {
        if (this.#pending.has(id)) continue; // not read yet: it will read what is there now
        if (this.#reading.has(id)) this.#stale.add(id);
        else if (this.#listeners.has(id)) this.#reread(kind, id);
        else this.#names.delete(id);
      }
    }
  }

  #set(id: string, name: string | null): void {
    if (this.#names.has(id) && this.#names.get(id) === name) return;
    this.#names.set(id, name);
    for (const listener of this.#listeners.get(id) ?? []) listener();
  }

  #reread(kind: EntityKind, id: string): void {
    this.#pending.set(id, kind);
    // A macrotask, not a microtask: the rows of one page mount in one task, their effects in its microtasks.
    if (this.#flushing === null) this.#flushing = setTimeout(() => this.#flush(), 0);
  }

  #flush(): void {
    this.#flushing = null;
    const batch = [...this.#pending];
    this.#pending.clear();
    for (let start = 0; start < batch.length; start += recordNamesMax) void this.#read(batch.slice(start, start + recordNamesMax));
  }

  async #read(batch: ReadonlyArray<readonly [string, EntityKind]>): Promise<void> {
    for (const [id] of batch) this.#reading.add(id);
    try {
      const { names } = await this.api.invoke('records.names', { refs: batch.map(([id, kind]) => ({ entity: entityOfKind[kind], id })) });
      const answered = new Map(names.map((entry) => [entry.id, entry.name]));
      for (const [id] of batch) {
        this.#failed.delete(id);
        this.#set(id, answered.get(id) ?? null);
      }
    } catch {
      for (const [id] of batch) {
        this.#failed.add(id);
        this.#set(id, null);
      }
    } finally {
      for (const [id, kind] of batch) {
        this.#reading.delete(id);
        if (this.#stale.delete(id) && this.#listeners.has(id)) this.#reread(kind, id);
      }
    }
  }
}

const NameCacheContext = createContext<NameCache | null>(null);

export function NameCacheProvider({ children }: { readonly children: ReactNode }) {
  const api = useApi();
  const cache = useMemo(() => new NameCache(api), [api]);
  useEffect(() => api.on('sync.didApplyChanges', (change) => cache.changed(change)), [api, cache]);
  return <NameCacheContext.Provider value={cache}>{children}</NameCacheContext.Provider>;
}

export function useNameCache(): NameCache {
  const cache = useContext(NameCacheContext);
  if (cache === null) throw new Error('useNameCache() outside <NameCacheProvider>');
  return cache;
}

/** The name of record `id` of `kind`, fetched when first needed. */
export function useRecordName(kind: EntityKind, id: string | null): string | null | undefined {
  const cache = useNameCache();
  const [, setTick] = useState(0);
  useEffect(() => {
    if (id === null) return;
    const unsubscribe = cache.subscribe(id, () => setTick((tick) => tick + 1));
    cache.request(kind, id);
    return unsubscribe;
  }, [cache, kind, id]);
  return id === null ? null : cache.peek(id);
}

/** A related record's name as text, with a placeholder while it loads. */
export function RecordName({ kind, id, fallback }: { readonly kind: EntityKind; readonly id: string | null; readonly fallback: string }) {
  const name = useRecordName(kind, id);
  if (id === null) return <span className="faint">{fallback}</span>;
  if (name === undefined) return <span className="skeleton skeleton--text" aria-hidden="true" />;
  if (name === null || name === '') return <span className="truncate">{fallback}</span>;
  // The name as typed: a Hebrew or Arabic one reads right to left, its punctuation in place.
  return (
    <span className="truncate" dir="auto">
      {name}
    </span>
  );
}
