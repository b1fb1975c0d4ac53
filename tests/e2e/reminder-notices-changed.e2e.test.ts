// Reminder notices whose task changed while they showed, in Chromium against
// the real headless shell and vault and a real TLS sync server: "Remind me in
// 1 hour" on a notice whose reminder was moved since writes nothing and says
// the reminder was moved already (before, it wrote an hour from now over the
// newer time); and a sync that brings a task done, trashed or given to a
// teammate takes its notice away (before, it stayed until pressed away),
// while a notice whose task only changed its title stays.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { protocolDevice } from '../support/sync-server';
import { useApp } from './app';
import { ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { call, createdId, enrolThroughProxy, untilSynced, useProxiedServer } from './proxied-server';

const password = 'reminders that moved on';

const Stored = z.object({ task: z.object({ remindAt: z.number().nullable() }) });

describe('reminder notices whose task changed', () => {
  let page: Page;
  const route = new InjectingRoute();
  const sync = useProxiedServer();
  const app = useApp({ context: { viewport: { width: 1280, height: 900 } }, route, password });
  const { pageErrors } = app;

  beforeAll(() => {
    ({ page } = app);
  });

  /** A task of the user's whose reminder falls due in `inMs`. */
  const addTask = (title: string, inMs: number): Promise<string> => {
    const remindAt = Date.now() + inMs;
    return createdId(route, 'tasks.create', { title, remindAt, dueAt: remindAt + 3_600_000 });
  };
  const notice = (title: string) => page.getByTestId('reminder-toast').filter({ hasText: `Reminder: ${title}` });

  it('snoozes nothing when the reminder was moved since its notice showed, and says so', async () => {
    await page.getByTestId('today').waitFor(ui);
    const id = await addTask('Ring the depot', 1_500);
    const toast = notice('Ring the depot');
    await toast.waitFor(ui);
    // Moved meanwhile (on the task's page in another window, or by a sync): the page did not hear it.
    const moved = Date.now() + 2 * 3_600_000;
    await call(route, 'tasks.update', { id, patch: { remindAt: moved, dueAt: moved + 3_600_000 } });
    await toast.getByTestId('reminder-toast-secondary').click();
    await page.getByTestId('reminder-snooze-moved').filter({ hasText: 'That reminder was moved already' }).waitFor(ui);
    expect(await page.getByTestId('reminder-snoozed').count()).toBe(0);
    expect(Stored.parse(await call(route, 'tasks.get', { id })).task.remindAt).toBe(moved);
    expect(pageErrors).toEqual([]);
  });

  it('takes away the notices of tasks a sync brought done, trashed or given to a teammate', async () => {
    const userId = await sync.server.createUser('Rhea Remind');
    const teammate = await sync.server.createUser('Tom Mate');
    const laptop = await protocolDevice(sync.server, userId);
    await enrolThroughProxy(route, sync, userId);
    await untilSynced(route);
    const titles = ['Ship the samples', 'Bin the old quote', 'Hand over the visit', 'Call the printer'];
    const ids: string[] = [];
    // One at a time: reminders falling due together make one "n reminders fell due" notice.
    for (const title of titles) {
      ids.push(await addTask(title, 1_500));
      await notice(title).waitFor(ui);
    }
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0 });

    const [done, trashed, given, renamed] = ids;
    if (done === undefined || trashed === undefined || given === undefined || renamed === undefined) throw new Error('four tasks');
    await laptop.push([
      laptop.rawUpsert('tasks', done, { status: 'done' }),
      laptop.remove('tasks', trashed),
      laptop.rawUpsert('tasks', given, { assigneeId: teammate }),
      laptop.rawUpsert('tasks', renamed, { title: 'Call the printer about proofs' }),
    ]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null });
    for (const title of titles.slice(0, 3)) await notice(title).waitFor({ state: 'detached', timeout: ui.timeout });
    // The renamed task still reminds the user: its notice stays (with the title it showed).
    await page.waitForTimeout(500);
    expect(await page.getByTestId('reminder-toast').count()).toBe(1);
    await notice('Call the printer').waitFor(ui);
    expect(pageErrors).toEqual([]);
  });
});
