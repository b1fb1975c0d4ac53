// Today: overdue and due tasks, reminders and recent activity for the local
// day (today.get with the day's bounds in the user's time zone; a task due
// earlier today whose time has passed shows as overdue, by the same rule as
// every other screen's, tasks/task-due.ts), with a few
// headline numbers on top (each list's total; a list shows at most 100, and
// says so: Overdue and Due today with a way to the Tasks list filtered to
// the user's open tasks due before today (up to today once one due today has
// passed: the list filters by days) or today; Reminders without one, as the
// list has no reminder filter; before, each led to everyone's open tasks).
// Ticking a task marks it done, with
// Undo in the toast; its row leaves at once, and in that same frame the focus
// goes to the next task's checkbox in its list, or to the list's section when
// it was the last, never to the page. A long list starts with a link past
// it, shown when it has the focus, to the next section. The page follows the
// clock while it is open (today-clock.ts): a task moves to Overdue when its
// due time passes, an activity logged for later today joins Recent at its
// time, relative times move on each minute, and at midnight the next day's
// lists load. A sync reloads it only when it changed tasks or
// activities (any of them may join a list); the names of the records they
// link to follow by themselves (records/names.tsx). A task made here ("n")
// is due today at the next full hour (from 23:00, tomorrow at 09:00).
// Opened for reminders fallen due (route focus 'reminders'), the focus goes,
// once the lists are shown and scrolled into view, to the title of the first
// task the notice named that a list holds (Overdue, then Due today, then
// Reminders: a reminder that fell due may be of a task due today, which only
// Due today lists), else to the Reminders section.
import { useCallback, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Task } from '../../../src-shared/domain/task';
import type { Today } from '../../../src-shared/domain/today';
import { useApi } from '../../app/api-context';
import { useNavigation, type Route, type TasksDue } from '../../app/router';
import { formatIsoDate, formatNumber, formatRelative, todayIso } from '../../ui/format';
import { Icon, type IconName } from '../../ui/icons';
import { PageHeader } from '../../ui/PageHeader';
import { Failed, Loading } from '../../ui/States';
import { wordsText } from '../../ui/words';
import { activityTitle } from '../activities/activity-list-spec';
import { ActivityKindIcon } from '../activities/ActivityKindIcon';
import { useCreateRecord } from '../records/create-record';
import { dueFromToday } from '../records/NewRecordDialog';
import { hasRelated, RelatedName } from '../records/RelatedName';
import { useDetail, type Shows } from '../records/useDetail';
import { useNewRecordAction } from '../shell/new-record';
import { todayAsOf } from '../tasks/task-due';
import { useCompleteTask } from '../tasks/useCompleteTask';
import { useFocusAfterDone } from '../tasks/useFocusAfterDone';
import { TaskRow } from './TaskRow';
import { localDayStart, useTodayClock } from './today-clock';

type SectionId = 'today-overdue' | 'today-due' | 'today-reminders' | 'today-recent';

/** The sections in reading order: a long list's "skip" link goes to the one after it. */
const sectionOrder: readonly SectionId[] = ['today-overdue', 'today-due', 'today-reminders', 'today-recent'];

/** From this many tasks on, a list starts with a link past it (each task is two tab stops). */
export const skipLinkFrom = 6;

/** Today without a task that was marked done, each list's total one less where it showed. */
function withoutTask(today: Today, id: string): Today {
  const shows = (tasks: readonly Task[]) => tasks.some((task) => task.id === id);
  const rest = (tasks: readonly Task[]) => tasks.filter((task) => task.id !== id);
  const less = (tasks: readonly Task[], total: number) => (shows(tasks) ? total - 1 : total);
  return {
    ...today,
    overdue: rest(today.overdue),
    dueToday: rest(today.dueToday),
    reminders: rest(today.reminders),
    totals: {
      overdue: less(today.overdue, today.totals.overdue),
      dueToday: less(today.dueToday, today.totals.dueToday),
      reminders: less(today.reminders, today.totals.reminders),
    },
  };
}

/** The title button of the first of these tasks a list shows, looking through the lists in reading order. */
function firstListed(sections: ReadonlyMap<SectionId, HTMLElement>, taskIds: readonly string[]): HTMLElement | undefined {
  if (taskIds.length === 0) return undefined;
  for (const id of sectionOrder) {
    const rows = sections.get(id)?.querySelectorAll<HTMLElement>('[data-task-id]') ?? [];
    const row = [...rows].find((element) => taskIds.includes(element.dataset['taskId'] ?? ''));
    const title = row?.querySelector<HTMLElement>('.today-task__main');
    if (title !== null && title !== undefined) return title;
  }
  return undefined;
}

/** What Today shows, for a sync to concern it: any task or activity may join its lists (or leave them). */
const todayShows: Shows<Today> = () => ({ records: [], entities: ['tasks', 'activities'] });

function dayBounds(now: Date = new Date()): { dayStart: number; dayEnd: number } {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const end = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return { dayStart: start.getTime(), dayEnd: end.getTime() };
}

function Stat({ icon, label, value, tone }: { readonly icon: IconName; readonly label: string; readonly value: number; readonly tone: string }) {
  return (
    <div className={`stat stat--${tone}`}>
      <span className="stat__icon" aria-hidden="true">
        <Icon name={icon} size={18} />
      </span>
      <span className="stat__value tabular">{formatNumber(value)}</span>
      <span className="stat__label">{label}</span>
    </div>
  );
}

export function TodayView() {
  const { t } = useTranslation();
  const api = useApi();
  const creator = useCreateRecord();
  const { navigate, route } = useNavigation();
  // The day the lists were asked for: past its midnight, Today loads the next one.
  const shownDay = useRef(localDayStart(Date.now()));
  const load = useCallback(() => {
    const bounds = dayBounds();
    // Counted as shown once its lists came: a failed read past midnight is asked again at the next minute's tick,
    // where it left yesterday's lists under the new date until something else changed.
    return api.invoke('today.get', bounds).then((data) => {
      shownDay.current = bounds.dayStart;
      return data;
    });
  }, [api]);
  const today = useDetail<Today>(load, 'today', todayShows);
  const now = useTodayClock(today.state.kind === 'loaded' ? today.state.data : null, shownDay.current, today.reload);
  // A task made here is due today (at the next full hour), so it shows under "Due today".
  useNewRecordAction(() => creator.open({ kind: 'task', preset: { dueAt: dueFromToday() } }, today.reload));

  const complete = useCompleteTask(today.reload);
  const sections = useRef(new Map<SectionId, HTMLElement>());
  const focus = useFocusAfterDone((id) => `[data-task-id="${id}"]`);

  async function done(task: Task, section: SectionId, tasks: readonly Task[]): Promise<boolean> {
    const next = tasks.slice(tasks.findIndex((other) => other.id === task.id) + 1)[0]?.id ?? null;
    const list = sections.current.get(section);
    if (list !== undefined) focus.leaving(list, task.id, next);
    if (!(await complete(task))) {
      focus.stays();
      return false;
    }
    today.update((data) => withoutTask(data, task.id));
    return true;
  }

  /** Focuses the section after `section`, past its list. */
  function skipPast(section: SectionId) {
    const next = sectionOrder[sectionOrder.indexOf(section) + 1];
    if (next !== undefined) sections.current.get(next)?.focus();
  }

  // Once per arrival (a reload after a sync or a tick keeps the focus where the user took it), before paint.
  const focusedFor = useRef<Route | null>(null);
  const loaded = today.state.kind === 'loaded';
  useLayoutEffect(() => {
    if (route.name !== 'today' || route.focus !== 'reminders' || !loaded || focusedFor.current === route) return;
    focusedFor.current = route;
    const target = firstListed(sections.current, route.taskIds ?? []) ?? sections.current.get('today-reminders');
    target?.focus({ preventScroll: true });
    target?.scrollIntoView({ block: 'nearest' });
  }, [route, loaded]);

  const sectionRef = (id: SectionId) => (element: HTMLElement | null) => {
    if (element === null) sections.current.delete(id);
    else sections.current.set(id, element);
  };

  // The day the lists are of: past midnight, until the next day's lists have come, that is still the day before
  // (before, the date moved on with the page's clock over the old day's lists).
  const shownIso = todayIso(new Date(shownDay.current));
  const header = (
    <PageHeader
      title={t('today.title')}
      subtitle={
        <span className="muted" data-testid="today-date">
          {formatIsoDate(shownIso)}
        </span>
      }
    />
  );
  if (today.state.kind === 'loading') return <div className="page">{header}<Loading testId="today-loading" /></div>;
  if (today.state.kind === 'failed') return <div className="page">{header}<Failed message={wordsText(today.state.message)} onRetry={today.reload} /></div>;
  const { overdue, dueToday, reminders, recentActivities, totals } = todayAsOf(today.state.data, now);
  // Overdue holds tasks due earlier today whose time has passed: its list then runs to today's end.
  const passedToday = totals.overdue > today.state.data.totals.overdue;

  /** The Tasks list of the user's open tasks due on those days: every task Today lists is the user's (today.get). */
  function showAll(tasks: readonly Task[], days: Omit<TasksDue, 'assigneeId'>) {
    const assigneeId = tasks[0]?.assigneeId;
    navigate(assigneeId === undefined ? { name: 'list', entity: 'task' } : { name: 'list', entity: 'task', tasksDue: { assigneeId, ...days } });
  }

  const taskSection = (
    title: string,
    tasks: readonly Task[],
    total: number,
    empty: string,
    testId: SectionId,
    isOverdue: boolean,
    when: 'due' | 'remind',
    /** The days of the Tasks list that holds them all; null: the list cannot show them (reminders). */
    allIn: Omit<TasksDue, 'assigneeId'> | null,
  ) => (
    <section
      ref={sectionRef(testId)}
      className="card today-section"
      data-testid={testId}
      tabIndex={-1}
      aria-labelledby={`${testId}-title`}
    >
      <div className="card__header">
        <h2 id={`${testId}-title`}>
          {title}
          <span className={isOverdue && total > 0 ? 'count-badge count-badge--danger' : 'count-badge'}>{formatNumber(total)}</span>
        </h2>
        {total <= tasks.length ? null : allIn === null ? (
          <span className="muted small" data-testid={`${testId}-more`}>
            {t('today.showingOnly', { shown: formatNumber(tasks.length), total: formatNumber(total) })}
          </span>
        ) : (
          <button type="button" className="link-button small" data-testid={`${testId}-more`} onClick={() => showAll(tasks, allIn)}>
            {t('today.showingSome', { shown: formatNumber(tasks.length), total: formatNumber(total) })}
          </button>
        )}
      </div>
      {tasks.length >= skipLinkFrom ? (
        <button type="button" className="skip-link" data-testid={`${testId}-skip`} onClick={() => skipPast(testId)}>
          {t('today.skipList', { count: tasks.length })}
        </button>
      ) : null}
      {tasks.length === 0 ? (
        <p className="today-empty">
          <Icon name="check" size={16} />
          {empty}
        </p>
      ) : (
        <ul className="today-list">
          {tasks.map((task) => (
            <TaskRow key={task.id} task={task} when={when} overdue={isOverdue} onDone={(ticked) => done(ticked, testId, tasks)} />
          ))}
        </ul>
      )}
    </section>
  );

  return (
    <div className="page page--today" data-testid="today">
      {header}
      <div className="stats">
        <Stat icon="alert" label={t('today.overdue')} value={totals.overdue} tone="danger" />
        <Stat icon="clock" label={t('today.dueToday')} value={totals.dueToday} tone="accent" />
        <Stat icon="bell" label={t('today.reminders')} value={totals.reminders} tone="warning" />
        <Stat icon="activity" label={t('today.recent')} value={recentActivities.length} tone="teal" />
      </div>
      <div className="today-grid">
        <div className="today-grid__main">
          {taskSection(t('today.overdue'), overdue, totals.overdue, t('today.overdueEmpty'), 'today-overdue', true, 'due', { to: passedToday ? shownIso : todayIso(new Date(shownDay.current - 1)) })}
          {taskSection(t('today.dueToday'), dueToday, totals.dueToday, t('today.dueTodayEmpty'), 'today-due', false, 'due', { from: shownIso, to: shownIso })}
          {taskSection(t('today.reminders'), reminders, totals.reminders, t('today.remindersEmpty'), 'today-reminders', false, 'remind', null)}
        </div>
        <section ref={sectionRef('today-recent')} className="card today-section" data-testid="today-recent" tabIndex={-1} aria-labelledby="today-recent-title">
          <div className="card__header">
            <h2 id="today-recent-title">{t('today.recent')}</h2>
          </div>
          {recentActivities.length === 0 ? (
            <p className="today-empty">{t('today.recentEmpty')}</p>
          ) : (
            <ul className="today-list">
              {recentActivities.map((activity) => (
                <li key={activity.id} className="today-activity">
                  <ActivityKindIcon kind={activity.kind} />
                  <button type="button" className="today-task__main" onClick={() => navigate({ name: 'detail', entity: 'activity', id: activity.id })}>
                    <span className="today-task__title truncate" dir="auto">{activityTitle(activity)}</span>
                    {hasRelated(activity) ? (
                      <span className="today-task__meta">
                        <RelatedName record={activity} />
                      </span>
                    ) : null}
                  </button>
                  <span className="today-task__when">{formatRelative(activity.occurredAt)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}
