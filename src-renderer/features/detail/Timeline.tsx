// A record's activity timeline: newest first, grouped by day, each entry with
// its kind, subject, outcome and time; sensitive bodies stay hidden until
// asked for. Entries open the activity's own page.
import { useTranslation } from 'react-i18next';
import type { Activity } from '../../../src-shared/domain/activity';
import { useNavigation } from '../../app/router';
import { formatIsoDate, formatTime, todayIso } from '../../ui/format';
import { Empty } from '../../ui/States';
import { activityTitle } from '../activities/activity-list-spec';
import { ActivityKindIcon } from '../activities/ActivityKindIcon';
import { ActivityComposer, type Links } from './ActivityComposer';

export interface TimelineProps {
  readonly activities: readonly Activity[];
  readonly links: Links;
  readonly onChanged: () => void;
}

function groups(activities: readonly Activity[]): Array<[string, Activity[]]> {
  const byDay = new Map<string, Activity[]>();
  for (const activity of activities) {
    const day = todayIso(new Date(activity.occurredAt));
    const list = byDay.get(day) ?? [];
    list.push(activity);
    byDay.set(day, list);
  }
  return [...byDay.entries()];
}

export function Timeline({ activities, links, onChanged }: TimelineProps) {
  const { t } = useTranslation();
  const { navigate } = useNavigation();
  return (
    <section className="card timeline" aria-labelledby="timeline-title" data-testid="timeline">
      <div className="card__header">
        <h2 id="timeline-title">{t('detail.timeline')}</h2>
      </div>
      <ActivityComposer links={links} onLogged={onChanged} />
      {activities.length === 0 ? (
        <Empty icon="activity" title={t('detail.timelineEmpty')} testId="timeline-empty" />
      ) : (
        <ol className="timeline__days">
          {groups(activities).map(([day, items]) => (
            <li key={day} className="timeline__day">
              <h3 className="timeline__date">{formatIsoDate(day)}</h3>
              <ol className="timeline__items">
                {items.map((activity) => (
                  <li key={activity.id} className="timeline__item" data-testid="timeline-item">
                    <ActivityKindIcon kind={activity.kind} />
                    <button
                      type="button"
                      className="timeline__body"
                      onClick={() => navigate({ name: 'detail', entity: 'activity', id: activity.id })}
                    >
                      <span className="timeline__subject">{activityTitle(activity)}</span>
                      {activity.outcome === '' ? null : <span className="muted small">{activity.outcome}</span>}
                      <span className="faint small">
                        {t(`activityKind.${activity.kind}`)}
                        {' · '}
                        {formatTime(activity.occurredAt)}
                        {activity.durationMinutes > 0 ? ` · ${t('minutes', { count: activity.durationMinutes })}` : ''}
                      </span>
                    </button>
                  </li>
                ))}
              </ol>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
