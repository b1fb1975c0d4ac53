// One row of the virtual table, memoised: when a page lands or the view
// scrolls a little, rows whose record, position and focus did not change are
// not rendered again.
import { memo, type KeyboardEvent } from 'react';
import type { Column } from './list-spec';

type AnyRow = { readonly id: string };

/** By absolute row index: the table looks the record up itself, with its own type. */
export interface RowEvents {
  readonly open: (index: number) => void;
  readonly focus: (index: number) => void;
  readonly key: (event: KeyboardEvent<HTMLDivElement>, index: number) => void;
}

export interface TableRowProps {
  readonly index: number;
  readonly start: number;
  readonly height: number;
  readonly row: AnyRow | undefined;
  readonly label: string;
  readonly focused: boolean;
  readonly columns: readonly Column<AnyRow>[];
  readonly template: string;
  readonly minWidth: string;
  readonly testId: string;
  readonly events: RowEvents;
}

function TableRowView({ index, start, height, row, label, focused, columns, template, minWidth, testId, events }: TableRowProps) {
  return (
    <div
      data-index={index}
      role="row"
      aria-rowindex={index + 2}
      aria-label={label}
      tabIndex={focused ? 0 : -1}
      className={row === undefined ? 'vtable__row vtable__row--loading' : 'vtable__row'}
      data-testid={row === undefined ? undefined : testId}
      style={{ gridTemplateColumns: template, minWidth, transform: `translateY(${start}px)`, height }}
      onClick={() => events.open(index)}
      onFocus={() => events.focus(index)}
      onKeyDown={(event) => events.key(event, index)}
    >
      {columns.map((column) => (
        <div key={column.id} role="cell" data-column={column.id} className={column.align === 'end' ? 'vtable__cell vtable__cell--end' : 'vtable__cell'}>
          {row === undefined ? <span className="skeleton" aria-hidden="true" /> : column.render(row)}
        </div>
      ))}
    </div>
  );
}

export const TableRow = memo(TableRowView);
