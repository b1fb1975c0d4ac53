// When a task is overdue, one rule for every screen (Today, the tasks list,
// record pages): its due time has passed and it is still open or in progress.
// A due time is a moment, not a day, so "Call at 14:00" is overdue at 14:02.
// Today's Recent follows the same clock (todayAsOf).
import type { Task } from '../../../src-shared/domain/task';
import { recentActivityLimit, type Today } from '../../../src-shared/domain/today';

export function isOverdue(task: Pick<Task, 'dueAt' | 'status'>, now: number = Date.now()): boolean {
  return task.dueAt !== null && task.dueAt < now && (task.status === 'open' || task.status === 'in_progress');
}

/**
 * Today's lists as they read at `now`: today.get splits overdue from due at the
 * day's start, so a task due earlier today whose time has passed moves from
 * "Due today" to the end of "Overdue" (the latest there), and each total with it.
 * Recent holds the activities that have happened by `now` (today.get sends the
 * day's later ones too: a meeting logged for 15:00 joins at 15:00), at most
 * recentActivityLimit.
 */
export function todayAsOf(today: Today, now: number = Date.now()): Today {
  const passed = today.dueToday.filter((task) => isOverdue(task, now));
  const happened = today.recentActivities.filter((activity) => activity.occurredAt <= now).slice(0, recentActivityLimit);
  if (passed.length === 0 && happened.length === today.recentActivities.length) return today;
  return {
    ...today,
    overdue: [...today.overdue, ...passed],
    dueToday: today.dueToday.filter((task) => !passed.includes(task)),
    totals: { ...today.totals, overdue: today.totals.overdue + passed.length, dueToday: today.totals.dueToday - passed.length },
    recentActivities: happened,
  };
}
