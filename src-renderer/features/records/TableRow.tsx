// One row of the virtual table, memoised: when a page lands or the view
// scrolls a little, rows whose record, position, focus and selection did not
// change are not rendered again. Its first cell starts with the row's
// selection checkbox (in the cell, not a column of its own, so the columns
// keep the room they fit in); clicking it (or the box around it) selects,
// Shift adds the range from the last row toggled, and neither opens the record.
import { memo, type KeyboardEvent, type MouseEvent } from 'react';
import type { Column } from './list-spec';

type AnyRow = { readonly id: string };

/** By absolute row index: the table looks the record up itself, with its own type. */
export interface RowEvents {
  readonly open: (index: number) => void;
  readonly focus: (index: number) => void;
  readonly key: (event: KeyboardEvent<HTMLDivElement>, index: number) => void;
  /** Toggles the row's selection, or (`range`) selects from the anchor to it. */
  readonly select: (index: number, range: boolean) => void;
}

export interface TableRowProps {
  readonly index: number;
  readonly start: number;
  readonly height: number;
  readonly row: AnyRow | undefined;
  readonly label: string;
  readonly focused: boolean;
  readonly selected: boolean;
  /** The selection checkbox's accessible name ("Select Ada Lovelace"). */
  readonly selectLabel: string;
  readonly columns: readonly Column<AnyRow>[];
  readonly template: string;
  readonly minWidth: string;
  readonly testId: string;
  readonly events: RowEvents;
}

/** A cell's classes; the first cell holds the row's selection checkbox before its content. */
export function cellClass(column: Pick<Column<AnyRow>, 'align'>, at: number): string {
  return ['vtable__cell', column.align === 'end' ? 'vtable__cell--end' : '', at === 0 ? 'vtable__cell--first' : ''].filter((name) => name !== '').join(' ');
}

function TableRowView(props: TableRowProps) {
  const { index, start, height, row, label, focused, selected, columns, template, minWidth, testId, events } = props;
  const select = (event: MouseEvent) => {
    event.stopPropagation();
    events.select(index, event.shiftKey);
  };
  const classes = ['vtable__row', row === undefined ? 'vtable__row--loading' : '', selected ? 'is-selected' : ''].filter((name) => name !== '');
  return (
    <div
      data-index={index}
      role="row"
      aria-rowindex={index + 2}
      aria-label={label}
      tabIndex={focused ? 0 : -1}
      className={classes.join(' ')}
      data-testid={row === undefined ? undefined : testId}
      style={{ gridTemplateColumns: template, minWidth, transform: `translateY(${start}px)`, height }}
      onClick={() => events.open(index)}
      onFocus={() => events.focus(index)}
      onKeyDown={(event) => events.key(event, index)}
    >
      {columns.map((column, at) => (
        <div key={column.id} role="cell" data-column={column.id} className={cellClass(column, at)}>
          {at === 0 && row !== undefined ? (
            <span className="vtable__select" onClick={select}>
              <input
                type="checkbox"
                className="vtable__check"
                aria-label={props.selectLabel}
                tabIndex={focused ? 0 : -1}
                checked={selected}
                data-testid="row-select"
                // The click's own handler (its box's) selects, seeing Shift; a change alone would not.
                onChange={() => undefined}
              />
            </span>
          ) : null}
          {row === undefined ? <span className="skeleton" aria-hidden="true" /> : column.render(row, { tabbable: focused })}
        </div>
      ))}
    </div>
  );
}

export const TableRow = memo(TableRowView);
