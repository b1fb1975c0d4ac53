// When Today reads differently with no record changing: the first due time
// still to pass among today's tasks, the first activity time still to come,
// the next whole minute, or midnight.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Task } from '../../../src-shared/domain/task';
import { activityFixture } from '../tasks/testing/activity-fixture';
import { taskFixture } from '../tasks/testing/task-fixture';
import { isAnotherDay, localDayStart, nextChange } from './today-clock';

const minute = 60_000;
// 10:00:20 local time, whatever the zone the tests run in.
const now = new Date(2026, 2, 18, 10, 0, 20).getTime();

function task(n: number, dueAt: number | null, status: Task['status'] = 'open'): Task {
  return taskFixture(n, dueAt, status, now - 60 * minute);
}

describe('nextChange', () => {
  it('is the next whole minute when no task is due before it', () => {
    expect(nextChange({ dueToday: [], recentActivities: [] }, now)).toBe(new Date(2026, 2, 18, 10, 1, 0).getTime());
    expect(nextChange({ dueToday: [task(1, now + 5 * minute)], recentActivities: [] }, now)).toBe(new Date(2026, 2, 18, 10, 1, 0).getTime());
  });

  it('is the moment just after the first due time still to pass, when that comes before the next minute', () => {
    const due = now + 15_000;
    expect(nextChange({ dueToday: [task(1, now + 5 * minute), task(2, due)], recentActivities: [] }, now)).toBe(due + 1);
  });

  it('skips tasks already overdue, done or without a due time', () => {
    const next = nextChange({ dueToday: [task(1, now - 1_000), task(2, now + 10_000, 'done'), task(3, null)], recentActivities: [] }, now);
    expect(next).toBe(new Date(2026, 2, 18, 10, 1, 0).getTime());
  });

  it('is the time of the first activity still to come, when that comes before the next minute', () => {
    // Logged for later today (or stamped by a device whose clock runs fast): Recent shows it from its time on.
    const meeting = now + 25_000;
    const past = activityFixture(1, now - 5 * minute);
    expect(nextChange({ dueToday: [], recentActivities: [activityFixture(2, now + 3 * minute), activityFixture(3, meeting), past] }, now)).toBe(meeting);
    // Reached: the next minute again.
    expect(nextChange({ dueToday: [], recentActivities: [activityFixture(3, meeting), past] }, meeting)).toBe(new Date(2026, 2, 18, 10, 1, 0).getTime());
  });

  it('is midnight when that comes first', () => {
    const late = new Date(2026, 2, 18, 23, 59, 59, 500).getTime();
    expect(nextChange({ dueToday: [], recentActivities: [] }, late)).toBe(new Date(2026, 2, 19).getTime());
    expect(localDayStart(nextChange({ dueToday: [], recentActivities: [] }, late))).toBeGreaterThan(localDayStart(late));
  });
});

describe('isAnotherDay', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('is a later day at midnight, and the same day before it', () => {
    const shownDay = localDayStart(now);
    expect(isAnotherDay(new Date(2026, 2, 18, 23, 59).getTime(), shownDay)).toBe(false);
    expect(isAnotherDay(new Date(2026, 2, 19, 0, 0).getTime(), shownDay)).toBe(true);
  });

  it('is another day once the time zone moved east, although its start is earlier', () => {
    vi.stubEnv('TZ', 'America/New_York');
    // Loaded on 18 March in New York: the day starts at 04:00 UTC (daylight time).
    const shownDay = localDayStart(Date.UTC(2026, 2, 18, 14, 0));
    expect(shownDay).toBe(Date.UTC(2026, 2, 18, 4, 0));
    vi.stubEnv('TZ', 'Europe/Paris');
    // 22:00 in Paris on 18 March (21:00 UTC): Paris's 18 March started at 23:00 UTC the day before.
    expect(isAnotherDay(Date.UTC(2026, 2, 18, 21, 0), shownDay)).toBe(true);
    // Back in New York the same moment is still the day shown.
    vi.stubEnv('TZ', 'America/New_York');
    expect(isAnotherDay(Date.UTC(2026, 2, 18, 21, 0), shownDay)).toBe(false);
  });
});
