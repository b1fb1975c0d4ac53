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
import { historyKept } from '../../app/history-kept';
import type { HandSet, ListState } from './list-state';
import type { ListView } from './ViewBar';

export interface ListReturn {
  readonly state: ListState;
  readonly view: ListView | null;
  /** The sort and the filters set by hand on that view (ListPage). */
  readonly handSet?: HandSet;
  /** The place in the list of the row opened. */
  readonly index: number;
  /** The record opened: its row takes the focus back wherever the list then holds it. */
  readonly id: string;
}

const kept = historyKept<ListReturn>();

export const ListReturnProvider = kept.Provider;

/**
 * `returned`: what this list showed when a record was last opened from this history entry (read once, as the
 * list mounts), or null. `keep`: remembers it as a record is opened.
 */
export function useListReturn(entity: string): { readonly returned: ListReturn | null; readonly keep: (left: ListReturn) => void } {
  return kept.useKept(entity);
}
