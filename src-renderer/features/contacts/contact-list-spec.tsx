// The contacts list: columns, sort fields, filters and saved views, checked
// with the shared ContactListQuery schema.
import { contactSortFields, ContactListQuery, type Contact } from '../../../src-shared/domain/contact';
import { i18n } from '../../app/i18n';
import { initials } from '../../ui/format';
import { RelativeTime } from '../../ui/RelativeTime';
import { withoutPaging, type ListSpec } from '../records/list-spec';
import { commonFilterOf, type DayAnchor, daysOfTimeRange, emptyFilter, type ListState, nonEmpty, timeRangeOf } from '../records/list-state';
import { RecordName } from '../records/names';
import { ownerColumn } from '../records/people';
import { checkQuery } from '../records/query-check';
import { TagList } from '../records/TagList';

const dateFields = ['createdAt', 'updatedAt'] as const;
/** A saved view's query: the list query without a cursor. */
const ViewQuery = ContactListQuery.omit({ after: true });

/** The list query of a state; a saved view keeps its days as UTC days (daysOfTimeRange). */
function queryOf(state: ListState, days: DayAnchor = 'local') {
  const { filter } = state;
  return {
    sort: state.sort,
    deleted: state.deleted,
    filter: {
      ...commonFilterOf(filter),
      territory: nonEmpty(filter.territory),
      accountId: nonEmpty(filter.accountId),
      createdAt: timeRangeOf(filter, 'createdAt', days),
      updatedAt: timeRangeOf(filter, 'updatedAt', days),
    },
  };
}

const check = (state: ListState, days: DayAnchor = 'local') => checkQuery(ContactListQuery, queryOf(state, days), dateFields);

export const contactListSpec: ListSpec<Contact> = {
  entity: 'contact',
  viewEntity: 'contacts',
  sortFields: contactSortFields,
  defaultState: { sort: { field: 'name', direction: 'asc' }, filter: emptyFilter, deleted: 'exclude' },
  filters: ['owner', 'territory', 'tags', 'dateRange'],
  dateFields: [
    { field: 'createdAt', label: 'field.createdAt' },
    { field: 'updatedAt', label: 'field.updatedAt' },
  ],
  columns: [
    {
      id: 'name',
      label: 'field.name',
      width: 'minmax(10rem, 2.2fr)',
      sortField: 'name',
      render: (contact) => (
        <span className="cell-primary">
          <span className="avatar" aria-hidden="true">
            {initials(contact.name)}
          </span>
          <span className="cell-primary__text">
            <span className="truncate cell-primary__name" dir="auto">{contact.name}</span>
            {contact.title === '' ? null : <span className="truncate faint small" dir="auto">{contact.title}</span>}
          </span>
        </span>
      ),
    },
    {
      id: 'account',
      label: 'field.account',
      width: 'minmax(9rem, 1.4fr)',
      dropOrder: 2,
      isEmpty: (contact) => contact.accountId === null,
      render: (contact) => <RecordName kind="account" id={contact.accountId} fallback={i18n.t('status.none')} />,
    },
    {
      id: 'email',
      label: 'field.email',
      width: 'minmax(8rem, 1.6fr)',
      isEmpty: (contact) => contact.emails.length === 0,
      render: (contact) => <span className="truncate" dir="auto">{contact.emails[0] ?? i18n.t('status.none')}</span>,
    },
    {
      id: 'phone',
      label: 'field.phone',
      width: 'minmax(10.5rem, 1.1fr)',
      isEmpty: (contact) => contact.phones.length === 0,
      render: (contact) => <span className="truncate tabular">{contact.phones[0] ?? i18n.t('status.none')}</span>,
    },
    // Room for a tag of up to about 20 characters whole ("regional distributor", 150 px), or "technical
    // contact" and "+1": at 9.5rem "technical contact" was cut at 1280 px (e2e list-tags-width). The rem comes
    // from the name and the email (each cut with an ellipsis; the phone keeps 10.5rem, room for "+86 10 5555 0100"), so
    // the least widths add up as before and the same columns drop at the same widths (fit-columns.ts).
    {
      id: 'tags',
      label: 'field.tags',
      width: 'minmax(12.5rem, 0.7fr)',
      dropOrder: 1,
      isEmpty: (contact) => contact.tags.length === 0,
      render: (contact) => <TagList tags={contact.tags} oneLine />,
    },
    {
      id: 'updatedAt',
      label: 'field.updatedAt',
      // Room for "59 minutes ago" whole.
      width: 'minmax(10rem, 0.7fr)',
      sortField: 'updatedAt',
      render: (contact) => <RelativeTime ms={contact.updatedAt} />,
    },
    ownerColumn,
  ],
  check,
  async fetch(api, state, after, limit) {
    const built = check(state);
    if (!built.ok) return { items: [], next: null };
    return api.invoke('contacts.list', { ...built.query, after, limit });
  },
  saveView(api, name, state, id) {
    const built = check(state, 'utc');
    if (!built.ok) return Promise.reject(new Error('invalid list state'));
    return api.invoke('views.save', { id, name, entity: 'contacts', query: { ...built.query, limit: 100 } });
  },
  exportRequest(state) {
    const built = check(state);
    return built.ok ? { entity: 'contacts', query: withoutPaging(built.query) } : null;
  },
  fromView(view) {
    const parsed = view.entity === 'contacts' ? ViewQuery.safeParse(view.query) : null;
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
        accountId: filter.accountId ?? '',
        territory: filter.territory ?? '',
        tags: (filter.tags ?? []).join(', '),
        dateField: created !== null ? 'createdAt' : updated !== null ? 'updatedAt' : '',
        from: range?.from ?? '',
        to: range?.to ?? '',
      },
    };
  },
  rowLabel: (contact) => contact.name,
};
