// Today's clock: the page reads differently as time passes, without any
// record changing. A task due later today becomes overdue at its due time,
// relative times ("Due in 5 minutes") move on each minute, an activity
// logged for later today joins Recent at its time, and at midnight
// "today" is another day, which needs another today.get. The hook re-renders
// the page at the next of those moments, and asks for a reload when the day
// it shows is over (the timer is ui/clock.ts's, as the sync pill's).
import { useCallback } from 'react';
import type { Today } from '../../../src-shared/domain/today';
import { nextMinuteStart, useClock } from '../../ui/clock';
import { isOverdue } from '../tasks/task-due';

/** The start of the local day holding `now`. */
export function localDayStart(now: number): number {
  const date = new Date(now);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** The start of the local day after the one holding `now`. */
function nextLocalDayStart(now: number): number {
  const date = new Date(now);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1).getTime();
}

/**
 * The next moment after `now` at which Today reads differently: the first due
 * time still to pass among the tasks due today, the first time still to come
 * among the day's activities (Recent shows it from then), the next whole
 * minute (the relative times), or midnight, whichever comes first.
 */
export function nextChange(today: Pick<Today, 'dueToday' | 'recentActivities'>, now: number): number {
  let next = Math.min(nextLocalDayStart(now), nextMinuteStart(now));
  for (const task of today.dueToday) {
    // An open task not yet overdue turns overdue just after its due time (isOverdue compares with `<`).
    if (task.dueAt !== null && task.dueAt >= now && isOverdue(task, task.dueAt + 1)) next = Math.min(next, task.dueAt + 1);
  }
  // An activity shows once its time is reached (todayAsOf compares with `<=`).
  for (const activity of today.recentActivities) {
    if (activity.occurredAt > now) next = Math.min(next, activity.occurredAt);
  }
  return next;
}

/**
 * Whether the moment reached lies in another local day than `shownDay` (the start of the day the data was loaded
 * for): a later one, or one that starts elsewhere since the time zone changed. Only "later" was asked before, and
 * after a flight east (New York to Paris, say) the day's start moved earlier: Today kept New York's day, its
 * "due today" reaching six hours into tomorrow, until Paris's midnight.
 */
export function isAnotherDay(reached: number, shownDay: number): boolean {
  return localDayStart(reached) !== shownDay;
}

/**
 * The time Today's lists read as of, moved on at each moment `nextChange`
 * names while `today` is shown; `onNewDay` runs when the moment reached lies
 * in another day than `shownDay` (isAnotherDay).
 */
export function useTodayClock(today: Today | null, shownDay: number, onNewDay: () => void): number {
  const onReached = useCallback(
    (reached: number) => {
      if (isAnotherDay(reached, shownDay)) onNewDay();
    },
    [shownDay, onNewDay],
  );
  return useClock(today === null ? null : (time) => nextChange(today, time), onReached);
}
