// When a task is overdue, one rule for every screen (Today, the tasks list,
// record pages): its due time has passed and it is still open or in progress.
// A due time is a moment, not a day, so "Call at 14:00" is overdue at 14:02.
import type { Task } from '../../../src-shared/domain/task';
import type { Today } from '../../../src-shared/domain/today';

export function isOverdue(task: Pick<Task, 'dueAt' | 'status'>, now: number = Date.now()): boolean {
  return task.dueAt !== null && task.dueAt < now && (task.status === 'open' || task.status === 'in_progress');
}

/**
 * Today's lists as they read at `now`: today.get splits overdue from due at the
 * day's start, so a task due earlier today whose time has passed moves from
 * "Due today" to the end of "Overdue" (the latest there), and each total with it.
 */
export function todayAsOf(today: Today, now: number = Date.now()): Today {
  const passed = today.dueToday.filter((task) => isOverdue(task, now));
  if (passed.length === 0) return today;
  return {
    ...today,
    overdue: [...today.overdue, ...passed],
    dueToday: today.dueToday.filter((task) => !passed.includes(task)),
    totals: { ...today.totals, overdue: today.totals.overdue + passed.length, dueToday: today.totals.dueToday - passed.length },
  };
}
