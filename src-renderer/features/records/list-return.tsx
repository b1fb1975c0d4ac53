// Back to a list returns to it as it was left. Opening a record from a list
// keeps, in memory and keyed by the list's browser history entry, what the
// list showed: the view tab, its sort and filters (ad hoc ones too), and the
// place of the row opened. Back (the detail page's or the browser's) shows
// that entry again, and the list opens from what was kept: same tab,
// same rows, the focus on the row opened, or on the row at its place where
// the list no longer holds it there (loading the pages before it,
// VirtualTable's focus request), scrolled into view. A list reached anew (the
// side navigation, "g c") is a new entry: its default view, at the top.
// Nothing of it goes into history.state (filters hold typed customer
// values); the memory goes with the workspace at a lock.
import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import { useNavigation } from '../../app/router';
import type { ListState } from './list-state';
import type { ListView } from './ViewBar';

export interface ListReturn {
  readonly state: ListState;
  readonly view: ListView | null;
  /** The place in the list of the row opened. */
  readonly index: number;
  /** The record opened: its row takes the focus back wherever the list then holds it. */
  readonly id: string;
}

/** History entries kept for, at most: a day of opening records from lists. */
const maxKept = 200;

const KeptContext = createContext<Map<string, ListReturn> | null>(null);

export function ListReturnProvider({ children }: { readonly children: ReactNode }) {
  const [kept] = useState(() => new Map<string, ListReturn>());
  return <KeptContext.Provider value={kept}>{children}</KeptContext.Provider>;
}

/**
 * `returned`: what this list showed when a record was last opened from this history entry (read once, as the
 * list mounts), or null. `keep`: remembers it as a record is opened.
 */
export function useListReturn(entity: string): { readonly returned: ListReturn | null; readonly keep: (left: ListReturn) => void } {
  const kept = useContext(KeptContext);
  const { entryKey } = useNavigation();
  const slot = `${String(entryKey)}:${entity}`;
  const [returned] = useState(() => kept?.get(slot) ?? null);
  const keep = useCallback(
    (left: ListReturn) => {
      if (kept === null) return;
      kept.delete(slot);
      kept.set(slot, left);
      for (const oldest of kept.keys()) {
        if (kept.size <= maxKept) break;
        kept.delete(oldest);
      }
    },
    [kept, slot],
  );
  return { returned, keep };
}
