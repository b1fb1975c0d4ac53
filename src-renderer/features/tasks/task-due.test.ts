// One overdue rule for every screen: a task is overdue once its due time has
// passed; Today moves such a task from "Due today" to "Overdue", totals too,
// and shows in Recent the activities whose time has come.
import { describe, expect, it } from 'vitest';
import type { Task } from '../../../src-shared/domain/task';
import { activityFixture } from './testing/activity-fixture';
import { taskFixture } from './testing/task-fixture';
import { recentActivityLimit, type Today } from '../../../src-shared/domain/today';
import { isOverdue, todayAsOf } from './task-due';

const now = Date.UTC(2026, 2, 18, 12, 0);
const minute = 60_000;
const hour = 60 * minute;

function task(n: number, dueAt: number | null, status: Task['status'] = 'open'): Task {
  return taskFixture(n, dueAt, status, now - 60 * minute);
}

describe('isOverdue', () => {
  it('is overdue once the due time has passed, while the task is open or in progress', () => {
    expect(isOverdue(task(1, now - 2 * minute), now)).toBe(true);
    expect(isOverdue(task(1, now - 2 * minute, 'in_progress'), now)).toBe(true);
    expect(isOverdue(task(1, now + 2 * minute), now)).toBe(false);
    expect(isOverdue(task(1, now - 2 * minute, 'done'), now)).toBe(false);
    expect(isOverdue(task(1, null), now)).toBe(false);
  });
});

describe('todayAsOf', () => {
  it('moves the tasks due earlier today whose time has passed to the end of Overdue, with the totals', () => {
    const yesterday = task(1, now - 24 * 60 * minute);
    const passed = task(2, now - 2 * minute);
    const later = task(3, now + 60 * minute);
    const today: Today = {
      now,
      overdue: [yesterday],
      dueToday: [passed, later],
      reminders: [],
      totals: { overdue: 1, dueToday: 2, reminders: 0 },
      recentActivities: [],
    };
    const read = todayAsOf(today, now);
    expect(read.overdue).toEqual([yesterday, passed]);
    expect(read.dueToday).toEqual([later]);
    expect(read.totals).toEqual({ overdue: 2, dueToday: 1, reminders: 0 });
    // Nothing passed: the answer as it came.
    expect(todayAsOf(today, now - 10 * minute)).toBe(today);
  });

  it('shows in Recent the activities that have happened by then, at most recentActivityLimit, newest first', () => {
    // today.get sends the day's later activities too: a meeting logged at 09:00 for 15:00 joins Recent at 15:00.
    const meeting = activityFixture(1, now + 3 * hour);
    const call = activityFixture(2, now - minute);
    const older = Array.from({ length: recentActivityLimit }, (_, index) => activityFixture(index + 3, now - (index + 2) * hour));
    const today: Today = {
      now,
      overdue: [],
      dueToday: [],
      reminders: [],
      totals: { overdue: 0, dueToday: 0, reminders: 0 },
      recentActivities: [meeting, call, ...older],
    };
    expect(todayAsOf(today, now).recentActivities).toEqual([call, ...older.slice(0, recentActivityLimit - 1)]);
    expect(todayAsOf(today, now + 3 * hour - 1).recentActivities[0]).toBe(call);
    // From its time on.
    expect(todayAsOf(today, now + 3 * hour).recentActivities).toEqual([meeting, call, ...older.slice(0, recentActivityLimit - 2)]);
    // All happened and within the limit: the answer as it came.
    const few: Today = { ...today, recentActivities: [call, ...older.slice(0, 3)] };
    expect(todayAsOf(few, now)).toBe(few);
  });
});
