// A task's due time turns red, and says "Overdue" in words, once it passes
// with the page left open: on a record page's task card, on the task's own
// page and in the tasks list, none of which has a clock of its own. In
// Chromium against the real headless shell and vault, with the page's clock
// under the test's control. Before, the badge read the time only when it
// rendered: a task due at 10:02 shown at 10:00 still read as not overdue at
// 10:03, until something else re-rendered it.
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { dateTimeInput } from './crm-fixtures';
import { createRecord, fillAndCreate, openSection, ui } from './crm-steps';

const password = 'the due time passes on screen';

/** 10:00 today, local time (the browser and this process share the zone). */
function tenToday(): Date {
  const date = new Date();
  date.setHours(10, 0, 0, 0);
  return date;
}

const start = tenToday();
const minutes = (n: number) => new Date(start.getTime() + n * 60_000);

const notOverdue = { text: 'not overdue', red: false };
const overdue = { text: 'overdue', red: true };

/** What the badge says: its text with "Overdue" (read by screen readers) at the end when overdue, and whether it is red. */
async function reading(due: Locator): Promise<{ readonly text: string; readonly red: boolean }> {
  const text = (await due.textContent()) ?? '';
  const red = (await due.getAttribute('class'))?.split(' ').includes('overdue') ?? false;
  return { text: /Overdue$/.test(text) ? 'overdue' : 'not overdue', red };
}

/**
 * Crosses `dueAt` with nothing on the page but the badge's own clock to notice. Anything else that re-renders the
 * page reads the time afresh, even without a clock, and must come before the due time: the "created" toast going
 * (half a minute on), and what the jump to five seconds before the due time sets off (a real second for it). A
 * user's task is due long after those. Then ten seconds pass with the page otherwise still.
 */
async function crossDueTime(page: Page, due: Locator, dueAt: Date): Promise<void> {
  await page.clock.fastForward('00:30');
  await page.locator('.toast').waitFor({ state: 'detached', timeout: ui.timeout });
  await page.clock.pauseAt(new Date(dueAt.getTime() - 5_000));
  await page.waitForTimeout(1_000);
  expect(await reading(due)).toEqual(notOverdue);
  await page.clock.runFor(10_000);
  await expect.poll(() => reading(due), ui).toEqual(overdue);
  await page.clock.resume();
}

describe('a due time passing on screen', () => {
  const app = useApp({
    context: { viewport: { width: 1280, height: 800 } },
    password,
    // The page starts at 10:00 today and its time flows from there until the test moves it on.
    beforeLoad: (page) => page.clock.install({ time: start }),
  });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it("turns the task card on a record page overdue at the task's due time", async () => {
    await createRecord(page, 'contacts', 'contact', { name: 'Ada Lindqvist' });
    await page.getByTestId('detail-add-task').click();
    await fillAndCreate(page, 'task', { title: 'Call Ada back', dueAt: dateTimeInput(minutes(2)) });
    const due = page.getByTestId('related-tasks').locator('li').filter({ hasText: 'Call Ada back' }).getByTestId('task-due');
    await due.waitFor(ui);
    expect(await reading(due)).toEqual(notOverdue);
    await crossDueTime(page, due, minutes(2));
    expect(pageErrors).toEqual([]);
  });

  it("turns the due time on the task's page overdue once it passes", async () => {
    // Just after 10:02 now: due three minutes on.
    await openSection(page, 'tasks');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'task', { title: 'Send the price list', dueAt: dateTimeInput(minutes(5)) });
    const due = page.getByTestId('task-detail').getByTestId('task-due');
    await due.waitFor(ui);
    expect(await reading(due)).toEqual(notOverdue);
    await crossDueTime(page, due, minutes(5));
    expect(pageErrors).toEqual([]);
  });

  it('turns the due time in the tasks list overdue once it passes', async () => {
    // Just after 10:05 now: due three minutes on.
    await openSection(page, 'tasks');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'task', { title: 'Book the van', dueAt: dateTimeInput(minutes(8)) });
    await page.getByTestId('task-detail').waitFor(ui);
    await openSection(page, 'tasks');
    const due = page.getByTestId('list-tasks').getByRole('row').filter({ hasText: 'Book the van' }).getByTestId('task-due');
    await due.waitFor(ui);
    expect(await reading(due)).toEqual(notOverdue);
    // The one that passed before the list opened reads as overdue from the start.
    const earlier = page.getByTestId('list-tasks').getByRole('row').filter({ hasText: 'Send the price list' }).getByTestId('task-due');
    expect(await reading(earlier)).toEqual(overdue);
    await crossDueTime(page, due, minutes(8));
    expect(pageErrors).toEqual([]);
  });
});
