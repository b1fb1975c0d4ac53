// Reminder notices whose task this window changed, in Chromium against the
// real headless shell and vault: ticking the task done on Today, "Mark done"
// on its page, and a task list's bulk "Mark done" or Delete take its notice
// away (before, only a sync's changes and the snooze's own were heard, and
// "Reminder: …" stayed up for a task done or in the trash), while a notice of
// a task left open stays.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { createdId } from './proxied-server';

const password = 'reminders this window settled';

describe('reminder notices of tasks this window changed', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  /** A task of the user's, due within the hour, whose reminder falls due in a second and a half; its notice showing. */
  const remindingTask = async (title: string): Promise<string> => {
    const remindAt = Date.now() + 1_500;
    const id = await createdId(route, 'tasks.create', { title, remindAt, dueAt: remindAt + 3_600_000 });
    await notice(title).waitFor(ui);
    return id;
  };
  const notice = (title: string) => page.getByTestId('reminder-toast').filter({ hasText: `Reminder: ${title}` });
  const gone = (title: string) => notice(title).waitFor({ state: 'detached', timeout: ui.timeout });
  /** Between cases: the toasts of the last one have gone (a plain toast lingers 8 s; notices are pressed away). */
  const clearToasts = async () => {
    for (const dismiss of await page.getByTestId('reminder-toast-dismiss').all()) await dismiss.click();
    await expect.poll(() => page.locator('.toast').count(), { timeout: 30_000 }).toBe(0);
  };

  it('takes the notice away when its task is ticked done on Today, and leaves another task’s', async () => {
    await page.getByTestId('today').waitFor(ui);
    await remindingTask('Stays open');
    const id = await remindingTask('Tick me on Today');
    await openSection(page, 'tasks');
    await openSection(page, 'today');
    const row = page.getByTestId('today').locator(`[data-task-id="${id}"]`);
    await row.locator('.task-check').click();
    await page.getByTestId('task-done-toast').filter({ hasText: 'Task completed' }).waitFor(ui);
    await gone('Tick me on Today');
    await page.waitForTimeout(500);
    expect(await notice('Stays open').count()).toBe(1);
    expect(pageErrors).toEqual([]);
    await clearToasts();
  });

  it('takes the notice away on "Mark done" on the task’s page', async () => {
    const id = await remindingTask('Finish me on my page');
    // Opened from Today's list, not the notice's Open (which takes the notice away itself).
    await openSection(page, 'tasks');
    await openSection(page, 'today');
    await page.getByTestId('today').locator(`[data-task-id="${id}"] .today-task__main`).click();
    await page.getByTestId('task-mark-done').waitFor(ui);
    expect(await notice('Finish me on my page').count()).toBe(1);
    await page.getByTestId('task-mark-done').click();
    await page.getByTestId('inline-status').getByText('Done', { exact: true }).waitFor(ui);
    await gone('Finish me on my page');
    expect(pageErrors).toEqual([]);
    await clearToasts();
  });

  it('takes the notices away on the task list’s bulk "Mark done" and Delete', async () => {
    await remindingTask('Bulk done me');
    await remindingTask('Bulk trash me');
    await openSection(page, 'today');
    await openSection(page, 'tasks');
    const rowOf = (title: string) => page.getByTestId('task-table-row').filter({ hasText: title });
    await rowOf('Bulk done me').getByTestId('row-select').click();
    await page.getByTestId('bulk-done').click();
    await page.getByTestId('bulk-done-toast').waitFor(ui);
    await gone('Bulk done me');
    expect(await notice('Bulk trash me').count()).toBe(1);

    await rowOf('Bulk trash me').getByTestId('row-select').click();
    await page.getByTestId('bulk-delete').click();
    await page.getByTestId('bulk-deleted-toast').waitFor(ui);
    await gone('Bulk trash me');
    expect(pageErrors).toEqual([]);
  });
});
