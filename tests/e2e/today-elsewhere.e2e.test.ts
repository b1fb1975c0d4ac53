// Today and what reaches it from elsewhere, in Chromium against the real
// headless shell and vault: a bulk "Mark done" made in the Tasks list and
// undone with Ctrl+Z on Today lists the tasks again there (before, only the
// list, gone by then, reloaded); "2 reminders fell due"'s Open puts the focus
// on the Reminders section, below a long Overdue list (before, the page
// opened at its top), and on the first task it named when Today lists them
// elsewhere (due today: under Due today; before, on a Reminders section
// without them); and "Showing 100 of N · all in Tasks" opens the Tasks
// list on the user's own open tasks due before today (before, on everyone's
// open tasks, whenever due), while Reminders, which the list cannot filter,
// says how many it shows without a link. Tasks are made through the page's
// own (routed) IPC socket.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSection, ui, unlock } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { call, createdId } from './proxied-server';

const password = 'today hears of it';
const hour = 60 * 60 * 1000;
/** Two hours before today's local midnight: due before today, Overdue by the vault's own count. */
const yesterday = () => new Date().setHours(0, 0, 0, 0) - 2 * hour;

describe('Today and what reaches it from elsewhere', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  const overdueRow = (title: string) => page.getByTestId('today-overdue').getByTestId('today-task').filter({ hasText: title });
  const noToasts = () => expect.poll(() => page.locator('.toast').count(), { timeout: 30_000 }).toBe(0);

  beforeAll(async () => {
    ({ page } = app);
    // Overdue (due an hour ago: earlier today or yesterday, Overdue either way), assigned to this device's user.
    await call(route, 'tasks.create', { title: 'Today Bulk A', dueAt: Date.now() - hour });
    await call(route, 'tasks.create', { title: 'Today Bulk B', dueAt: Date.now() - hour });
  }, 120_000);

  it('lists tasks marked done in the Tasks list again on Today when Ctrl+Z is pressed there', async () => {
    await openSection(page, 'tasks');
    for (const title of ['Today Bulk A', 'Today Bulk B']) await page.getByTestId('task-table-row').filter({ hasText: title }).getByTestId('row-select').click();
    await page.getByTestId('bulk-done').click();
    await page.getByTestId('bulk-done-toast').filter({ hasText: '2 tasks marked done' }).waitFor(ui);
    await page.keyboard.press('g');
    await page.keyboard.press('t');
    await page.getByTestId('today-overdue').waitFor(ui);
    expect(await overdueRow('Today Bulk A').count()).toBe(0);
    await page.keyboard.press('Control+z');
    await page.getByTestId('bulk-undone-toast').waitFor(ui);
    await overdueRow('Today Bulk A').waitFor(ui);
    await overdueRow('Today Bulk B').waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('puts the focus on the Reminders section, scrolled into view, when "2 reminders fell due" is opened', async () => {
    await noToasts();
    // A long Overdue list above: the Reminders section starts below the window's height.
    for (let n = 1; n <= 10; n += 1) await call(route, 'tasks.create', { title: `Today Late ${String(n)}`, dueAt: yesterday() });
    const remindAt = Date.now() + 2_500;
    await call(route, 'tasks.create', { title: 'Today Remind A', remindAt });
    await call(route, 'tasks.create', { title: 'Today Remind B', remindAt });
    await openSection(page, 'tasks');
    await page.getByTestId('lock-button').click();
    await page.getByTestId('unlock-password').waitFor(ui);
    while (Date.now() < remindAt + 500) await page.waitForTimeout(250);
    await unlock(page, password);
    const toast = page.getByTestId('reminder-toast').filter({ hasText: '2 reminders fell due' });
    await toast.waitFor(ui);
    await toast.getByTestId('reminder-toast-action').click();
    const reminders = page.getByTestId('today-reminders');
    await reminders.getByText('Today Remind A').waitFor(ui);
    await expect.poll(() => page.evaluate(() => Boolean(document.activeElement?.closest('[data-testid="today-reminders"]'))), ui).toBe(true);
    const box = await reminders.boundingBox();
    expect(box?.y ?? 10_000).toBeLessThan(800);
    expect(pageErrors).toEqual([]);
  });

  it('opens the Tasks list on the user’s own open tasks due before today from Overdue’s "all in Tasks"', async () => {
    await noToasts();
    // 100 more of the user's overdue tasks (the list shows 100), then one of someone else's and one due tomorrow:
    // neither is in Overdue, and the list it opens leaves them out too.
    for (let n = 11; n <= 110; n += 1) await call(route, 'tasks.create', { title: `Today Late ${String(n)}`, dueAt: yesterday() });
    await call(route, 'tasks.create', { title: 'Someone Else Late', dueAt: yesterday(), assigneeId: randomUUID().replaceAll('-', '') });
    await call(route, 'tasks.create', { title: 'Today Tomorrow', dueAt: Date.now() + 24 * hour });
    await openSection(page, 'tasks');
    await openSection(page, 'today');
    const overdue = page.getByTestId('today-overdue');
    await expect.poll(() => overdue.locator('.count-badge').textContent(), ui).toBe('112');
    await overdue.getByTestId('today-overdue-more').click();
    await page.getByTestId('list-tasks').waitFor(ui);
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe('112 records');
    expect(await page.getByTestId('task-table-row').filter({ hasText: 'Someone Else Late' }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('says how many reminders it shows of all, with no link to a list that cannot show them', async () => {
    await noToasts();
    // Reminders due later today (not yet fallen due, so no notice), on tasks due never.
    const remindAt = Math.min(Date.now() + 2 * hour, new Date(new Date().setHours(23, 59, 0, 0)).getTime());
    for (let n = 1; n <= 101; n += 1) await call(route, 'tasks.create', { title: `Today Remind Later ${String(n)}`, remindAt });
    await openSection(page, 'tasks');
    await openSection(page, 'today');
    const more = page.getByTestId('today-reminders-more');
    await expect.poll(() => more.textContent(), ui).toBe('Showing 100 of 103');
    expect(await more.evaluate((element) => element.tagName)).toBe('SPAN');
    expect(pageErrors).toEqual([]);
  });

  it('puts the focus on the first task "2 reminders fell due" named when Today lists them under Due today', async () => {
    await noToasts();
    // Due later today, so Due today lists them and Reminders does not (it holds tasks due after today or never).
    const dueAt = Math.min(Date.now() + 2 * hour, new Date().setHours(23, 59, 0, 0));
    const remindAt = Date.now() + 2_500;
    const first = await createdId(route, 'tasks.create', { title: 'Today Due Remind A', dueAt: dueAt - 60_000, remindAt });
    const second = await createdId(route, 'tasks.create', { title: 'Today Due Remind B', dueAt, remindAt });
    await openSection(page, 'tasks');
    await page.getByTestId('lock-button').click();
    await page.getByTestId('unlock-password').waitFor(ui);
    while (Date.now() < remindAt + 500) await page.waitForTimeout(250);
    await unlock(page, password);
    const toast = page.getByTestId('reminder-toast').filter({ hasText: '2 reminders fell due' });
    await toast.waitFor(ui);
    await toast.getByTestId('reminder-toast-action').click();
    const due = page.getByTestId('today-due');
    await due.locator(`[data-task-id="${second}"]`).waitFor(ui);
    expect(await page.getByTestId('today-reminders').locator(`[data-task-id="${first}"]`).count()).toBe(0);
    const focusedTask = () => page.evaluate(() => document.activeElement?.closest('[data-task-id]')?.getAttribute('data-task-id') ?? null);
    await expect.poll(focusedTask, ui).toBe(first);
    // Its title button, scrolled into view below the long Overdue list.
    expect(await page.evaluate(() => document.activeElement?.classList.contains('today-task__main'))).toBe(true);
    const box = await due.locator(`[data-task-id="${first}"]`).boundingBox();
    expect(box?.y ?? 10_000).toBeLessThan(800);
    expect(box?.y ?? -1).toBeGreaterThanOrEqual(0);
    expect(pageErrors).toEqual([]);
  });
});
