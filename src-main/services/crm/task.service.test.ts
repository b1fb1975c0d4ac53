import type { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountDraft } from '../../../src-shared/domain/account';
import { ActivityDraft } from '../../../src-shared/domain/activity';
import { ContactDraft } from '../../../src-shared/domain/contact';
import { DealDraft } from '../../../src-shared/domain/deal';
import { TaskId } from '../../../src-shared/domain/ids';
import { TaskBulkChange, TaskDraft, TaskListQuery, TaskPatch, TaskRevertMany, TaskUpdate, type Task } from '../../../src-shared/domain/task';
import { fieldRuleOf } from '../../../src-shared/ipc/reasons';
import { TodayQuery } from '../../../src-shared/domain/today';
import { createAccount, deleteAccount } from './account.service';
import { createActivity } from './activity.service';
import { createContact, deleteContact } from './contact.service';
import { createDeal, deleteDeal } from './deal.service';
import { taskListRequest, taskTable } from './task.repo';
import { createTask, deleteTask, editTasks, getTaskDetail, listTasks, restoreTask, revertTasks, updateTask } from './task.service';
import { getToday } from './today.service';
import { CrmTestVault } from './testing/crm-test-vault';

const hour = 3_600_000;
const dayStart = 1_767_312_000_000; // 2026-01-02T00:00:00Z
const dayEnd = dayStart + 24 * hour;

describe('task service and Today (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const addTask = (input: z.input<typeof TaskDraft>) => db.write((tx, now) => createTask(tx, TaskDraft.parse(input), now));
  const ids = async (input: z.input<typeof TaskListQuery>) =>
    (await db.read((tx) => listTasks(tx, TaskListQuery.parse(input)))).items.map((task) => task.id);

  it('names the contact, account and deal a task links to that are in the trash, apart from the live ones', async () => {
    const account = await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name: 'Binned Freight' }), now));
    const contact = await db.write((tx, now) => createContact(tx, ContactDraft.parse({ name: 'Jane Doe', accountId: account.id }), now));
    const deal = await db.write((tx, now) =>
      createDeal(tx, DealDraft.parse({ name: 'Crates', accountId: account.id, stageId: 'lead', currency: 'EUR', expectedCloseDate: '2026-04-01' }), now),
    );
    const task = await addTask({ title: 'Chase the crates', contactId: contact.id, accountId: account.id, dealId: deal.id });
    const detail = () => db.read((tx) => getTaskDetail(tx, TaskId.parse(task.id)));
    expect(await detail()).toMatchObject({ contact: { id: contact.id }, account: { id: account.id }, deal: { id: deal.id }, trashedContact: null, trashedAccount: null, trashedDeal: null });

    // Before, the detail dropped them: the task's fields named Jane Doe while its Related card said "None yet".
    await db.write((tx, now) => deleteContact(tx, contact.id, now));
    await db.write((tx, now) => deleteDeal(tx, deal.id, now));
    await db.write((tx, now) => deleteAccount(tx, account.id, now));
    expect(await detail()).toMatchObject({
      contact: null,
      account: null,
      deal: null,
      trashedContact: { id: contact.id, name: 'Jane Doe' },
      trashedAccount: { id: account.id, name: 'Binned Freight' },
      trashedDeal: { id: deal.id, name: 'Crates' },
    });
  });

  it('creates a task assigned to the writer, completes it, trashes and restores it', async () => {
    const task = await addTask({ title: 'Send the quote', dueAt: dayStart + hour, remindAt: dayStart, priority: 'high' });
    expect(task).toMatchObject({ status: 'open', priority: 'high', assigneeId: 'local-owner', ownerId: 'local-owner', notes: '' });
    const id = TaskId.parse(task.id);
    expect((await db.read((tx) => getTaskDetail(tx, id))).task).toEqual(task);
    const done = await db.write((tx, now) => updateTask(tx, id, TaskPatch.parse({ status: 'done' }), now));
    expect(done.status).toBe('done');
    expect(Object.keys((await db.outbox()).at(-1)?.fields ?? {}).sort()).toEqual(['status', 'updatedAt', 'updatedBy']);
    await db.write((tx, now) => deleteTask(tx, id, now));
    expect(await ids({})).toEqual([]);
    expect(await ids({ deleted: 'only' })).toEqual([task.id]);
    expect((await db.write((tx, now) => restoreTask(tx, id, now))).deletedAt).toBeNull();
    expect(TaskDraft.safeParse({ title: 'x', status: 'maybe' }).success).toBe(false);
  });

  it('sorts by due time with undated tasks last (both ways) and pages through them', async () => {
    const late = await addTask({ title: 'late', dueAt: dayStart + 5 * hour });
    const none1 = await addTask({ title: 'no date 1' });
    const early = await addTask({ title: 'early', dueAt: dayStart + hour });
    const none2 = await addTask({ title: 'no date 2' });
    expect(await ids({})).toEqual([early.id, late.id, none1.id, none2.id]);
    // Latest first, the undated still last (before, all of them came first).
    expect(await ids({ sort: { field: 'dueAt', direction: 'desc' } })).toEqual([late.id, early.id, none2.id, none1.id]);
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await db.read((tx) => listTasks(tx, TaskListQuery.parse({ limit: 1, ...(after === undefined ? {} : { after }) })));
      seen.push(...page.items.map((t) => t.id));
      after = page.next ?? undefined;
    } while (after !== undefined);
    expect(seen).toEqual([early.id, late.id, none1.id, none2.id]);
    const seenDescending: string[] = [];
    after = undefined;
    do {
      const page = await db.read((tx) => listTasks(tx, TaskListQuery.parse({ sort: { field: 'dueAt', direction: 'desc' }, limit: 1, ...(after === undefined ? {} : { after }) })));
      seenDescending.push(...page.items.map((t) => t.id));
      after = page.next ?? undefined;
    } while (after !== undefined);
    expect(seenDescending).toEqual([late.id, early.id, none2.id, none1.id]);
    expect(await ids({ sort: { field: 'title', direction: 'asc' } })).toEqual([early.id, late.id, none1.id, none2.id]);
  });

  it('filters by status, priority, assignee and due range', async () => {
    const a = await addTask({ title: 'a', status: 'in_progress', priority: 'low', dueAt: dayStart });
    const b = await addTask({ title: 'b', status: 'done', dueAt: dayStart + hour });
    const c = await addTask({ title: 'c', assigneeId: 'teammate', dueAt: dayStart + 2 * hour });
    expect(await ids({ filter: { statuses: ['open', 'in_progress'] } })).toEqual([a.id, c.id]);
    expect(await ids({ filter: { priorities: ['low'] } })).toEqual([a.id]);
    expect(await ids({ filter: { assigneeId: 'teammate' } })).toEqual([c.id]);
    expect(await ids({ filter: { dueAt: { from: dayStart + hour, to: dayStart + 2 * hour } } })).toEqual([b.id, c.id]);
  });

  it('builds Today from the writer’s active tasks and the latest activity', async () => {
    const overdue = await addTask({ title: 'overdue', dueAt: dayStart - hour });
    const dueSoon = await addTask({ title: 'due today', dueAt: dayStart + 3 * hour, remindAt: dayStart + 2 * hour });
    const dueLater = await addTask({ title: 'due today later', dueAt: dayStart + 9 * hour });
    await addTask({ title: 'tomorrow', dueAt: dayEnd + hour, remindAt: dayEnd + 1 });
    await addTask({ title: 'done', dueAt: dayStart + hour, status: 'done' });
    await addTask({ title: 'someone else', dueAt: dayStart + hour, assigneeId: 'teammate' });
    const trashed = await addTask({ title: 'trashed', dueAt: dayStart + hour });
    await db.write((tx, now) => deleteTask(tx, TaskId.parse(trashed.id), now));
    const old = await db.write((tx, now) => createActivity(tx, ActivityDraft.parse({ kind: 'call', occurredAt: dayStart - 2 * hour }), now));
    const recent = await db.write((tx, now) => createActivity(tx, ActivityDraft.parse({ kind: 'note', occurredAt: dayStart + hour }), now));
    await db.write((tx, now) => createActivity(tx, ActivityDraft.parse({ kind: 'meeting', occurredAt: dayEnd + 5 * hour }), now));

    const today = await db.read((tx) => getToday(tx, TodayQuery.parse({ dayStart, dayEnd }), dayStart + 4 * hour));
    expect(today.now).toBe(dayStart + 4 * hour);
    expect(today.overdue.map((t) => t.id)).toEqual([overdue.id]);
    expect(today.dueToday.map((t) => t.id)).toEqual([dueSoon.id, dueLater.id]);
    // Due today with a reminder: listed once, under Due today (which shows its reminder), not under Reminders.
    expect(today.reminders.map((t) => t.id)).toEqual([]);
    expect(today.recentActivities.map((a) => a.id)).toEqual([recent.id, old.id]);
    expect(today.totals).toEqual({ overdue: 1, dueToday: 2, reminders: 0 });
    expect(TodayQuery.safeParse({ dayStart, dayEnd: dayStart }).success).toBe(false);
    expect(TodayQuery.safeParse({ dayStart, dayEnd: dayStart + 49 * hour }).success).toBe(false);
  });

  it('shows the day’s reminders before a backlog of old ones, and says how many each Today list holds in all', async () => {
    await db.write(async (tx, now) => {
      for (let index = 0; index < 120; index += 1) {
        await createTask(tx, TaskDraft.parse({ title: `stale ${index}`, dueAt: dayStart - (index + 2) * hour, remindAt: dayStart - (index + 2) * hour }), now);
      }
    });
    for (let index = 0; index < 120; index += 1) await addTask({ title: `old reminder ${index}`, remindAt: dayStart - (index + 2) * hour, dueAt: dayEnd + 24 * hour });
    const ringsToday = await addTask({ title: 'rings at nine', dueAt: dayEnd + 10 * hour, remindAt: dayStart + 9 * hour });
    const ringsLater = await addTask({ title: 'rings at noon', remindAt: dayStart + 12 * hour });
    const yesterday = await addTask({ title: 'rang yesterday', remindAt: dayStart - hour });
    // Due today: under Due today only.
    const dueToday = await addTask({ title: 'due at ten', dueAt: dayStart + 10 * hour, remindAt: dayStart + 9 * hour });

    const today = await db.read((tx) => getToday(tx, TodayQuery.parse({ dayStart, dayEnd }), dayStart + 8 * hour));
    expect(today.reminders).toHaveLength(100);
    expect(today.reminders.slice(0, 3).map((t) => t.id)).toEqual([ringsToday.id, ringsLater.id, yesterday.id]);
    expect(today.reminders[3]?.title).toBe('old reminder 0');
    expect(today.reminders.map((t) => t.id)).not.toContain(dueToday.id);
    expect(today.reminders.some((t) => t.title.startsWith('stale'))).toBe(false);
    expect(today.dueToday.map((t) => t.id)).toEqual([dueToday.id]);
    expect(today.overdue).toHaveLength(100);
    expect(today.totals).toEqual({ overdue: 120, dueToday: 1, reminders: 123 });
  });

  it('answers Today and every task sort from an index', async () => {
    const todaySql = [
      "SELECT id FROM tasks WHERE assignee_id = ? AND deleted_at IS NULL AND status IN ('open', 'in_progress') AND due_at IS NOT NULL AND due_at < ? ORDER BY due_at, id LIMIT 100",
      "SELECT id FROM tasks WHERE assignee_id = ? AND deleted_at IS NULL AND status IN ('open', 'in_progress') AND remind_at IS NOT NULL AND remind_at < ? AND (due_at IS NULL OR due_at >= ?) ORDER BY remind_at DESC, id DESC LIMIT 100",
      "SELECT count(*) AS n FROM tasks WHERE assignee_id = ? AND deleted_at IS NULL AND status IN ('open', 'in_progress') AND due_at IS NOT NULL AND due_at < ?",
      "SELECT count(*) AS n FROM tasks WHERE assignee_id = ? AND deleted_at IS NULL AND status IN ('open', 'in_progress') AND remind_at IS NOT NULL AND remind_at < ? AND (due_at IS NULL OR due_at >= ?)",
    ];
    expect(await db.plan(todaySql[0] ?? '', ['local-owner', dayStart])).toMatch(/INDEX tasks_active_due/);
    expect(await db.plan(todaySql[1] ?? '', ['local-owner', dayStart, dayEnd])).toMatch(/INDEX tasks_active_remind/);
    expect(await db.plan(todaySql[2] ?? '', ['local-owner', dayStart])).toMatch(/INDEX tasks_active_due/);
    expect(await db.plan(todaySql[3] ?? '', ['local-owner', dayStart, dayEnd])).toMatch(/INDEX tasks_active_remind/);
    const cases: z.input<typeof TaskListQuery>[] = [
      {},
      { sort: { field: 'dueAt', direction: 'desc' } },
      { sort: { field: 'title', direction: 'asc' } },
      { sort: { field: 'updatedAt', direction: 'desc' } },
      { filter: { statuses: ['open'] } },
      { filter: { assigneeId: 'local-owner' } },
      { filter: { contactId: '0190a5d0-ac96-774b-bcce-b302099a8057' } },
      // Latest first (undated last) walks migration 0030's indexes, filtered too.
      { sort: { field: 'dueAt', direction: 'desc' }, filter: { statuses: ['open'] } },
      { sort: { field: 'dueAt', direction: 'desc' }, filter: { assigneeId: 'local-owner' } },
    ];
    for (const input of cases) {
      const { broad } = await db.listPlans(taskTable, taskListRequest(TaskListQuery.parse(input)));
      expect(broad, JSON.stringify(input)).toMatch(/(SCAN|SEARCH) tasks USING (COVERING )?INDEX tasks_live_/);
      expect(broad, JSON.stringify(input)).not.toMatch(/TEMP B-TREE/);
    }
  });
  it('refuses a reminder after the due time on create and edit, while a stored late reminder still takes other edits', async () => {
    const late = TaskDraft.safeParse({ title: 'x', dueAt: dayStart, remindAt: dayStart + hour });
    expect(late.success).toBe(false);
    expect(late.error?.issues.map((issue) => [issue.path, fieldRuleOf(issue)])).toEqual([[['remindAt'], { code: 'reminder_after_due' }]]);
    const both = TaskUpdate.safeParse({ id: '01890a5d-ac96-774b-bcce-b302099a8057', patch: { dueAt: dayStart, remindAt: dayStart + 1 } });
    expect(both.error?.issues.map((issue) => issue.path)).toEqual([['patch', 'remindAt']]);
    expect(TaskDraft.safeParse({ title: 'at the due time', dueAt: dayStart, remindAt: dayStart }).success).toBe(true);

    const task = await addTask({ title: 'Send the quote', dueAt: dayStart + 2 * hour, remindAt: dayStart + hour });
    const id = TaskId.parse(task.id);
    const edit = (patch: z.input<typeof TaskPatch>) => db.write((tx, now) => updateTask(tx, id, TaskPatch.parse(patch), now));
    const refusal = (field: string) => ({ code: 'BAD_INPUT', reason: { code: 'invalid_request', path: `patch.${field}`, rule: { code: 'reminder_after_due' } } });
    await expect(edit({ dueAt: dayStart })).rejects.toMatchObject(refusal('dueAt'));
    await expect(edit({ remindAt: dayStart + 3 * hour })).rejects.toMatchObject(refusal('remindAt'));
    expect((await db.read((tx) => getTaskDetail(tx, id))).task).toMatchObject({ dueAt: dayStart + 2 * hour, remindAt: dayStart + hour });
    // Due earlier, with the reminder cleared in the same edit: there is no reminder left to be late.
    expect(await edit({ dueAt: dayStart, remindAt: null })).toMatchObject({ dueAt: dayStart, remindAt: null });
    await edit({ dueAt: dayStart + 2 * hour, remindAt: dayStart + hour });

    // As a task synced from an older version may be stored: its other fields still take edits.
    await db.write((tx) => tx.run('UPDATE tasks SET remind_at = ? WHERE id = ?', [dayStart + 5 * hour, id]));
    expect(await edit({ title: 'Send the revised quote' })).toMatchObject({ title: 'Send the revised quote', remindAt: dayStart + 5 * hour });
    expect(await edit({ dueAt: null })).toMatchObject({ dueAt: null, remindAt: dayStart + 5 * hour });
  });

  it('"Assign…" answers with the tasks it changed only, and its Undo gives those back', async () => {
    const assignees = ['u-ines', 'u-bo', 'u-bo', 'u-maria', 'u-bo'];
    const tasks: Task[] = [];
    for (const [index, assigneeId] of assignees.entries()) tasks.push(await addTask({ title: `Task ${index}`, assigneeId }));
    const outboxBefore = (await db.outbox()).length;
    const assign = TaskBulkChange.parse({ kind: 'assignee', assigneeId: 'u-bo' });
    const before = await db.write((tx, now) => editTasks(tx, tasks.map((task) => TaskId.parse(task.id)), assign, now));
    // The three of Bo's already are not counted (before, the answer held all five, and "5 tasks assigned" said so).
    expect(before.items.map((item) => [item.id, item.assigneeId, item.after?.assigneeId])).toEqual([
      [tasks[0]?.id, 'u-ines', 'u-bo'],
      [tasks[3]?.id, 'u-maria', 'u-bo'],
    ]);
    expect((await db.outbox()).slice(outboxBefore).map((op) => op.recordId)).toEqual([tasks[0]?.id, tasks[3]?.id]);
    const undone = await db.write((tx, now) => revertTasks(tx, TaskRevertMany.parse({ items: before.items }).items, now));
    expect(undone.items.map((item) => item.id)).toEqual([tasks[0]?.id, tasks[3]?.id]);
    const stored = await db.read((tx) => tx.all('SELECT title, assignee_id FROM tasks ORDER BY title'));
    expect(stored).toEqual(assignees.map((assignee_id, index) => ({ title: `Task ${index}`, assignee_id })));
    // All of them Bo's already: nothing changed, an empty answer (the page says so and offers no Undo).
    await db.write((tx, now) => editTasks(tx, tasks.map((task) => TaskId.parse(task.id)), assign, now));
    const none = await db.write((tx, now) => editTasks(tx, tasks.map((task) => TaskId.parse(task.id)), assign, now));
    expect(none.items).toEqual([]);
  });
});
