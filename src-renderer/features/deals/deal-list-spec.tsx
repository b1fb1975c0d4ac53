// The deals list: columns (stage, amount, probability, close date), sort
// fields, filters (outcome, stage, territory, close-date range…) and saved
// views, checked with the shared DealListQuery schema. It opens on "Open
// deals" (deals in the pipeline's open stages, closing soonest first); "All
// deals" shows the won and lost ones too.
import { dealSortFields, DealListQuery, type Deal } from '../../../src-shared/domain/deal';
import { i18n } from '../../app/i18n';
import { formatIsoDate, formatMoney, formatPercent } from '../../ui/format';
import { withoutPaging, type ListSpec } from '../records/list-spec';
import { commonFilterOf, dateRangeOf, type DayAnchor, daysOfDateRange, daysOfTimeRange, emptyFilter, type ListState, nonEmpty, nonEmptyList, timeRangeOf } from '../records/list-state';
import { RecordName } from '../records/names';
import { ownerColumn } from '../records/people';
import { checkQuery } from '../records/query-check';
import { StageBadge } from './stages';

const dateFields = ['expectedCloseDate', 'createdAt', 'updatedAt'] as const;
const ViewQuery = DealListQuery.omit({ after: true });

/** The list query of a state; a saved view keeps its days as UTC days (daysOfTimeRange). */
function queryOf(state: ListState, days: DayAnchor = 'local') {
  const { filter } = state;
  return {
    sort: state.sort,
    deleted: state.deleted,
    filter: {
      ...commonFilterOf(filter),
      stageIds: nonEmptyList(filter.stageIds),
      stageKinds: nonEmptyList(filter.stageKinds),
      territory: nonEmpty(filter.territory),
      accountId: nonEmpty(filter.accountId),
      contactId: nonEmpty(filter.contactId),
      expectedCloseDate: dateRangeOf(filter, 'expectedCloseDate'),
      createdAt: timeRangeOf(filter, 'createdAt', days),
      updatedAt: timeRangeOf(filter, 'updatedAt', days),
    },
  };
}

const check = (state: ListState, days: DayAnchor = 'local') => checkQuery(DealListQuery, queryOf(state, days), dateFields);

const byClose = { field: 'expectedCloseDate', direction: 'asc' } as const;

export const dealListSpec: ListSpec<Deal> = {
  entity: 'deal',
  viewEntity: 'deals',
  sortFields: dealSortFields,
  defaultState: { sort: byClose, filter: { ...emptyFilter, stageKinds: ['open'] }, deleted: 'exclude' },
  defaultViewLabel: 'views.openDeals',
  builtInViews: [{ id: 'all', label: 'views.allDeals', state: { sort: byClose, filter: emptyFilter, deleted: 'exclude' } }],
  // A record's deals card lists its won and lost deals too: its "Show all" opens on All deals.
  linkedView: 'all',
  filters: ['owner', 'stageKind', 'stage', 'territory', 'tags', 'dateRange'],
  dateFields: [
    { field: 'expectedCloseDate', label: 'field.expectedCloseDate' },
    { field: 'createdAt', label: 'field.createdAt' },
    { field: 'updatedAt', label: 'field.updatedAt' },
  ],
  columns: [
    {
      id: 'name',
      label: 'field.name',
      // Deals of one account often share their first words ("Site survey and installation – …"): the name
      // takes two lines, and its least width makes the Account column go at 900 px rather than cut it to a dozen letters.
      width: 'minmax(13rem, 2fr)',
      sortField: 'name',
      render: (deal) => (
        <span className="two-lines cell-primary__name" title={deal.name} dir="auto">
          {deal.name}
        </span>
      ),
    },
    {
      id: 'account',
      label: 'field.account',
      width: 'minmax(8rem, 1.3fr)',
      dropOrder: 2,
      isEmpty: (deal) => deal.accountId === null,
      render: (deal) => <RecordName kind="account" id={deal.accountId} fallback={i18n.t('status.none')} />,
    },
    { id: 'stage', label: 'field.stage', width: 'minmax(8rem, 1fr)', render: (deal) => <StageBadge stageId={deal.stageId} /> },
    {
      id: 'amount',
      label: 'field.amount',
      width: 'minmax(10rem, 1fr)',
      sortField: 'amount',
      // Amounts in different currencies do not compare: the sort groups them by currency first (deal.repo.ts).
      sortTitle: 'list.sortByAmountPerCurrency',
      align: 'end',
      render: (deal) => <span className="tabular">{formatMoney(deal.amount, deal.currency)}</span>,
    },
    {
      id: 'probability',
      label: 'field.probability',
      width: 'minmax(8rem, 0.6fr)',
      align: 'end',
      dropOrder: 1,
      render: (deal) => <span className="tabular muted">{formatPercent(deal.probability / 100)}</span>,
    },
    {
      id: 'expectedCloseDate',
      label: 'field.expectedCloseDate',
      width: 'minmax(11.5rem, 0.8fr)',
      sortField: 'expectedCloseDate',
      render: (deal) => <span className="nowrap">{formatIsoDate(deal.expectedCloseDate)}</span>,
    },
    ownerColumn,
  ],
  check,
  async fetch(api, state, after, limit) {
    const built = check(state);
    if (!built.ok) return { items: [], next: null };
    return api.invoke('deals.list', { ...built.query, after, limit });
  },
  saveView(api, name, state, id) {
    const built = check(state, 'utc');
    if (!built.ok) return Promise.reject(new Error('invalid list state'));
    return api.invoke('views.save', { id, name, entity: 'deals', query: { ...built.query, limit: 100 } });
  },
  exportRequest(state) {
    const built = check(state);
    return built.ok ? { entity: 'deals', query: withoutPaging(built.query) } : null;
  },
  fromView(view) {
    const parsed = view.entity === 'deals' ? ViewQuery.safeParse(view.query) : null;
    if (parsed === null || !parsed.success) return null;
    const { filter, sort, deleted } = parsed.data;
    const ranges = [
      ['expectedCloseDate', daysOfDateRange(filter.expectedCloseDate)],
      ['createdAt', daysOfTimeRange(filter.createdAt)],
      ['updatedAt', daysOfTimeRange(filter.updatedAt)],
    ] as const;
    const range = ranges.find(([, days]) => days !== null);
    return {
      sort,
      deleted,
      filter: {
        ...emptyFilter,
        ownerId: filter.ownerId ?? '',
        accountId: filter.accountId ?? '',
        contactId: filter.contactId ?? '',
        stageIds: filter.stageIds ?? [],
        stageKinds: filter.stageKinds ?? [],
        territory: filter.territory ?? '',
        tags: (filter.tags ?? []).join(', '),
        dateField: range?.[0] ?? '',
        from: range?.[1]?.from ?? '',
        to: range?.[1]?.to ?? '',
      },
    };
  },
  rowLabel: (deal) => deal.name,
};
