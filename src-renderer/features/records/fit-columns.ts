// Which of a list's columns the table shows in the width it has, and how wide
// each is drawn. All of them when their least widths fit; else the columns
// that may go (those with a dropOrder) go one by one, lowest dropOrder first,
// until the rest fit. A table never scrolls sideways with its last columns
// out of sight, e.g. at 900 px, where every list is narrower than its
// columns' least widths.
// A column with no value in any row of the list's first page (a phone, tags
// or an account nobody filled in, as after an import) needs room only for
// its header and a dash: it is drawn at `emptyRem` and the room it leaves
// goes to the first column (the record's name, title or subject), whose least
// width grows by as much, and its flexible share too (else a wider window's
// room would go to the other columns first). The least widths add up as before, so the same
// columns drop at the same widths; every row and the header share the one
// template, decided once per loaded list (never while scrolling), so a value
// further down the list shows in the narrow column, cut, with its tooltip.
import type { Column } from './list-spec';

/** The least width of a column in rem (the rem in '8rem' or 'minmax(14rem, 2fr)'), so every row's grid lines up. */
export function minRem(width: string): number {
  const match = /(\d+(?:\.\d+)?)rem/.exec(width);
  return match === null ? 6 : Number(match[1]);
}

/**
 * The width in rem of a column no row fills: its header's label whole in both languages, and a dash. The
 * widest such header, "Related" (tasks, activities), needs 7.14rem in English (measured in Chromium; e2e
 * list-name-room checks every list's in both languages).
 */
export const emptyRem = 7.5;

/** The columns to show in `room` rem (all of them when the room is not known yet). */
export function columnsThatFit<C extends Pick<Column<unknown>, 'width' | 'dropOrder'>>(columns: readonly C[], room: number | null): readonly C[] {
  if (room === null) return columns;
  let need = columns.reduce((sum, column) => sum + minRem(column.width), 0);
  const dropped = new Set<C>();
  const droppable = columns.filter((column) => column.dropOrder !== undefined).sort((a, b) => (a.dropOrder ?? 0) - (b.dropOrder ?? 0));
  for (const column of droppable) {
    if (need <= room) break;
    dropped.add(column);
    need -= minRem(column.width);
  }
  return dropped.size === 0 ? columns : columns.filter((column) => !dropped.has(column));
}

/** The ids of the columns that can be empty and are so in every one of `rows` (none when there are no rows). */
export function emptyColumns<Row>(columns: readonly Pick<Column<Row>, 'id' | 'isEmpty'>[], rows: readonly Row[]): ReadonlySet<string> {
  if (rows.length === 0) return new Set();
  return new Set(columns.filter((column) => column.isEmpty !== undefined && rows.every((row) => column.isEmpty?.(row) === true)).map((column) => column.id));
}

/** The flexible share of a column (the 2 in 'minmax(14rem, 2fr)'), 0 for a fixed one. */
export function flexShare(width: string): number {
  const match = /(\d+(?:\.\d+)?)fr/.exec(width);
  return match === null ? 0 : Number(match[1]);
}

/** A sum of rem or fr, without float noise (2.2 + 1.4 + 1.1 + 0.7 is 5.4, not 5.4000000000000004). */
const rounded = (value: number) => Math.round(value * 1000) / 1000;

/** The grid track of each of `columns` (as shown) when those `empty` names are empty: see the header. */
export function columnTracks(columns: readonly Pick<Column<unknown>, 'id' | 'width'>[], empty: ReadonlySet<string>): string[] {
  let freedRem = 0;
  let freedShare = 0;
  const tracks = columns.map((column, at) => {
    const least = minRem(column.width);
    if (at === 0 || !empty.has(column.id) || least <= emptyRem) return column.width;
    freedRem += least - emptyRem;
    freedShare += flexShare(column.width);
    return `${emptyRem}rem`;
  });
  const [first] = columns;
  if (first === undefined || freedRem === 0) return tracks;
  tracks[0] = first.width
    .replace(/\d+(?:\.\d+)?rem/, `${rounded(minRem(first.width) + freedRem)}rem`)
    .replace(/\d+(?:\.\d+)?fr/, `${rounded(flexShare(first.width) + freedShare)}fr`);
  return tracks;
}
