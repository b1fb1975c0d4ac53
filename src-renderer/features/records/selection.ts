// The rows a list has selected, by record id, and the anchor (the absolute
// row index of the last row toggled) that a Shift+click, Shift+Space or
// Shift+↑/↓ selects a range from. Ids, not indexes: the selection stays put
// while the virtual table scrolls, renders other rows or drops pages it no
// longer shows. A range takes the rows the list holds between the two ends
// (a page dropped far out of view meanwhile is not selected).
export interface Selection {
  readonly ids: ReadonlySet<string>;
  readonly anchor: number | null;
}

export const noSelection: Selection = { ids: new Set(), anchor: null };

/** Selects or unselects one row; it becomes the anchor. */
export function toggled(selection: Selection, id: string, index: number): Selection {
  const ids = new Set(selection.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { ids, anchor: index };
}

/**
 * Adds the rows from the anchor to `index` (both ends) to the selection;
 * without an anchor, from `from` (the row a Shift+↓ left; by default `index`
 * alone), which becomes the anchor. The anchor stays, so a second
 * Shift+click reaches from the same row.
 */
export function extended(selection: Selection, index: number, idAt: (index: number) => string | undefined, from = index): Selection {
  const anchor = selection.anchor ?? from;
  const ids = new Set(selection.ids);
  for (let at = Math.min(anchor, index); at <= Math.max(anchor, index); at += 1) {
    const id = idAt(at);
    if (id !== undefined) ids.add(id);
  }
  return { ids, anchor };
}

/** The header checkbox: every row given when not all of them are selected yet, else none. */
export function withAll(selection: Selection, rows: readonly string[]): Selection {
  if (rows.length > 0 && rows.every((id) => selection.ids.has(id))) return noSelection;
  return { ids: new Set([...selection.ids, ...rows]), anchor: selection.anchor };
}

/** How many of `rows` are selected: none, some or all (the header checkbox's state). */
export function coverage(selection: Selection, rows: readonly string[]): 'none' | 'some' | 'all' {
  const selected = rows.filter((id) => selection.ids.has(id)).length;
  if (selected === 0) return selection.ids.size === 0 ? 'none' : 'some';
  return selected === rows.length && selection.ids.size === selected ? 'all' : 'some';
}

/** How many rows the list holds, as its header says it: exact, or at least `count` when `more`. */
export interface ListTotal {
  readonly count: number;
  readonly more: boolean;
}

/**
 * What the selection bar says (bulk.*): how many are selected and, when the
 * list holds more rows than that (select-all takes the loaded rows only),
 * how many it holds ("50 selected · 2,000 in this view", "· 10,000+ in this
 * view" while the total is a lower bound).
 */
export function selectionSummary(selected: number, total: ListTotal): { key: 'bulk.selected' | 'bulk.selectedOfView' | 'bulk.selectedOfViewMore'; count: number; total: number } {
  if (total.more) return { key: 'bulk.selectedOfViewMore', count: selected, total: total.count };
  if (total.count > selected) return { key: 'bulk.selectedOfView', count: selected, total: total.count };
  return { key: 'bulk.selected', count: selected, total: total.count };
}
