// Today lists a task once (walkthrough 7, #10), in Chromium against the real
// headless shell and vault: a task due today with a reminder showed twice,
// under Due today and under Reminders. Now it shows under Due today (or
// Overdue) with its reminder time beside the due time, and Reminders holds
// the reminders of tasks due later or never.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useApp } from './app';
import { openSection, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { call } from './proxied-server';

const password = 'one task, one line';
const minute = 60_000;

describe('Today lists a task once', () => {
  const route = new InjectingRoute();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    const start = new Date();
    start.setHours(0, 0, 0, 0);
    const dayStart = start.getTime();
    const tomorrow = new Date(start);
    tomorrow.setDate(tomorrow.getDate() + 1);
    const dayEnd = tomorrow.getTime();
    const created = z.object({ id: z.string() });
    // Due in today's last minutes (overdue if the test runs later still): under Overdue or Due today, once.
    created.parse(await call(route, 'tasks.create', { title: 'Due today, reminded', dueAt: dayEnd - 2 * minute, remindAt: dayStart + minute }));
    created.parse(await call(route, 'tasks.create', { title: 'Due tomorrow, reminded today', dueAt: dayEnd + 12 * 60 * minute, remindAt: dayStart + minute }));
  });

  it('shows a task due today once, with its reminder, and a later task’s reminder under Reminders', async () => {
    // Today opened before the tasks were made (the app starts there): open it anew.
    await openSection(page, 'tasks');
    await openSection(page, 'today');
    const dueToday = page.getByTestId('today-task').filter({ hasText: 'Due today, reminded' });
    await dueToday.first().waitFor(ui);
    expect(await dueToday.count()).toBe(1);
    const dueSection = page.locator('[data-testid="today-due"], [data-testid="today-overdue"]').filter({ has: dueToday });
    expect(await dueSection.count()).toBe(1);
    expect(await dueToday.getByTestId('today-task-reminder').innerText()).toMatch(/^Reminder /);
    expect(await page.getByTestId('today-reminders').getByTestId('today-task').filter({ hasText: 'Due today, reminded' }).count()).toBe(0);

    const later = page.getByTestId('today-reminders').getByTestId('today-task').filter({ hasText: 'Due tomorrow, reminded today' });
    await later.waitFor(ui);
    expect(await page.getByTestId('today-task').filter({ hasText: 'Due tomorrow, reminded today' }).count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
