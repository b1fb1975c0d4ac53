import type { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TaskId } from '../../../src-shared/domain/ids';
import { DueReminders, TaskDraft, TaskPatch } from '../../../src-shared/domain/task';
import { LockedError } from '../../../src-shared/ipc/errors';
import { EventBus } from '../../ipc/event-bus';
import type { Connection } from '../../vault/connection';
import { createMemoryLogger } from '../../log/logger';
import { ReminderScheduler, takeDueReminders } from './reminders';
import { createTask, deleteTask, updateTask } from './task.service';
import { CrmTestVault } from './testing/crm-test-vault';

const minute = 60_000;
const start = 1_767_312_000_000; // 2026-01-02T00:00:00Z
const password = 'correct horse battery staple';

describe('task reminders (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const addTask = (input: z.input<typeof TaskDraft>) => db.write((tx, now) => createTask(tx, TaskDraft.parse(input), now));
  const take = (now: number) => db.vault.connection().write((tx) => takeDueReminders(tx, now));

  it('hands each reminder over once, when its time has come, and only the current user’s open tasks', async () => {
    const soon = await addTask({ title: 'Call back', remindAt: start + 2 * minute });
    const later = await addTask({ title: 'Send the quote', remindAt: start + 10 * minute });
    const done = await addTask({ title: 'finished', remindAt: start + minute, status: 'done' });
    const trashed = await addTask({ title: 'trashed', remindAt: start + minute });
    await db.write((tx, now) => deleteTask(tx, TaskId.parse(trashed.id), now));
    await addTask({ title: 'someone else’s', remindAt: start + minute, assigneeId: 'user-2' });
    await addTask({ title: 'already past', remindAt: start - minute });
    expect(done.status).toBe('done');

    // The first run only sets the mark: older reminders are Today's backlog.
    expect(await take(start)).toBeNull();
    expect(await take(start + minute)).toBeNull();
    expect(await take(start + 2 * minute)).toEqual({ tasks: [{ id: soon.id, title: 'Call back', remindAt: start + 2 * minute }], total: 1 });
    expect(await take(start + 3 * minute)).toBeNull();
    // Moved to a later time, the reminder is due again then.
    await db.write((tx, now) => updateTask(tx, TaskId.parse(soon.id), TaskPatch.parse({ remindAt: start + 20 * minute }), now));
    expect(await take(start + 15 * minute)).toEqual({ tasks: [{ id: later.id, title: 'Send the quote', remindAt: start + 10 * minute }], total: 1 });
    expect((await take(start + 20 * minute))?.tasks.map((task) => task.id)).toEqual([soon.id]);
  });

  it('takes the mark back with a wall clock set back, so the reminders after it still come', async () => {
    // The clock ran a day ahead while the vault was open, then was set right.
    expect(await take(start + 24 * 60 * minute)).toBeNull();
    const task = await addTask({ title: 'Call back', remindAt: start + 5 * minute });
    expect(await take(start)).toBeNull();
    // Before, the mark stayed a day ahead and this reminder never came.
    expect(await take(start + 5 * minute)).toEqual({ tasks: [{ id: task.id, title: 'Call back', remindAt: start + 5 * minute }], total: 1 });
  });

  it('pushes the reminders it took even when the vault starts locking right after (one transaction)', async () => {
    const pushed: DueReminders[] = [];
    let now = start;
    let closing = false;
    const connection = (): Connection => {
      const real = db.vault.connection();
      // A lock begun meanwhile refuses every later transaction (Connection.close sets closing at once).
      const refused = <T>(): Promise<T> => Promise.reject(new LockedError());
      return closing ? ({ write: real.write.bind(real), read: refused } as Pick<Connection, 'write' | 'read'> as Connection) : real;
    };
    const scheduler = new ReminderScheduler({ connection, emit: (due) => pushed.push(due), log: createMemoryLogger(), now: () => now });
    await scheduler.start();
    const task = await addTask({ title: 'Call back', remindAt: start + minute });
    now = start + 2 * minute;
    closing = true;
    await scheduler.check();
    scheduler.stop();
    // Before, the mark moved in a write and the read after it was refused: the reminder was never pushed.
    expect(pushed).toEqual([{ tasks: [{ id: task.id, title: 'Call back', remindAt: start + minute }], total: 1 }]);
  });

  it('sums up a long run of reminders that fell due meanwhile: names the first few and counts them all', async () => {
    expect(await take(start)).toBeNull();
    const tasks = [];
    for (let i = 1; i <= 7; i += 1) tasks.push(await addTask({ title: `task ${i}`, remindAt: start + i * minute }));
    const due = await take(start + 60 * minute);
    expect(due?.total).toBe(7);
    expect(due?.tasks.map((task) => task.id)).toEqual(tasks.slice(0, 5).map((task) => task.id));
  });

  it('pushes a reminder when its timer comes, and one that fell due while locked once after unlock', async () => {
    const pushed: DueReminders[] = [];
    const log = createMemoryLogger();
    const scheduler = new ReminderScheduler({ connection: () => db.vault.connection(), emit: (due) => pushed.push(due), log });
    await scheduler.start();
    const task = await addTask({ title: 'Ring Ms Weber', remindAt: Date.now() + 400 });
    await scheduler.check(); // as after the write that set it
    expect(pushed).toEqual([]);
    await expect.poll(() => pushed.length, { timeout: 5_000 }).toBe(1);
    expect(pushed[0]?.tasks.map((due) => due.id)).toEqual([task.id]);

    // Locked: no timer runs; the reminder that fell due meanwhile comes once after unlock.
    const whileLocked = await addTask({ title: 'Visit the plant', remindAt: Date.now() + 300 });
    await scheduler.check();
    scheduler.stop();
    await db.vault.lock('user');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(pushed).toHaveLength(1);
    await db.vault.unlock(password);
    await scheduler.start();
    expect(pushed.slice(1)).toEqual([{ tasks: [{ id: whileLocked.id, title: 'Visit the plant', remindAt: whileLocked.remindAt }], total: 1 }]);
    await scheduler.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pushed).toHaveLength(2);
    scheduler.stop();
    expect(log.lines.join('\n')).not.toMatch(/Weber|plant/);
  });
});

describe('task reminders while no page listens (real vault, real timer)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  it('keeps a reminder that fell due with no page attached for the next page, once, and across a lock', async () => {
    const events = new EventBus();
    const pushed: DueReminders[] = [];
    // As a transport does: a push reaches the pages attached at that moment.
    events.subscribe((event, payload) => {
      if (event === 'tasks.didRemind' && events.hasPage()) pushed.push(DueReminders.parse(payload));
    });
    const log = createMemoryLogger();
    const scheduler = new ReminderScheduler({
      connection: () => db.vault.connection(),
      emit: (due) => events.emit('tasks.didRemind', due),
      listening: () => events.hasPage(),
      log,
    });
    const stopWatch = events.onPageAttached(() => void scheduler.check());
    const first = events.attachPage();
    await scheduler.start();
    const add = (title: string, inMs: number) => db.write((tx, now) => createTask(tx, TaskDraft.parse({ title, remindAt: Date.now() + inMs }), now));

    // The page goes (a reload) before its reminder's time; the timer comes and pushes into nothing.
    const missed = await add('Ring Ms Weber', 300);
    await scheduler.check();
    first();
    await new Promise((resolve) => setTimeout(resolve, 700));
    await scheduler.check();
    expect(pushed).toEqual([]);
    // The next page gets it, once.
    const second = events.attachPage();
    await scheduler.check();
    expect(pushed).toEqual([{ tasks: [{ id: missed.id, title: 'Ring Ms Weber', remindAt: missed.remindAt }], total: 1 }]);
    // A page attached all along sees no repeat when another attaches, nor on the next check.
    const third = events.attachPage();
    await scheduler.check();
    third();
    expect(pushed).toHaveLength(1);

    // With no page, then locked and unlocked: nothing lost either.
    const overLock = await add('Visit the plant', 300);
    await scheduler.check();
    second();
    await new Promise((resolve) => setTimeout(resolve, 600));
    scheduler.stop();
    await db.vault.lock('user');
    await db.vault.unlock(password);
    await scheduler.start();
    expect(pushed).toHaveLength(1);
    const last = events.attachPage();
    await scheduler.check();
    expect(pushed.slice(1)).toEqual([{ tasks: [{ id: overLock.id, title: 'Visit the plant', remindAt: overLock.remindAt }], total: 1 }]);
    last();
    scheduler.stop();
    stopWatch();
    expect(log.lines.join('\n')).not.toMatch(/Weber|plant/);
  });
});
