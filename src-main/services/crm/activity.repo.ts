// The activities table: mapping, search text, sorts and filters. Bodies are
// 'sensitive' and stay out of the search index.
import { Activity, type ActivityListQuery } from '../../../src-shared/domain/activity';
import type { EntityTable } from './entity-table';
import { commonConditions, equals, oneOf, timeSorts, within, listRequest, type Condition, type ListRequest, type SortKey } from './list-query';

export const activityTable: EntityTable<Activity> = {
  entity: 'activities',
  label: 'The activity',
  fields: ['kind', 'subject', 'contactId', 'accountId', 'dealId', 'occurredAt', 'durationMinutes', 'outcome', 'body', 'tags'],
  jsonFields: new Set(['tags']),
  schema: Activity,
  searchTexts: (activity) => [activity.subject, activity.outcome, ...activity.tags],
};

export const activitySorts: Record<ActivityListQuery['sort']['field'], SortKey<Activity>> = {
  occurredAt: { sql: ['occurred_at'], valuesOf: (activity) => [activity.occurredAt] },
  ...timeSorts<Activity>(),
};

export function activityConditions(filter: ActivityListQuery['filter']): Condition[] {
  return [
    ...commonConditions('activities', filter),
    ...oneOf('kind', filter.kinds),
    ...equals('contact_id', filter.contactId),
    ...equals('account_id', filter.accountId),
    ...equals('deal_id', filter.dealId),
    ...within('occurred_at', filter.occurredAt),
  ];
}

export function activityListRequest(query: ActivityListQuery): ListRequest<Activity> {
  return listRequest(query, activitySorts, activityConditions);
}
