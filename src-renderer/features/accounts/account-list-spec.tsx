// The accounts list: columns, sort fields, filters and saved views, checked
// with the shared AccountListQuery schema.
import { accountSortFields, AccountListQuery, type Account } from '../../../src-shared/domain/account';
import { i18n } from '../../app/i18n';
import { initials } from '../../ui/format';
import { RelativeTime } from '../../ui/RelativeTime';
import { withoutPaging, type ListSpec } from '../records/list-spec';
import { commonFilterOf, type DayAnchor, daysOfTimeRange, emptyFilter, type ListState, nonEmpty, timeRangeOf } from '../records/list-state';
import { ownerColumn } from '../records/people';
import { checkQuery } from '../records/query-check';
import { TagList } from '../records/TagList';

const dateFields = ['createdAt', 'updatedAt'] as const;
const ViewQuery = AccountListQuery.omit({ after: true });

/** The list query of a state; a saved view keeps its days as UTC days (daysOfTimeRange). */
function queryOf(state: ListState, days: DayAnchor = 'local') {
  const { filter } = state;
  return {
    sort: state.sort,
    deleted: state.deleted,
    filter: {
      ...commonFilterOf(filter),
      territory: nonEmpty(filter.territory),
      industry: nonEmpty(filter.industry),
      createdAt: timeRangeOf(filter, 'createdAt', days),
      updatedAt: timeRangeOf(filter, 'updatedAt', days),
    },
  };
}

const check = (state: ListState, days: DayAnchor = 'local') => checkQuery(AccountListQuery, queryOf(state, days), dateFields);
const none = () => i18n.t('status.none');

export const accountListSpec: ListSpec<Account> = {
  entity: 'account',
  viewEntity: 'accounts',
  sortFields: accountSortFields,
  defaultState: { sort: { field: 'name', direction: 'asc' }, filter: emptyFilter, deleted: 'exclude' },
  filters: ['owner', 'territory', 'industry', 'tags', 'dateRange'],
  dateFields: [
    { field: 'createdAt', label: 'field.createdAt' },
    { field: 'updatedAt', label: 'field.updatedAt' },
  ],
  columns: [
    {
      id: 'name',
      label: 'field.name',
      width: 'minmax(12rem, 2.2fr)',
      sortField: 'name',
      render: (account) => (
        <span className="cell-primary">
          <span className="avatar avatar--square" aria-hidden="true">
            {initials(account.name)}
          </span>
          <span className="cell-primary__text">
            <span className="truncate cell-primary__name" dir="auto">{account.name}</span>
            {account.address.city === '' ? null : <span className="truncate faint small" dir="auto">{account.address.city}</span>}
          </span>
        </span>
      ),
    },
    {
      id: 'industry',
      label: 'field.industry',
      width: 'minmax(8rem, 1.2fr)',
      isEmpty: (a) => a.industry === '',
      render: (a) => <span className="truncate" dir="auto">{a.industry || none()}</span>,
    },
    {
      id: 'territory',
      label: 'field.territory',
      // Room for "Territory" and its sort button whole (8.3rem; at 8rem it was cut, e2e list-name-room); the
      // 0.5rem comes from the name, so the least widths add up as before and the same columns drop at the same widths.
      width: 'minmax(8.5rem, 1fr)',
      sortField: 'territory',
      // Never narrowed when empty (fit-columns.ts): its header needs more than an empty column's width.
      render: (a) => <span className="truncate" dir="auto">{a.territory || none()}</span>,
    },
    {
      id: 'website',
      label: 'field.website',
      width: 'minmax(10rem, 1.3fr)',
      dropOrder: 2,
      isEmpty: (a) => a.website === '',
      render: (a) => <span className="truncate muted" dir="auto">{a.website.replace(/^https?:\/\//, '') || none()}</span>,
    },
    // Room for a tag of up to about 20 characters whole, or "technical contact" and "+1" (at 8rem "technical
    // contact" showed as "techni…", e2e list-tags-width); 1.5rem of it comes from the name, which grows past
    // its least width at 1280 px anyway, so the owner still shows from 1440 px and the rest at 1280 px.
    { id: 'tags', label: 'field.tags', width: 'minmax(12.5rem, 1fr)', dropOrder: 1, isEmpty: (a) => a.tags.length === 0, render: (a) => <TagList tags={a.tags} oneLine /> },
    { id: 'updatedAt', label: 'field.updatedAt', width: '8.5rem', sortField: 'updatedAt', render: (a) => <RelativeTime ms={a.updatedAt} /> },
    ownerColumn,
  ],
  check,
  async fetch(api, state, after, limit) {
    const built = check(state);
    if (!built.ok) return { items: [], next: null };
    return api.invoke('accounts.list', { ...built.query, after, limit });
  },
  saveView(api, name, state, id) {
    const built = check(state, 'utc');
    if (!built.ok) return Promise.reject(new Error('invalid list state'));
    return api.invoke('views.save', { id, name, entity: 'accounts', query: { ...built.query, limit: 100 } });
  },
  exportRequest(state) {
    const built = check(state);
    return built.ok ? { entity: 'accounts', query: withoutPaging(built.query) } : null;
  },
  fromView(view) {
    const parsed = view.entity === 'accounts' ? ViewQuery.safeParse(view.query) : null;
    if (parsed === null || !parsed.success) return null;
    const { filter, sort, deleted } = parsed.data;
    const created = daysOfTimeRange(filter.createdAt);
    const updated = daysOfTimeRange(filter.updatedAt);
    const range = created ?? updated;
    return {
      sort,
      deleted,
      filter: {
        ...emptyFilter,
        ownerId: filter.ownerId ?? '',
        territory: filter.territory ?? '',
        industry: filter.industry ?? '',
        tags: (filter.tags ?? []).join(', '),
        dateField: created !== null ? 'createdAt' : updated !== null ? 'updatedAt' : '',
        from: range?.from ?? '',
        to: range?.to ?? '',
      },
    };
  },
  rowLabel: (account) => account.name,
};
