// The saved views of each list as this session knows them, so that a list
// opened again opens at once on its default view instead of waiting for
// `views.list` before its first page (default-view.ts). Filled by a list's
// first `views.list`, kept up to date by this renderer's own views.save,
// views.delete and views.setDefault answers and by every later read
// (ViewBar.tsx). It lives in memory inside the workspace (shell/Workspace.tsx),
// like the name cache, so a lock, a wipe, an erase or a destroyed vault drops
// it with the rest of the session: a view's filters may hold a customer's name.
// A list's views are read once per unlocked session: a list opened again
// from this cache does not read them again.
// Views are local and not synced, but another page of the headless shell can
// change them, and no push says so. The user goes to that page to do it,
// which hides this one when both are tabs of one window: when this page is
// hidden or shown again, every list's views count as unchecked, and a list
// opened from the cache then reads them again once its first page is in
// (ListPage.tsx), once, and shows what that read brings. (Two windows side by
// side both stay visible: there such a change shows after this page's next
// change of that list's views, or the next unlock.)
import { createContext, useCallback, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import type { ListEntity, SavedView } from '../../../src-shared/domain/saved-view';

type Listener = () => void;

export class SavedViewsCache {
  readonly #views = new Map<ListEntity, readonly SavedView[]>();
  /** Lists whose views a read brought whole since this page was last hidden or shown. */
  readonly #checked = new Set<ListEntity>();
  readonly #listeners = new Map<ListEntity, Set<Listener>>();

  /** The list's views as last known; undefined until read once in this session. */
  peek(entity: ListEntity): readonly SavedView[] | undefined {
    return this.#views.get(entity);
  }

  /** All of the list's views, as a read (views.list, views.setDefault) answered them. */
  fill(entity: ListEntity, views: readonly SavedView[]): void {
    this.#checked.add(entity);
    this.#set(entity, views);
  }

  /** A change this renderer made, applied to the views it knows; nothing before a read (which brings them whole). */
  change(entity: ListEntity, edit: (views: readonly SavedView[]) => readonly SavedView[]): void {
    const known = this.#views.get(entity);
    if (known !== undefined) this.#set(entity, edit(known));
  }

  /** The list's views are known, but another page may have changed them since they were read (unsettle). */
  unchecked(entity: ListEntity): boolean {
    return this.#views.has(entity) && !this.#checked.has(entity);
  }

  /** This page was hidden or shown again: every list's views may have been changed on another page meanwhile. */
  unsettle(): void {
    this.#checked.clear();
  }

  #set(entity: ListEntity, views: readonly SavedView[]): void {
    if (this.#views.get(entity) === views) return;
    this.#views.set(entity, views);
    for (const listener of this.#listeners.get(entity) ?? []) listener();
  }

  subscribe(entity: ListEntity, listener: Listener): () => void {
    let set = this.#listeners.get(entity);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(entity, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(entity);
    };
  }
}

const SavedViewsContext = createContext<SavedViewsCache | null>(null);

/** One cache per workspace: a new session (after an unlock) starts without one. */
export function SavedViewsProvider({ children }: { readonly children: ReactNode }) {
  const cache = useMemo(() => new SavedViewsCache(), []);
  useEffect(() => {
    const unsettle = () => cache.unsettle();
    document.addEventListener('visibilitychange', unsettle);
    return () => document.removeEventListener('visibilitychange', unsettle);
  }, [cache]);
  return <SavedViewsContext.Provider value={cache}>{children}</SavedViewsContext.Provider>;
}

export function useSavedViewsCache(): SavedViewsCache {
  const cache = useContext(SavedViewsContext);
  if (cache === null) throw new Error('useSavedViewsCache() outside <SavedViewsProvider>');
  return cache;
}

/** The list's views as the cache holds them, re-rendering when they change. */
export function useCachedViews(entity: ListEntity): readonly SavedView[] | undefined {
  const cache = useSavedViewsCache();
  const subscribe = useCallback((listener: Listener) => cache.subscribe(entity, listener), [cache, entity]);
  const current = useCallback(() => cache.peek(entity), [cache, entity]);
  return useSyncExternalStore(subscribe, current);
}
