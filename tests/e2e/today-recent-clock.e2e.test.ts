// Today's Recent follows the clock while the page stays open, in Chromium
// against the real headless shell and vault, with the page's clock under the
// test's control: a meeting logged for a little later today joins Recent when
// its time comes, with no reload. Before, today.get cut Recent at the vault's
// own clock and the page never looked at activities' times, so the meeting
// stayed missing until something else reloaded Today. The vault's clock is
// real and the page's runs ahead of it (late this evening), so the meeting is
// still to come for both. Past midnight, while the next day's lists are
// still on their way, the header keeps the date of the lists it shows
// (before, it read the page's clock: the next day's date over the old lists).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { dateTimeInput } from './crm-fixtures';
import { fillAndCreate, openSection, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';

const password = 'the meeting comes round';

/**
 * 23:30 today, local time (the browser and this process share the zone); from
 * 23:00 on, 23:30 tomorrow, so the meeting twenty minutes after it is still to
 * come for the vault's real clock however slowly the steps run.
 */
function lateEvening(now: Date): Date {
  const date = new Date(now);
  if (date.getHours() >= 23) date.setDate(date.getDate() + 1);
  date.setHours(23, 30, 0, 0);
  return date;
}

const start = lateEvening(new Date());
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);

describe('Today’s Recent while it stays open', () => {
  const route = new InjectingRoute();
  const app = useApp({
    context: { viewport: { width: 1280, height: 800 } },
    password,
    route,
    // The page starts at 23:30 today and its time flows from there until the test moves it on.
    beforeLoad: (page) => page.clock.install({ time: start }),
  });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  async function logActivity(kind: string, subject: string, occurredAt: Date): Promise<void> {
    await openSection(page, 'activities');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'activity', { kind, subject, occurredAt: dateTimeInput(occurredAt) });
    await page.getByTestId('activity-detail').waitFor(ui);
  }

  const recent = (subject: string) => page.getByTestId('today-recent').locator('.today-activity').filter({ hasText: subject });

  it('shows a meeting logged for later today once its time comes, without a reload', async () => {
    // Yesterday morning: past for the vault's clock too, whatever the hour this runs at.
    const yesterday = new Date(start);
    yesterday.setDate(yesterday.getDate() - 1);
    yesterday.setHours(9, 0, 0, 0);
    await logActivity('call', 'Morning call with the depot', yesterday);
    // Twenty minutes ahead of the page's start: still to come after the steps above, however slow.
    await logActivity('meeting', 'Late review of the crane quote', at(20));

    await openSection(page, 'today');
    await recent('Morning call with the depot').waitFor(ui);
    expect(await recent('Late review of the crane quote').count()).toBe(0);
    const reads = route.calls.filter((channel) => channel === 'today.get').length;

    // Just past the meeting's time, with Today still open and no record changing: it joins Recent, above the call.
    await page.clock.fastForward(at(20).getTime() + 30_000 - (await page.evaluate(() => Date.now())));
    await recent('Late review of the crane quote').waitFor(ui);
    const subjects = await page.getByTestId('today-recent').locator('.today-activity .today-task__title').allTextContents();
    expect(subjects.indexOf('Late review of the crane quote')).toBeLessThan(subjects.indexOf('Morning call with the depot'));
    expect(route.calls.filter((channel) => channel === 'today.get').length).toBe(reads);
    expect(pageErrors).toEqual([]);
  });

  it('keeps the date of the lists shown past midnight until the next day’s lists come', async () => {
    const day = (time: Date) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' }).format(time);
    const date = page.getByTestId('today-date');
    await openSection(page, 'today');
    await expect.poll(() => date.textContent(), ui).toBe(day(start));
    const reads = () => route.calls.filter((channel) => channel === 'today.get').length;
    const before = reads();
    route.holding.add('today.get');
    const nextDay = new Date(start);
    nextDay.setHours(24, 0, 30, 0);
    await page.clock.fastForward(nextDay.getTime() - (await page.evaluate(() => Date.now())));
    // The next day's lists are asked for and held back: the page shows the day before's, under that day's date.
    await expect.poll(reads, ui).toBeGreaterThan(before);
    await page.waitForTimeout(500);
    expect(await date.textContent()).toBe(day(start));
    route.release();
    await expect.poll(() => date.textContent(), ui).toBe(day(nextDay));
    expect(pageErrors).toEqual([]);
  });
});
