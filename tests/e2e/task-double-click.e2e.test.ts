// A double-click on a task's done checkbox, in Chromium against the real
// headless shell and vault. A person's double-click sends its second click
// some 100–200 ms after the first, by when the first click's write has
// answered: on Today the task's row has left and the next task's row moved up
// under the pointer, where the second click completed that task too; in the
// Tasks list the row stays and the second click reopened the task just done.
// The second click of a double-click (its `detail` is 2) is now ignored; a
// click, Space and Enter tick as before.
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useApp } from './app';
import { openSection, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { call, createdId } from './proxied-server';

const password = 'one task at a time please';
const day = 86_400_000;
const TaskStatus = z.object({ task: z.object({ status: z.string() }) });

/** The middle of the element's box, where the pointer clicks. */
async function middleOf(element: Locator): Promise<{ readonly x: number; readonly y: number }> {
  const box = await element.boundingBox();
  if (box === null) throw new Error('The element is not shown');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** The second click of a double-click, at the pointer's place: a click whose `detail` is 2. */
async function secondClick(page: Page): Promise<void> {
  await page.mouse.down({ clickCount: 2 });
  await page.mouse.up({ clickCount: 2 });
}

describe('a double-click on a task’s done checkbox', () => {
  const route = new InjectingRoute();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password });
  const { pageErrors } = app;
  let page: Page;
  const statusOf = async (id: string) => TaskStatus.parse(await call(route, 'tasks.get', { id })).task.status;

  beforeAll(() => {
    ({ page } = app);
  });

  it('completes only the task clicked on Today, not the one that moved up under the pointer', async () => {
    const first = await createdId(route, 'tasks.create', { title: 'Double First', dueAt: Date.now() - 3 * day });
    const second = await createdId(route, 'tasks.create', { title: 'Double Second', dueAt: Date.now() - 2 * day });
    // Today read anew (it opens first, before the tasks were made).
    await openSection(page, 'tasks');
    await openSection(page, 'today');
    const rows = page.getByTestId('today-overdue').getByTestId('today-task');
    await rows.filter({ hasText: 'Double Second' }).waitFor(ui);
    const at = await middleOf(page.locator(`[data-testid="today-overdue"] [data-task-id="${first}"] .task-check`));
    await page.mouse.click(at.x, at.y);
    await rows.filter({ hasText: 'Double First' }).waitFor({ state: 'detached', ...ui });
    // The next task's checkbox is where the first one was.
    expect(await middleOf(page.locator(`[data-testid="today-overdue"] [data-task-id="${second}"] .task-check`))).toEqual(at);
    const before = route.calls.length;
    await secondClick(page);
    expect(await rows.filter({ hasText: 'Double Second' }).count()).toBe(1);
    // The page's calls reach the shell in order: a list read asked after the click comes after any write it made.
    await openSection(page, 'tasks');
    await expect.poll(() => route.calls.slice(before).includes('tasks.list'), ui).toBe(true);
    expect(route.calls.slice(before)).not.toContain('tasks.update');
    expect([await statusOf(first), await statusOf(second)]).toEqual(['done', 'open']);
    expect(pageErrors).toEqual([]);
  });

  it('leaves a task done in the Tasks list, not reopened by the second click', async () => {
    const id = await createdId(route, 'tasks.create', { title: 'Double Listed' });
    // The Tasks list read anew (the test before left it open).
    await openSection(page, 'today');
    await openSection(page, 'tasks');
    const row = page.getByTestId('task-table-row').filter({ hasText: 'Double Listed' });
    const box = row.getByTestId('task-list-done');
    await box.waitFor(ui);
    const at = await middleOf(box);
    await page.mouse.click(at.x, at.y);
    await expect.poll(() => box.isChecked(), ui).toBe(true);
    await page.getByTestId('task-done-toast').first().waitFor(ui);
    const before = route.calls.length;
    await secondClick(page);
    // Sorted anew: a list read sent after the click, so after any write the click made.
    await page.getByTestId('sort-title').click();
    await expect.poll(() => route.calls.slice(before).includes('tasks.list'), ui).toBe(true);
    expect(route.calls.slice(before)).not.toContain('tasks.update');
    expect(await statusOf(id)).toBe('done');
    expect(pageErrors).toEqual([]);
  });
});
