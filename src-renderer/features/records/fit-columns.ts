// Which of a list's columns the table shows in the width it has: all of them
// when their least widths fit; else the columns that may go (those with a
// dropOrder) go one by one, lowest dropOrder first, until the rest fit. A
// table never scrolls sideways with its last columns out of sight, e.g. at
// 900 px, where every list is narrower than its columns' least widths.
import type { Column } from './list-spec';

/** The least width of a column in rem (the rem in '8rem' or 'minmax(14rem, 2fr)'), so every row's grid lines up. */
export function minRem(width: string): number {
  const match = /(\d+(?:\.\d+)?)rem/.exec(width);
  return match === null ? 6 : Number(match[1]);
}

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
