// Names of related records (the account of a contact, the deal of a task…)
// for list cells and chips. Lists carry only ids, so a name is fetched with
// `<entity>.get`, a few at a time, and remembered in memory for as long as
// the workspace is open (it is dropped on lock). Anything that already holds
// a record (a list page, a detail answer) teaches the cache its name for
// free. A sync that changed a named record (a teammate renamed the account)
// reads the name again for what shows it and forgets it otherwise; a name
// whose read failed is read again the next time something shows it (a
// failure once read as none for the rest of the session).
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ChangesToRecords } from '../../../src-shared/sync/changed-records';
import type { FieldVaultApi } from '../../api/bridge-client';
import { useApi } from '../../app/api-context';
import { kindOfEntity, type EntityKind } from '../../app/router';
import { loadRecord } from './load-record';

type Listener = () => void;
const maxConcurrent = 4;

export class NameCache {
  readonly #names = new Map<string, string | null>();
  readonly #queue: Array<{ kind: EntityKind; id: string }> = [];
  readonly #queued = new Set<string>();
  readonly #listeners = new Map<string, Set<Listener>>();
  /** The kind each requested id was asked for as, to read it again. */
  readonly #kinds = new Map<string, EntityKind>();
  /** Ids whose last read failed: asked for again, they are read again. */
  readonly #failed = new Set<string>();
  /** Ids a sync changed while their read was on its way: read once more when it ends (it may hold the old name). */
  readonly #stale = new Set<string>();
  #running = 0;

  constructor(private readonly api: FieldVaultApi) {}

  /** The known name, null for a record that cannot be read, undefined while unknown. */
  peek(id: string): string | null | undefined {
    return this.#names.get(id);
  }

  learn(id: string, name: string): void {
    this.#failed.delete(id);
    if (this.#names.get(id) === name) return;
    this.#names.set(id, name);
    for (const listener of this.#listeners.get(id) ?? []) listener();
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
    if ((this.#names.has(id) && !this.#failed.has(id)) || this.#queued.has(id)) return;
    this.#reread(kind, id);
  }

  /**
   * A sync (or a resolved conflict) changed these records: names shown now are read again (the old one shows
   * meanwhile), the others forgotten. An entity whose ids are not named (too many) concerns all its names.
   */
  changed({ entities, ids }: ChangesToRecords): void {
    for (const entity of entities) {
      const kind = kindOfEntity[entity];
      const named = ids[entity];
      const concerned = named === undefined || named === null ? [...this.#kinds].filter(([, of]) => of === kind).map(([id]) => id) : named;
      for (const id of concerned) {
        if (this.#queued.has(id)) this.#stale.add(id);
        else if (this.#listeners.has(id)) this.#reread(kind, id);
        else this.#names.delete(id);
      }
    }
  }

  #reread(kind: EntityKind, id: string): void {
    this.#queued.add(id);
    this.#queue.push({ kind, id });
    this.#pump();
  }

  #pump(): void {
    while (this.#running < maxConcurrent) {
      const next = this.#queue.shift();
      if (next === undefined) return;
      this.#running += 1;
      void this.#fetch(next.kind, next.id).then(
        (name) => this.learn(next.id, name),
        () => {
          this.#failed.add(next.id);
          if (this.#names.get(next.id) === null) return;
          this.#names.set(next.id, null);
          for (const listener of this.#listeners.get(next.id) ?? []) listener();
        },
      ).finally(() => {
        this.#queued.delete(next.id);
        this.#running -= 1;
        if (this.#stale.delete(next.id) && this.#listeners.has(next.id)) this.#reread(next.kind, next.id);
        this.#pump();
      });
    }
  }

  async #fetch(kind: EntityKind, id: string): Promise<string> {
    return (await loadRecord(this.api, kind, id)).name;
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
