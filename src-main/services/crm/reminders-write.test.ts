// ReminderScheduler.write on a real vault: a task write takes what fell due in
// its own transaction, pushes it once committed, and leaves the mark alone
// when it fails or when no page listens. A reminder it sets for "now" (the
// form takes minutes, so a few seconds past) it pushes itself, once.
import type { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TaskDraft, TaskPatch, TaskStatusMany, type DueReminders } from '../../../src-shared/domain/task';
import { createMemoryLogger } from '../../log/logger';
import { ReminderScheduler } from './reminders';
import { createTask, deleteTask, setTaskStatuses, updateTask } from './task.service';
import { CrmTestVault } from './testing/crm-test-vault';

const minute = 60_000;
const start = 1_767_312_000_000; // 2026-01-02T00:00:00Z

describe('a task write through the reminders (real vault)', () => {
  let db: CrmTestVault;
  let now: number;
  let listening: boolean;
  let pushed: DueReminders[];
  let scheduler: ReminderScheduler;
  beforeEach(async () => {
    db = await CrmTestVault.create();
    now = start;
    listening = true;
    pushed = [];
    scheduler = new ReminderScheduler({
      connection: () => db.vault.connection(),
      emit: (due) => pushed.push(due),
      listening: () => listening,
      log: createMemoryLogger(),
      now: () => now,
    });
    await scheduler.start();
  });
  afterEach(async () => {
    scheduler.stop();
    await db.dispose();
  });

  const addTask = (input: z.input<typeof TaskDraft>) => scheduler.write((tx) => createTask(tx, TaskDraft.parse(input), now));

  it('pushes what fell due before it once committed, and not a reminder it sets in the past', async () => {
    const due = await addTask({ title: 'Call back', remindAt: start + minute });
    expect(pushed).toEqual([]);
    now = start + 10 * minute;
    // Logged after the fact: reminded at a moment already past when it is saved.
    await addTask({ title: 'Logged late', remindAt: start + 5 * minute });
    expect(pushed).toEqual([{ tasks: [{ id: due.id, title: 'Call back', remindAt: start + minute }], total: 1 }]);
    now = start + 11 * minute;
    await scheduler.check();
    expect(pushed).toHaveLength(1);
  });

  it('takes nothing when the write fails, or while no page listens: the next check pushes it', async () => {
    const due = await addTask({ title: 'Call back', remindAt: start + minute });
    now = start + 2 * minute;
    await expect(scheduler.write(() => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    listening = false;
    await addTask({ title: 'Another' });
    expect(pushed).toEqual([]);
    listening = true;
    await scheduler.check();
    expect(pushed).toEqual([{ tasks: [{ id: due.id, title: 'Call back', remindAt: start + minute }], total: 1 }]);
  });

  it('does not push the reminder of a task the write closes in the instant it fell due (done, bulk done, trashed)', async () => {
    const ticked = await addTask({ title: 'Ticked on Today', remindAt: start + minute });
    const bulk = await addTask({ title: 'Bulk done', remindAt: start + 2 * minute });
    const other = await addTask({ title: 'Still open', remindAt: start + 2 * minute });
    const trashed = await addTask({ title: 'Trashed', remindAt: start + 3 * minute });
    // Before, each write pushed the reminder of the very task it closed, taken before it ran.
    now = start + minute;
    await scheduler.write((tx) => updateTask(tx, ticked.id, TaskPatch.parse({ status: 'done' }), now));
    expect(pushed).toEqual([]);
    now = start + 2 * minute;
    await scheduler.write((tx) => setTaskStatuses(tx, TaskStatusMany.parse({ items: [{ id: bulk.id, status: 'done' }] }).items, now));
    expect(pushed).toEqual([{ tasks: [{ id: other.id, title: 'Still open', remindAt: start + 2 * minute }], total: 1 }]);
    now = start + 3 * minute;
    await scheduler.write((tx) => deleteTask(tx, trashed.id, now));
    // Taken for good: none of them comes at the next check either.
    now = start + 4 * minute;
    await scheduler.check();
    expect(pushed).toHaveLength(1);
  });

  it('pushes, once, a reminder the write sets within the minute before it (typed for "now"); an older one stays Today\'s', async () => {
    // 09:59:40 a reminder for 10:00 is typed, Save pressed at 10:00:03; a check at 10:00:01 moved the mark past it.
    const ten = start + 10 * 60 * minute;
    now = ten + 1_000;
    await scheduler.check();
    now = ten + 3_000;
    const typed = await addTask({ title: 'Call at ten', remindAt: ten });
    const pushedTyped = { tasks: [{ id: typed.id, title: 'Call at ten', remindAt: ten }], total: 1 };
    expect(pushed).toEqual([pushedTyped]);
    // Saved again without moving the reminder (a new title, the same time sent again): not again, nor at a check.
    now = ten + 20_000;
    await scheduler.write((tx) => updateTask(tx, typed.id, TaskPatch.parse({ title: 'Call at ten', remindAt: ten }), now));
    await scheduler.write((tx) => updateTask(tx, typed.id, TaskPatch.parse({ title: 'Call Ms Weber at ten' }), now));
    await scheduler.check();
    expect(pushed).toEqual([pushedTyped]);

    // An existing task's reminder moved to the minute just gone (14:32 picked at 14:32:20): pushed once.
    const later = await addTask({ title: 'Send the quote', remindAt: ten + 60 * minute });
    const picked = ten + 30 * minute;
    now = picked + 20_000;
    await scheduler.write((tx) => updateTask(tx, later.id, TaskPatch.parse({ remindAt: picked }), now));
    expect(pushed).toEqual([pushedTyped, { tasks: [{ id: later.id, title: 'Send the quote', remindAt: picked }], total: 1 }]);

    // 90 s past when saved: a call logged after the fact, Today's; nor does a done task push one.
    now = ten + 45 * minute + 90_000;
    await addTask({ title: 'Logged late', remindAt: ten + 45 * minute });
    now = ten + 50 * minute + 3_000;
    await addTask({ title: 'Done already', remindAt: ten + 50 * minute, status: 'done' });
    const closing = await addTask({ title: 'Closed as it is set', remindAt: ten + 60 * minute + 30 * minute });
    await scheduler.write((tx) => updateTask(tx, closing.id, TaskPatch.parse({ remindAt: ten + 50 * minute, status: 'done' }), now));
    now = ten + 55 * minute;
    await scheduler.check();
    expect(pushed).toHaveLength(2);
  });
});
