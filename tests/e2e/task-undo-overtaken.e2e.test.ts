// The Undo of a task ticked done, when its status changed since (a sync
// brought "cancelled" from the phone, say), in Chromium against the real
// headless shell and vault: Undo says it left the task as it is now, and the
// newer status stays. Before, Undo wrote the old status over it.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { call, createdId } from './proxied-server';

const password = 'undo what is still mine';

const Stored = z.object({ task: z.object({ status: z.string() }) });

describe('the Undo of a tick overtaken by a newer status', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('leaves the newer status, and says so', async () => {
    const id = await createdId(route, 'tasks.create', { title: 'Chase the signed order', dueAt: Date.now() - 3_600_000 });
    // Today reads its lists again when opened (the app opened on it, before the task was made).
    await openSection(page, 'tasks');
    await openSection(page, 'today');
    const row = page.getByTestId('today-overdue').locator(`[data-task-id="${id}"]`);
    await row.waitFor(ui);
    await row.locator('.task-check').click();
    const toast = page.getByTestId('task-done-toast').filter({ hasText: 'Task completed' });
    await toast.waitFor(ui);
    // Meanwhile the task is cancelled elsewhere.
    await call(route, 'tasks.update', { id, patch: { status: 'cancelled' } });
    await toast.getByTestId('task-done-toast-action').click();
    await page.getByTestId('task-undo-overtaken').filter({ hasText: 'changed since, so Undo left it as it is now' }).waitFor(ui);
    expect(await page.getByTestId('task-reopened-toast').count()).toBe(0);
    expect(Stored.parse(await call(route, 'tasks.get', { id })).task.status).toBe('cancelled');
    expect(pageErrors).toEqual([]);
  });

  it('still reopens a task whose status nobody changed since', async () => {
    const id = await createdId(route, 'tasks.create', { title: 'Send the spare parts list', dueAt: Date.now() - 3_600_000, status: 'in_progress' });
    await openSection(page, 'tasks');
    await openSection(page, 'today');
    const row = page.getByTestId('today-overdue').locator(`[data-task-id="${id}"]`);
    await row.waitFor(ui);
    await row.locator('.task-check').click();
    const toast = page.getByTestId('task-done-toast').filter({ hasText: 'Task completed' }).last();
    await toast.waitFor(ui);
    await toast.getByTestId('task-done-toast-action').click();
    await page.getByTestId('task-reopened-toast').waitFor(ui);
    expect(Stored.parse(await call(route, 'tasks.get', { id })).task.status).toBe('in_progress');
    await row.waitFor(ui);
    expect(pageErrors).toEqual([]);
  });
});
