// A task made on Today ("n") in Chromium against the real headless shell and
// vault, with the page's clock under the test's control: it is due today at
// the next full hour, so it shows under "Due today" as soon as it is created
// (it was due tomorrow at 09:00, and never showed on Today). From 23:00 on,
// when the next full hour is tomorrow, it is due tomorrow at 09:00.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { dateTimeInput } from './crm-fixtures';
import { fillAndCreate, openSection, ui } from './crm-steps';

const password = 'a task for today made on today';

/** 10:20 today, local time (the browser and this process share the zone). */
function twentyPastTen(): Date {
  const date = new Date();
  date.setHours(10, 20, 0, 0);
  return date;
}

const start = twentyPastTen();
const at = (hours: number, minutes: number, days = 0) => {
  const date = new Date(start);
  date.setDate(date.getDate() + days);
  date.setHours(hours, minutes, 0, 0);
  return date;
};

describe('a task made on Today', () => {
  const app = useApp({
    context: { viewport: { width: 1280, height: 800 } },
    password,
    // The page starts at 10:20 today and its time flows from there until the test moves it on.
    beforeLoad: (page) => page.clock.install({ time: start }),
  });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('is due today at the next full hour and shows under "Due today"', async () => {
    await openSection(page, 'today');
    await page.getByTestId('today-due').waitFor(ui);
    await page.keyboard.press('n');
    const dialog = page.getByTestId('new-task');
    await dialog.waitFor(ui);
    expect(await dialog.getByTestId('field-dueAt').inputValue()).toBe(dateTimeInput(at(11, 0)));
    await fillAndCreate(page, 'task', { title: 'Ring the harbour master' });

    // Today stays, and the task is in its due list (not overdue, not left off it).
    await page.getByTestId('today-due').getByTestId('today-task').filter({ hasText: 'Ring the harbour master' }).waitFor(ui);
    expect(await page.getByTestId('today-overdue').getByTestId('today-task').filter({ hasText: 'Ring the harbour master' }).count()).toBe(0);
    expect(await page.getByTestId('today').count()).toBe(1);

    // From 23:00 the next full hour is tomorrow's: a new task is due tomorrow at 09:00, as anywhere else.
    await page.clock.setFixedTime(at(23, 5));
    await page.keyboard.press('n');
    await dialog.waitFor(ui);
    expect(await dialog.getByTestId('field-dueAt').inputValue()).toBe(dateTimeInput(at(9, 0, 1)));
    await dialog.getByTestId('new-task-cancel').click();
    await dialog.waitFor({ state: 'detached', timeout: ui.timeout });
    expect(pageErrors).toEqual([]);
  });
});
