// The activities list: kind and subject, related record, time, duration and
// outcome; filters by kind, owner, tags and date, and by the record they are
// linked to (a timeline's "View all in Activities": the same filter as the
// timeline's pages); checked with the shared ActivityListQuery schema.
import { activitySortFields, ActivityListQuery, type Activity } from '../../../src-shared/domain/activity';
import { i18n } from '../../app/i18n';
import { formatDateTime, formatDuration } from '../../ui/format';
import { withoutPaging, type ListSpec } from '../records/list-spec';
import { ownerColumn } from '../records/people';
import { commonFilterOf, type DayAnchor, daysOfTimeRange, emptyFilter, type ListState, nonEmpty, nonEmptyList, timeRangeOf } from '../records/list-state';
import { checkQuery } from '../records/query-check';
import { relatedColumn } from '../records/RelatedName';
import { ActivityKindIcon } from './ActivityKindIcon';

const dateFields = ['occurredAt', 'createdAt', 'updatedAt'] as const;
const ViewQuery = ActivityListQuery.omit({ after: true });

/** The list query of a state; a saved view keeps its days as UTC days (daysOfTimeRange). */
function queryOf(state: ListState, days: DayAnchor = 'local') {
  const { filter } = state;
  return {
    sort: state.sort,
    deleted: state.deleted,
    filter: {
      ...commonFilterOf(filter),
      kinds: nonEmptyList(filter.kinds),
      contactId: nonEmpty(filter.contactId),
      accountId: nonEmpty(filter.accountId),
      dealId: nonEmpty(filter.dealId),
      occurredAt: timeRangeOf(filter, 'occurredAt', days),
      createdAt: timeRangeOf(filter, 'createdAt', days),
      updatedAt: timeRangeOf(filter, 'updatedAt', days),
    },
  };
}

const check = (state: ListState, days: DayAnchor = 'local') => checkQuery(ActivityListQuery, queryOf(state, days), dateFields);

/** The line that names an activity: its subject, or its kind when it has none. */
export function activityTitle(activity: Pick<Activity, 'kind' | 'subject'>): string {
  return activity.subject === '' ? i18n.t(`activityKind.${activity.kind}`) : activity.subject;
}

export const activityListSpec: ListSpec<Activity> = {
  entity: 'activity',
  viewEntity: 'activities',
  sortFields: activitySortFields,
  defaultState: { sort: { field: 'occurredAt', direction: 'desc' }, filter: emptyFilter, deleted: 'exclude' },
  filters: ['owner', 'kind', 'tags', 'dateRange'],
  dateFields: [
    { field: 'occurredAt', label: 'field.occurredAt' },
    { field: 'createdAt', label: 'field.createdAt' },
    { field: 'updatedAt', label: 'field.updatedAt' },
  ],
  columns: [
    {
      id: 'subject',
      label: 'field.subject',
      // The subject tells activities apart ("On-site meeting with …"): two lines and the room the table has
      // beyond the others' least widths; at 1280 px the Owner column goes before it is cut.
      width: 'minmax(16rem, 3fr)',
      render: (activity) => (
        <span className="cell-primary">
          <ActivityKindIcon kind={activity.kind} />
          <span className="two-lines cell-primary__name" title={activityTitle(activity)} dir="auto">
            {activityTitle(activity)}
          </span>
        </span>
      ),
    },
    relatedColumn,
    {
      id: 'occurredAt',
      label: 'field.occurredAt',
      width: '14.5rem',
      sortField: 'occurredAt',
      render: (activity) => <span className="nowrap">{formatDateTime(activity.occurredAt)}</span>,
    },
    {
      id: 'duration',
      // The cells say "45 min": the header needs no unit.
      label: 'field.duration',
      width: 'minmax(8rem, 0.8fr)',
      align: 'end',
      isEmpty: (activity) => activity.durationMinutes === 0,
      render: (activity) =>
        activity.durationMinutes === 0 ? (
          <span className="faint">{i18n.t('status.none')}</span>
        ) : (
          <span className="tabular">{formatDuration(activity.durationMinutes)}</span>
        ),
    },
    {
      id: 'outcome',
      label: 'field.outcome',
      width: 'minmax(8rem, 1.3fr)',
      dropOrder: 1,
      isEmpty: (activity) => activity.outcome === '',
      render: (activity) => <span className="truncate muted" dir="auto">{activity.outcome}</span>,
    },
    ownerColumn,
  ],
  check,
  async fetch(api, state, after, limit) {
    const built = check(state);
    if (!built.ok) return { items: [], next: null };
    return api.invoke('activities.list', { ...built.query, after, limit });
  },
  saveView(api, name, state, id) {
    const built = check(state, 'utc');
    if (!built.ok) return Promise.reject(new Error('invalid list state'));
    return api.invoke('views.save', { id, name, entity: 'activities', query: { ...built.query, limit: 100 } });
  },
  exportRequest(state) {
    const built = check(state);
    return built.ok ? { entity: 'activities', query: withoutPaging(built.query) } : null;
  },
  fromView(view) {
    const parsed = view.entity === 'activities' ? ViewQuery.safeParse(view.query) : null;
    if (parsed === null || !parsed.success) return null;
    const { filter, sort, deleted } = parsed.data;
    const ranges = [
      ['occurredAt', daysOfTimeRange(filter.occurredAt)],
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
        contactId: filter.contactId ?? '',
        accountId: filter.accountId ?? '',
        dealId: filter.dealId ?? '',
        kinds: filter.kinds ?? [],
        tags: (filter.tags ?? []).join(', '),
        dateField: range?.[0] ?? '',
        from: range?.[1]?.from ?? '',
        to: range?.[1]?.to ?? '',
      },
    };
  },
  rowLabel: activityTitle,
};
