// The Undo of tasks ticked or marked done, when a task went to the trash
// since, in Chromium against the real headless shell and vault: Undo leaves
// it there and says it could not put it back (before, a single task's Undo
// said "Task reopened" and the bulk Undo "The tasks are back as they were").
// "Mark done" on a selection counts only the tasks it marked (one done
// meanwhile is not counted; before, every selected task was).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { call, createdId } from './proxied-server';

const password = 'undo what is in the trash';

const Stored = z.object({ task: z.object({ status: z.string(), deletedAt: z.number().nullable() }) });

describe('the Undo of a done tick over a task trashed since', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('says a ticked task trashed since could not be reopened, and leaves it in the trash', async () => {
    const id = await createdId(route, 'tasks.create', { title: 'Chase the trashed order', dueAt: Date.now() - 3_600_000 });
    await openSection(page, 'tasks');
    await openSection(page, 'today');
    const row = page.getByTestId('today-overdue').locator(`[data-task-id="${id}"]`);
    await row.waitFor(ui);
    await row.locator('.task-check').click();
    const toast = page.getByTestId('task-done-toast').filter({ hasText: 'Task completed' });
    await toast.waitFor(ui);
    // Meanwhile the task goes to the trash (elsewhere, as a sync would bring it).
    await call(route, 'tasks.delete', { id });
    await toast.getByTestId('task-done-toast-action').click();
    await page.getByTestId('task-undo-overtaken').filter({ hasText: 'moved to the trash or its status changed since' }).waitFor(ui);
    expect(await page.getByTestId('task-reopened-toast').count()).toBe(0);
    const stored = Stored.parse(await call(route, 'tasks.get', { id })).task;
    expect(stored.status).toBe('done');
    expect(stored.deletedAt).not.toBeNull();
    expect(pageErrors).toEqual([]);
  });

  it('counts only the tasks "Mark done" marked, and its Undo says a task trashed since stays', async () => {
    const titles = ['Trio task A', 'Trio task B', 'Trio task C'];
    const ids: string[] = [];
    for (const title of titles) ids.push(await createdId(route, 'tasks.create', { title }));
    await openSection(page, 'today');
    await openSection(page, 'tasks');
    const rowOf = (title: string) => page.getByTestId('task-table-row').filter({ hasText: title });
    await rowOf('Trio task C').waitFor(ui);
    for (const title of titles) await rowOf(title).getByTestId('row-select').click();
    // Meanwhile the first is done elsewhere: the list still shows it, selected.
    await call(route, 'tasks.update', { id: ids[0], patch: { status: 'done' } });
    await page.getByTestId('bulk-done').click();
    const toast = page.getByTestId('bulk-done-toast');
    await toast.filter({ hasText: '2 of 3 tasks marked done; the rest were done or cancelled already, and stay so.' }).waitFor(ui);
    // Then the second goes to the trash.
    await call(route, 'tasks.delete', { id: ids[1] });
    await toast.getByTestId('bulk-done-toast-action').click();
    await page.getByTestId('bulk-undo-overtaken').filter({ hasText: 'Some tasks were moved to the trash or changed since' }).waitFor(ui);
    expect(await page.getByTestId('bulk-undone-toast').count()).toBe(0);
    const statuses = await Promise.all(ids.map(async (id) => Stored.parse(await call(route, 'tasks.get', { id })).task));
    // The first stays done (it was done before), the trashed one stays done and trashed, the third is open again.
    expect(statuses.map((task) => [task.status, task.deletedAt !== null])).toEqual([
      ['done', false],
      ['done', true],
      ['open', false],
    ]);
    expect(pageErrors).toEqual([]);
  });

  it('says why nothing was marked when every selected task was done or cancelled already, and offers no Undo', async () => {
    const done = await createdId(route, 'tasks.create', { title: 'Pair task done' });
    const dropped = await createdId(route, 'tasks.create', { title: 'Pair task dropped' });
    await openSection(page, 'today');
    await openSection(page, 'tasks');
    const rowOf = (title: string) => page.getByTestId('task-table-row').filter({ hasText: title });
    await rowOf('Pair task dropped').waitFor(ui);
    for (const title of ['Pair task done', 'Pair task dropped']) await rowOf(title).getByTestId('row-select').click();
    // Meanwhile both are settled elsewhere, one done and one cancelled: the list still shows them, selected.
    await call(route, 'tasks.update', { id: done, patch: { status: 'done' } });
    await call(route, 'tasks.update', { id: dropped, patch: { status: 'cancelled' } });
    await page.getByTestId('bulk-done').click();
    const toast = page.getByTestId('bulk-done-toast').filter({ hasText: 'Nothing to mark done: the selected tasks are done or cancelled already.' });
    await toast.waitFor(ui);
    expect(await toast.getByTestId('bulk-done-toast-action').count()).toBe(0);
    const statuses = await Promise.all([done, dropped].map(async (id) => Stored.parse(await call(route, 'tasks.get', { id })).task.status));
    expect(statuses).toEqual(['done', 'cancelled']);
    expect(pageErrors).toEqual([]);
  });
});
