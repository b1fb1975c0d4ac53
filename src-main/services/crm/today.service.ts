// The Today view for the writing user: overdue and due tasks, reminders and
// recent activity, each list with its total (a list shows at most 100). Each list walks a partial index of migration 0002
// (tasks_active_due, tasks_active_remind, activities_live_occurred); the
// status and deletion terms below repeat those indexes' WHERE clauses
// word for word so SQLite may use them. A task shows once: one due today or
// overdue is listed there (with its reminder time), not under Reminders too,
// which holds the reminders of tasks due later or never (`notDueYet`).
// Recent activity also holds those still to come today, for the page to show
// as its clock reaches them.
import type { Activity } from '../../../src-shared/domain/activity';
import type { Task } from '../../../src-shared/domain/task';
import { recentActivityLimit, todayListLimit, type Today, type TodayQuery } from '../../../src-shared/domain/today';
import { z } from 'zod';
import type { ReadTx, SqlValue } from '../../vault/connection';
import { activityTable } from './activity.repo';
import { currentUserId } from './current-user';
import { selectRecords } from './entity-table';
import { taskTable } from './task.repo';

const active = "deleted_at IS NULL AND status IN ('open', 'in_progress')";
/** Not in Overdue nor Due today (bound to the day's end). */
const notDueYet = '(due_at IS NULL OR due_at >= ?)';

export async function getToday(tx: ReadTx, query: TodayQuery, now: number): Promise<Today> {
  const me = await currentUserId(tx);
  const overdue: Task[] = await selectRecords(
    tx,
    taskTable,
    `assignee_id = ? AND ${active} AND due_at IS NOT NULL AND due_at < ?`,
    [me, query.dayStart],
    `ORDER BY due_at, id LIMIT ${todayListLimit}`,
  );
  const dueToday: Task[] = await selectRecords(
    tx,
    taskTable,
    `assignee_id = ? AND ${active} AND due_at IS NOT NULL AND due_at >= ? AND due_at < ?`,
    [me, query.dayStart, query.dayEnd],
    `ORDER BY due_at, id LIMIT ${todayListLimit}`,
  );
  // The day's reminders first, soonest first; then earlier ones, latest first.
  const todaysReminders: Task[] = await selectRecords(
    tx,
    taskTable,
    `assignee_id = ? AND ${active} AND remind_at IS NOT NULL AND remind_at >= ? AND remind_at < ? AND ${notDueYet}`,
    [me, query.dayStart, query.dayEnd, query.dayEnd],
    `ORDER BY remind_at, id LIMIT ${todayListLimit}`,
  );
  const earlierReminders: Task[] = await selectRecords(
    tx,
    taskTable,
    `assignee_id = ? AND ${active} AND remind_at IS NOT NULL AND remind_at < ? AND ${notDueYet}`,
    [me, query.dayStart, query.dayEnd],
    `ORDER BY remind_at DESC, id DESC LIMIT ${todayListLimit - todaysReminders.length}`,
  );
  // Recent runs to the day's end, not to now: a meeting logged at 09:00 for 15:00 (or a call from a device whose clock
  // runs fast) joins the list when the page's clock reaches it (todayAsOf), with no reload. The latest up to now,
  // then those still to come today, soonest first: a full afternoon of meetings never hides the morning's calls.
  const pastActivities: Activity[] = await selectRecords(
    tx,
    activityTable,
    'deleted_at IS NULL AND occurred_at <= ?',
    [now],
    `ORDER BY occurred_at DESC, id DESC LIMIT ${recentActivityLimit}`,
  );
  const laterActivities: Activity[] = await selectRecords(
    tx,
    activityTable,
    'deleted_at IS NULL AND occurred_at > ? AND occurred_at < ?',
    [now, query.dayEnd],
    `ORDER BY occurred_at, id LIMIT ${todayListLimit}`,
  );
  const recentActivities = [...laterActivities.toReversed(), ...pastActivities];
  const totals = {
    overdue: await countTasks(tx, `assignee_id = ? AND ${active} AND due_at IS NOT NULL AND due_at < ?`, [me, query.dayStart]),
    dueToday: await countTasks(tx, `assignee_id = ? AND ${active} AND due_at IS NOT NULL AND due_at >= ? AND due_at < ?`, [me, query.dayStart, query.dayEnd]),
    reminders: await countTasks(tx, `assignee_id = ? AND ${active} AND remind_at IS NOT NULL AND remind_at < ? AND ${notDueYet}`, [me, query.dayEnd, query.dayEnd]),
  };
  return { now, overdue, dueToday, reminders: [...todaysReminders, ...earlierReminders], totals, recentActivities };
}

const Count = z.object({ n: z.number().int().nonnegative() });

async function countTasks(tx: ReadTx, where: string, params: readonly SqlValue[]): Promise<number> {
  return Count.parse(await tx.get(`SELECT count(*) AS n FROM tasks WHERE ${where}`, params)).n;
}
