// A reminder pushed as its task is closed, in Chromium against the real
// headless shell and vault: the notice of a task done (or trashed) by the time
// it would show never shows, even when the task is ticked done on Today while
// the notice is still reading it (before, it showed for the finished task: the
// write's own signal came before the notice was there to withdraw), and a
// notice of a task left open still shows.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { call, createdId } from './proxied-server';

const password = 'reminders of closed tasks';
const hour = 3_600_000;

describe('reminder notices of tasks closed as they fell due', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  /** A task of the user's whose reminder is an hour off (the shell pushes nothing); the test pushes it itself. */
  const task = async (title: string): Promise<{ readonly id: string; readonly push: () => void }> => {
    const remindAt = Date.now() + hour;
    const id = await createdId(route, 'tasks.create', { title, remindAt, dueAt: remindAt + hour });
    return { id, push: () => route.emit('tasks.didRemind', { tasks: [{ id, title, remindAt }], total: 1 }) };
  };
  const notice = (title: string) => page.getByTestId('reminder-toast').filter({ hasText: `Reminder: ${title}` });
  const reads = () => route.calls.filter((channel) => channel === 'tasks.get').length;
  const clearToasts = async () => {
    for (const dismiss of await page.getByTestId('reminder-toast-dismiss').all()) await dismiss.click();
    await expect.poll(() => page.locator('.toast').count(), { timeout: 30_000 }).toBe(0);
  };

  it('never shows the notice of a task done or trashed before it showed, and shows an open one’s', async () => {
    await page.getByTestId('today').waitFor(ui);
    const done = await task('Done already');
    const trashed = await task('Trashed already');
    const open = await task('Still open');
    await call(route, 'tasks.update', { id: done.id, patch: { status: 'done' } });
    await call(route, 'tasks.delete', { id: trashed.id });
    done.push();
    trashed.push();
    open.push();
    await notice('Still open').waitFor(ui);
    await page.waitForTimeout(1_000);
    expect(await notice('Done already').count()).toBe(0);
    expect(await notice('Trashed already').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await clearToasts();
  });

  it('never shows it when the task is ticked done on Today while the notice reads it', async () => {
    const ticked = await task('Ticked as it fell due');
    await openSection(page, 'tasks');
    await openSection(page, 'today');
    const row = page.getByTestId('today').locator(`[data-task-id="${ticked.id}"]`);
    await row.waitFor(ui);
    // The notice's read of the task answers only after the tick: its answer says the task is open.
    route.holding.add('tasks.get');
    const before = reads();
    ticked.push();
    await expect.poll(() => route.held, { timeout: ui.timeout }).toBe(1);
    await row.locator('.task-check').click();
    await page.getByTestId('task-done-toast').filter({ hasText: 'Task completed' }).waitFor(ui);
    route.release();
    // The tick heard meanwhile: the notice reads its task again (the held answer said open), and finds it done.
    await expect.poll(reads, { timeout: ui.timeout }).toBeGreaterThan(before);
    const marker = await task('Shown after');
    marker.push();
    await notice('Shown after').waitFor(ui);
    await page.waitForTimeout(1_000);
    expect(await notice('Ticked as it fell due').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
