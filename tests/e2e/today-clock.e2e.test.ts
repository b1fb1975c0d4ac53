// Today follows the clock while it stays open, in Chromium against the real
// headless shell and vault, with the page's clock under the test's control:
// a task due later today moves from "Due today" to "Overdue" once its due
// time passes, and at midnight the next day's tasks come in, with no
// navigation and no record changing. The vault's own clock is real: Today's
// lists are asked for with the day's bounds from the page.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { dateTimeInput } from './crm-fixtures';
import { fillAndCreate, openSection, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';

const password = 'the day moves on by itself';

/** 10:00 today, local time (the browser and this process share the zone). */
function tenToday(): Date {
  const date = new Date();
  date.setHours(10, 0, 0, 0);
  return date;
}

const start = tenToday();
const minutes = (n: number) => new Date(start.getTime() + n * 60_000);

async function createTask(page: Page, title: string, due: Date): Promise<void> {
  await openSection(page, 'tasks');
  await page.getByTestId('list-new').click();
  await fillAndCreate(page, 'task', { title, dueAt: dateTimeInput(due) });
  await page.getByTestId('task-detail').waitFor(ui);
}

const rowIn = (page: Page, section: string, title: string) =>
  page.getByTestId(section).getByTestId('today-task').filter({ hasText: title });

describe('Today while it stays open', () => {
  const route = new InjectingRoute();
  const app = useApp({
    context: { viewport: { width: 1280, height: 800 } },
    password,
    route,
    // The page starts at 10:00 today and its time flows from there until the test moves it on.
    beforeLoad: (page) => page.clock.install({ time: start }),
  });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('moves a task to Overdue when its due time passes, and loads the next day at midnight', async () => {
    await createTask(page, 'Call the depot at ten past ten', minutes(10));
    const tomorrowNine = new Date(start);
    tomorrowNine.setDate(tomorrowNine.getDate() + 1);
    tomorrowNine.setHours(9, 0, 0, 0);
    await createTask(page, 'Send the morning quote', tomorrowNine);

    await openSection(page, 'today');
    await rowIn(page, 'today-due', 'Call the depot at ten past ten').waitFor(ui);
    expect(await rowIn(page, 'today-overdue', 'Call the depot at ten past ten').count()).toBe(0);
    expect(await page.getByTestId('today-task').filter({ hasText: 'Send the morning quote' }).count()).toBe(0);
    const dateBefore = await page.locator('.page--today .muted').first().textContent();

    // Eleven minutes later, with Today still open: the call is overdue.
    await page.clock.fastForward('11:00');
    await rowIn(page, 'today-overdue', 'Call the depot at ten past ten').waitFor(ui);
    expect(await rowIn(page, 'today-due', 'Call the depot at ten past ten').count()).toBe(0);
    expect(await rowIn(page, 'today-overdue', 'Call the depot at ten past ten').locator('.today-task__when').textContent()).toMatch(/^Due \d minutes? ago$/);

    // Just past midnight: tomorrow's task is due today now, and the header shows the new date. The first read of
    // the new day fails (the vault busy): the next minute's tick asks again. Before, Today counted the new day as
    // shown and kept yesterday's lists until something else changed.
    const toMidnight = tomorrowNine.getTime() - 9 * 3_600_000 + 60_000 - (start.getTime() + 11 * 60_000);
    route.failing.set('today.get', { code: 'BUSY', message: 'FieldVault is busy. Try again in a moment.' });
    const readsBefore = route.calls.filter((channel) => channel === 'today.get').length;
    await page.clock.fastForward(toMidnight);
    await expect.poll(() => route.calls.filter((channel) => channel === 'today.get').length, ui).toBeGreaterThan(readsBefore);
    route.failing.clear();
    expect(await rowIn(page, 'today-due', 'Send the morning quote').count()).toBe(0);
    await page.clock.fastForward('01:00');
    await rowIn(page, 'today-due', 'Send the morning quote').waitFor(ui);
    expect(await rowIn(page, 'today-overdue', 'Call the depot at ten past ten').count()).toBe(1);
    expect(await page.locator('.page--today .muted').first().textContent()).not.toBe(dateBefore);
    expect(pageErrors).toEqual([]);
  });
});
