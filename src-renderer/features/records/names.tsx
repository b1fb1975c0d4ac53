// Names of related records (the account of a contact, the deal of a task…)
// for list cells and chips. Lists carry only ids, so a name is fetched once
// per session with `<entity>.get`, a few at a time, and remembered in memory
// for as long as the workspace is open (it is dropped on lock). Anything that
// already holds a record (a list page, a detail answer) teaches the cache its
// name for free.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { FieldVaultApi } from '../../api/bridge-client';
import { useApi } from '../../app/api-context';
import type { EntityKind } from '../../app/router';
import { loadRecord } from './load-record';

type Listener = () => void;
const maxConcurrent = 4;

export class NameCache {
  readonly #names = new Map<string, string | null>();
  readonly #queue: Array<{ kind: EntityKind; id: string }> = [];
  readonly #queued = new Set<string>();
  readonly #listeners = new Map<string, Set<Listener>>();
  #running = 0;

  constructor(private readonly api: FieldVaultApi) {}

  /** The known name, null for a record that cannot be read, undefined while unknown. */
  peek(id: string): string | null | undefined {
    return this.#names.get(id);
  }

  learn(id: string, name: string): void {
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
    if (this.#names.has(id) || this.#queued.has(id)) return;
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
          this.#names.set(next.id, null);
          for (const listener of this.#listeners.get(next.id) ?? []) listener();
        },
      ).finally(() => {
        this.#queued.delete(next.id);
        this.#running -= 1;
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
  return <span className="truncate">{name === null || name === '' ? fallback : name}</span>;
}
