// The Today view: the signed-in user's overdue and due tasks, reminders that
// are due, and the most recent activity.
import { z } from 'zod';
import { Timestamp } from './common';
import { Activity } from './activity';
import { Task } from './task';

/** The local day to show, as [dayStart, dayEnd) in epoch ms; the renderer knows the user's time zone. */
export const TodayQuery = z
  .object({ dayStart: Timestamp, dayEnd: Timestamp })
  .strict()
  .refine((query) => query.dayEnd > query.dayStart, { message: 'The day ends before it starts', path: ['dayEnd'] })
  .refine((query) => query.dayEnd - query.dayStart <= 48 * 60 * 60 * 1000, {
    message: 'A day is at most 48 hours long',
    path: ['dayEnd'],
  });
export type TodayQuery = z.infer<typeof TodayQuery>;

/** Most rows per Today list. */
export const todayListLimit = 100;

/** Most activities Recent shows: the latest that have happened by the page's clock. */
export const recentActivityLimit = 20;

export const Today = z.object({
  /** The main process's clock when the answer was made. */
  now: Timestamp,
  /** Open tasks due before dayStart, oldest first. */
  overdue: z.array(Task),
  /** Open tasks due within the day, soonest first. */
  dueToday: z.array(Task),
  /**
   * Open tasks whose reminder time falls within the day (soonest first), then
   * those whose reminder passed on an earlier day (latest first): a backlog
   * of old reminders never hides the day's.
   */
  reminders: z.array(Task),
  /** How many tasks each list holds in all; a list shows at most todayListLimit. */
  totals: z.object({ overdue: z.number().int().nonnegative(), dueToday: z.number().int().nonnegative(), reminders: z.number().int().nonnegative() }),
  /**
   * Newest first: those still to come within the day (at most todayListLimit, the soonest), then the latest
   * recentActivityLimit up to `now`. The page shows those its clock has reached (a meeting logged for 15:00 joins
   * Recent at 15:00), at most recentActivityLimit.
   */
  recentActivities: z.array(Activity),
});
export type Today = z.infer<typeof Today>;
