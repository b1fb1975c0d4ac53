// What the generic list page needs to know about one entity: its columns,
// sort fields, filter controls, and how to fetch a page and keep a saved view.
// One spec per entity lives in features/<entity>/; the page, table, filter bar
// and view bar are shared.
import type { ReactNode } from 'react';
import type { ListEntity, SavedView } from '../../../src-shared/domain/saved-view';
import type { ChannelInput } from '../../../src-shared/ipc/contract';
import type { FieldErrors } from '../../ui/form-errors';
import type { FieldVaultApi } from '../../api/bridge-client';
import type { MessageKey } from '../../app/i18n';
import type { EntityKind } from '../../app/router';
import type { ListState } from './list-state';
import type { Page } from './page-window';

export interface Column<Row> {
  readonly id: string;
  readonly label: MessageKey;
  /** A CSS grid track, e.g. 'minmax(14rem, 2fr)' or '8rem'. */
  readonly width: string;
  /** The list's sort field this column sorts by, if any. */
  readonly sortField?: string;
  /** What its sort button says it does, when more than "Sort by <label>" (list.sortBy). */
  readonly sortTitle?: MessageKey;
  readonly align?: 'end';
  /**
   * Set on a column the list can do without: when the table is narrower than
   * its columns' least widths, such columns are left out, lowest first (see fit-columns.ts).
   */
  readonly dropOrder?: number;
  /**
   * Whether the row has no value for this column (its cell shows a dash or
   * nothing). Set on a column that can be empty: when every row of the list's
   * first page is, the column narrows and the first column takes its room (see fit-columns.ts).
   */
  isEmpty?(row: Row): boolean;
  /** Method syntax on purpose: a Column<Contact> is then usable where a column of any record is (the memoised row takes that). */
  render(row: Row, cell: CellContext): ReactNode;
}

/** What a cell's content may need of its row: a control in it is a Tab stop only in the row that is the table's Tab stop. */
export interface CellContext {
  readonly tabbable: boolean;
}

export type FilterControl = 'owner' | 'assignee' | 'territory' | 'industry' | 'tags' | 'stage' | 'stageKind' | 'kind' | 'status' | 'priority' | 'dateRange';

export interface DateFieldOption {
  readonly field: string;
  readonly label: MessageKey;
}

export interface Option {
  readonly value: string;
  readonly label: string;
}

/** A view every user of a list has, beside the default one (e.g. "All deals" beside "Open deals"). */
export interface BuiltInView {
  /** Unique within the list; names the view's tab. */
  readonly id: string;
  readonly label: MessageKey;
  readonly state: ListState;
}

export type BuiltQuery<Query> = { readonly ok: true; readonly query: Query } | { readonly ok: false; readonly errors: FieldErrors<string> };

export interface ListSpec<Row extends { readonly id: string }> {
  readonly entity: EntityKind;
  readonly viewEntity: ListEntity;
  readonly sortFields: readonly string[];
  readonly defaultState: ListState;
  /** The name of the view with the default state, when that state filters (else "All"). */
  readonly defaultViewLabel?: MessageKey;
  /** Views shown after the default one and before the user's saved views. */
  readonly builtInViews?: readonly BuiltInView[];
  /** The built-in view a list opened filtered to one record starts from (ListLink), when not the default one. */
  readonly linkedView?: string;
  readonly filters: readonly FilterControl[];
  readonly dateFields: readonly DateFieldOption[];
  readonly columns: readonly Column<Row>[];
  /** Checks the state with the entity's shared query schema; errors are keyed by filter control. */
  readonly check: (state: ListState) => BuiltQuery<unknown>;
  readonly fetch: (api: FieldVaultApi, state: ListState, after: string | undefined, limit: number) => Promise<Page<Row>>;
  readonly saveView: (api: FieldVaultApi, name: string, state: ListState, id?: string) => Promise<SavedView>;
  /** The list state a saved view stands for, or null if the view is another entity's. */
  readonly fromView: (view: SavedView) => ListState | null;
  /** The export.csv request for what the list shows now (sort, filters, trash), or null when the filters are invalid. */
  readonly exportRequest: (state: ListState) => ChannelInput<'export.csv'> | null;
  /** Extra row text for the row's accessible name (e.g. the record's name). */
  readonly rowLabel: (row: Row) => string;
  /** Who does the row's work (a task's assignee): the Assignee filter offers those of the rows held, and the user. */
  readonly assigneeOf?: (row: Row) => string;
}

/** A checked list query without its paging fields, as export.csv and saved views take it. */
export function withoutPaging<Query extends { readonly limit?: number; readonly after?: string | undefined }>(query: Query): Omit<Query, 'limit' | 'after'> {
  const { limit, after, ...rest } = query;
  // Paging belongs to one request, not to a saved or exported query.
  void limit;
  void after;
  return rest;
}
