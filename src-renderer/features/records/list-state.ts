// The state of an entity list as the user edits it (sort, filters, trash),
// kept as plain strings so form controls can hold half-typed values, and the
// conversions between that state and the shared list-query shapes. Each
// entity's spec turns it into its channel's query and the shared zod schema
// has the last word on what is valid.
import { localDateMs } from '../../../src-shared/calendar';
import { tagSeparators, type SortDirection } from '../../../src-shared/domain/common';
import type { ListLink } from '../../app/router';
import type { BuiltInView, ListSpec } from './list-spec';

export interface FilterState {
  /** '' means anyone. */
  readonly ownerId: string;
  /** Tasks: who does it; '' means anyone. */
  readonly assigneeId: string;
  readonly territory: string;
  readonly industry: string;
  /** Comma-separated, as typed. */
  readonly tags: string;
  readonly stageIds: readonly string[];
  /** Pipeline stage kinds (open, won, lost): the deals list's "Open deals" is ['open']. */
  readonly stageKinds: readonly string[];
  readonly kinds: readonly string[];
  readonly statuses: readonly string[];
  readonly priorities: readonly string[];
  /** Which date the range applies to; '' for none. */
  readonly dateField: string;
  /** YYYY-MM-DD or ''. */
  readonly from: string;
  readonly to: string;
  /**
   * The record whose linked records the list shows (a detail page's "Show all"): the account, contact or
   * deal id; '' for any. The filter bar names it (LinkedFilter.tsx).
   */
  readonly accountId: string;
  readonly contactId: string;
  readonly dealId: string;
}

export interface ListState {
  readonly sort: { readonly field: string; readonly direction: SortDirection };
  readonly filter: FilterState;
  readonly deleted: 'exclude' | 'only';
}

export const emptyFilter: FilterState = {
  ownerId: '',
  assigneeId: '',
  territory: '',
  industry: '',
  tags: '',
  stageIds: [],
  stageKinds: [],
  kinds: [],
  statuses: [],
  priorities: [],
  dateField: '',
  from: '',
  to: '',
  accountId: '',
  contactId: '',
  dealId: '',
};

/**
 * Where a list opened filtered to one record's linked records starts: the spec's linkedView (the deals list's
 * "All deals": the card lists won and lost deals too) or its default state, with that record's filter.
 */
export function linkedState<Row extends { readonly id: string }>(spec: ListSpec<Row>, link: ListLink): { state: ListState; view: BuiltInView | null } {
  const view = spec.builtInViews?.find((each) => each.id === spec.linkedView) ?? null;
  const base = view?.state ?? spec.defaultState;
  return { state: { ...base, filter: { ...base.filter, [link.field]: link.id } }, view };
}

export function countActiveFilters(filter: FilterState): number {
  let count = 0;
  for (const text of [filter.ownerId, filter.assigneeId, filter.territory, filter.industry, filter.tags, filter.accountId, filter.contactId, filter.dealId]) if (text.trim() !== '') count += 1;
  for (const list of [filter.stageIds, filter.stageKinds, filter.kinds, filter.statuses, filter.priorities]) if (list.length > 0) count += 1;
  if (filter.dateField !== '' && (filter.from !== '' || filter.to !== '')) count += 1;
  return count;
}

/**
 * Which empty state an empty list shows: the trash's when it is filtered by
 * nothing (a filtered trash may hold records the filters hide, and opening
 * the trash clears the filters, so any filter there is the user's own: it says
 * "nothing matches these filters"), "nothing matches these
 * filters" once the user changed the filters from the list's defaults, the
 * entity's own (the tasks and deals lists start filtered to open tasks
 * and open deals, and a new user has not filtered anything), or, for a list
 * whose defaults filter but which shows every record now ("All deals"),
 * `everything`: there are none at all, open or closed.
 */
export function emptyKindOf(state: ListState, defaults: ListState): 'trash' | 'filtered' | 'entity' | 'everything' {
  if (state.deleted === 'only') return countActiveFilters(state.filter) === 0 ? 'trash' : 'filtered';
  if (countActiveFilters(state.filter) === 0) return countActiveFilters(defaults.filter) === 0 ? 'entity' : 'everything';
  return sameFilter(state.filter, defaults.filter) ? 'entity' : 'filtered';
}

/**
 * Whether two list states show the same list: the same sort, trash and
 * filters, as the query sees them (tags, names and ranges as sameFilter
 * compares them, a choice's order aside).
 */
export function sameListState(a: ListState, b: ListState): boolean {
  return a.sort.field === b.sort.field && a.sort.direction === b.sort.direction && a.deleted === b.deleted && sameFilter(a.filter, b.filter);
}

/** Which parts of a list's state the user set by hand since its view was chosen (a header click, the filter panel, a chip's ×). */
export interface HandSet {
  readonly sort: boolean;
  readonly filter: boolean;
}

export const noneByHand: HandSet = { sort: false, filter: false };

/**
 * The list after a click on its selected built-in tab: the tab's own state, but the sort and the filters the
 * user set by hand stay. A filter the list was opened with from elsewhere (a board column's stage) goes unless
 * the filters were since set by hand: sorting alone kept it before, and the click did nothing.
 */
export function reselectedState(current: ListState, shown: ListState, hand: HandSet): ListState {
  return { ...shown, sort: hand.sort ? current.sort : shown.sort, filter: hand.filter ? current.filter : shown.filter };
}

/** Sorts where the most recent or the largest comes first on a column's first click; the rest start ascending. */
const startsDescending: ReadonlySet<string> = new Set(['amount', 'createdAt', 'updatedAt', 'occurredAt']);

/**
 * The sort after a click on `field`'s header: the same column turns its
 * direction round; another starts where a rep looks first: names, titles and
 * territories A to Z, due and close dates soonest first (a task with no due
 * date last), amounts largest and created, updated and logged times newest first.
 */
export function nextSort(sort: ListState['sort'], field: string): ListState['sort'] {
  if (sort.field === field) return { field, direction: sort.direction === 'asc' ? 'desc' : 'asc' };
  return { field, direction: startsDescending.has(field) ? 'desc' : 'asc' };
}

function sameFilter(a: FilterState, b: FilterState): boolean {
  const sameSet = (x: readonly string[], y: readonly string[]) => x.length === y.length && x.every((item) => y.includes(item));
  return (
    a.ownerId.trim() === b.ownerId.trim() &&
    a.assigneeId === b.assigneeId &&
    a.accountId === b.accountId &&
    a.contactId === b.contactId &&
    a.dealId === b.dealId &&
    a.territory.trim() === b.territory.trim() &&
    a.industry.trim() === b.industry.trim() &&
    sameSet(splitTags(a.tags) ?? [], splitTags(b.tags) ?? []) &&
    sameSet(a.stageIds, b.stageIds) &&
    sameSet(a.stageKinds, b.stageKinds) &&
    sameSet(a.kinds, b.kinds) &&
    sameSet(a.statuses, b.statuses) &&
    sameSet(a.priorities, b.priorities) &&
    dateRangeKey(a) === dateRangeKey(b)
  );
}

const dateRangeKey = (filter: FilterState): string =>
  filter.dateField !== '' && (filter.from !== '' || filter.to !== '') ? `${filter.dateField} ${filter.from} ${filter.to}` : '';

export function splitTags(typed: string): string[] | undefined {
  const tags = typed
    .split(tagSeparators)
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
  return tags.length > 0 ? tags : undefined;
}

const nonEmpty = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim());
const nonEmptyList = <T extends string>(values: readonly T[]): T[] | undefined => (values.length > 0 ? [...values] : undefined);

/** The filter parts every entity shares (owner, tags). */
export function commonFilterOf(filter: FilterState): { ownerId?: string; tags?: string[] } {
  return { ownerId: nonEmpty(filter.ownerId), tags: splitTags(filter.tags) };
}

export { nonEmpty, nonEmptyList };

const dayMs = 86_400_000;

/**
 * Where a typed day starts: `local`, at midnight in the user's time zone (what a list shows); `utc`, at midnight
 * UTC (what a saved view keeps: the same days wherever it is opened again, daysOfTimeRange).
 */
export type DayAnchor = 'local' | 'utc';

/** Midnight of a YYYY-MM-DD date, local or UTC, in epoch ms; `days` later. */
function dayStart(iso: string, anchor: DayAnchor, days = 0): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days];
  if (anchor === 'local') return localDateMs(year, month, day);
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  return date.getTime();
}

/** The typed day range as an inclusive epoch-ms range, its days starting in the user's time zone (or UTC). */
export function timeRangeOf(filter: FilterState, field: string, anchor: DayAnchor = 'local'): { from?: number; to?: number } | undefined {
  if (filter.dateField !== field || (filter.from === '' && filter.to === '')) return undefined;
  const from = filter.from === '' ? undefined : dayStart(filter.from, anchor);
  const next = filter.to === '' ? undefined : dayStart(filter.to, anchor, 1);
  return { from, to: next === undefined ? undefined : next - 1 };
}

/** The typed day range as an inclusive YYYY-MM-DD range. */
export function dateRangeOf(filter: FilterState, field: string): { from?: string; to?: string } | undefined {
  if (filter.dateField !== field || (filter.from === '' && filter.to === '')) return undefined;
  return { from: nonEmpty(filter.from), to: nonEmpty(filter.to) };
}

function isoDay(ms: number, anchor: DayAnchor): string {
  const date = new Date(ms);
  const [year, month, day] = anchor === 'utc' ? [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()] : [date.getFullYear(), date.getMonth(), date.getDate()];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(year).padStart(4, '0')}-${pad(month + 1)}-${pad(day)}`;
}

/**
 * The inverse of timeRangeOf, for a saved view's range. An end on a UTC day's edge is a UTC day (views saved
 * since: the same days in any time zone); any other is a local one (views saved before kept local days, which
 * read back right in the zone they were saved in; in a zone at UTC's offset both are the same days).
 */
export function daysOfTimeRange(range: { from?: number; to?: number } | undefined): { from: string; to: string } | null {
  if (range === undefined || (range.from === undefined && range.to === undefined)) return null;
  const dayOf = (ms: number, edge: number) => isoDay(ms, edge % dayMs === 0 ? 'utc' : 'local');
  return { from: range.from === undefined ? '' : dayOf(range.from, range.from), to: range.to === undefined ? '' : dayOf(range.to, range.to + 1) };
}

export function daysOfDateRange(range: { from?: string; to?: string } | undefined): { from: string; to: string } | null {
  if (range === undefined || (range.from === undefined && range.to === undefined)) return null;
  return { from: range.from ?? '', to: range.to ?? '' };
}
