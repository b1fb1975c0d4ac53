// The columns a list's rows leave empty (fit-columns.ts), decided once per
// loaded list: when a new window (another query, a reload) has its first
// page, from that page's rows. Pages that land while scrolling change
// nothing, so no column moves under the user; until the new first page
// lands, the last decision holds (its rows are loading placeholders).
import { useState } from 'react';
import { emptyColumns } from './fit-columns';
import type { Column } from './list-spec';
import type { PageWindow } from './page-window';

interface Decided<Row> {
  readonly window: PageWindow<Row> | null;
  readonly empty: ReadonlySet<string>;
}

export function useEmptyColumns<Row>(columns: readonly Pick<Column<Row>, 'id' | 'isEmpty'>[], window: PageWindow<Row>): ReadonlySet<string> {
  const [decided, setDecided] = useState<Decided<Row>>(() => ({ window: null, empty: new Set() }));
  if (decided.window === window || window.pristine) return decided.empty;
  // Decided in the render that shows the first page (as usePagedList brings a new window), not in an
  // effect after it is painted: a frame of its rows in the old columns would jump.
  const next = { window, empty: emptyColumns(columns, window.sample(window.pageSize)) };
  setDecided(next);
  return next.empty;
}
