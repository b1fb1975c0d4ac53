// A long timeline with older pages shown, in Chromium against the real
// headless shell and vault. An inline edit of the contact reloads its page
// and brings the same newest page: the older pages stay as they are, with no
// `activities.list` call (before, every one of them was read again, a call a
// page, the rows redrawn). Back from an activity opened from an older page
// shows the older rows again, the focus on the activity's row, in view
// (before, the timeline opened on its newest page only, at the top).
// Records are written through the page's own (routed) IPC socket.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { timelinePageSize } from '../../src-shared/domain/details';
import { useApp } from './app';
import { openSection, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { createdId } from './proxied-server';

const password = 'four pages of calls and back';
/** Four pages and a few: three presses of Show older leave one more. */
const total = timelinePageSize * 4 + 5;
const subjectOf = (n: number) => `Visit ${String(n).padStart(3, '0')}`;

describe('a long timeline with older pages shown', () => {
  const route = new InjectingRoute();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password });
  const { pageErrors } = app;
  let page: Page;
  const detail = () => page.getByTestId('contact-detail');
  const rows = () => detail().getByTestId('timeline-item');
  const listCalls = () => route.calls.filter((channel) => channel === 'activities.list').length;

  beforeAll(async () => {
    ({ page } = app);
    const contactId = await createdId(route, 'contacts.create', { name: 'Often Visited', title: 'Buyer' });
    // Newest first: Visit 000 is the newest.
    for (let n = 0; n < total; n += 1) await createdId(route, 'activities.create', { kind: 'meeting', subject: subjectOf(n), occurredAt: 1_780_000_000_000 - n * 60_000, contactId });
  });

  async function openWithOlderPages(presses: number): Promise<void> {
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Often Visited' }).click();
    await rows().first().waitFor(ui);
    expect(await rows().count()).toBe(timelinePageSize);
    for (let press = 1; press <= presses; press += 1) {
      await detail().getByTestId('timeline-older').click();
      await expect.poll(() => rows().count(), ui).toBe(timelinePageSize * (press + 1));
    }
  }

  it('keeps the older pages shown through an inline edit of the contact, reading none again', async () => {
    await openWithOlderPages(3);
    const before = listCalls();
    const gets = route.calls.filter((channel) => channel === 'contacts.get').length;
    await page.getByTestId('inline-title-edit').click();
    await page.getByTestId('inline-title-input').fill('Head of Buying');
    await page.getByTestId('inline-title-input').press('Enter');
    await page.getByTestId('saved-field-toast').waitFor(ui);
    // The page read the contact again, with the same newest page of activities.
    await expect.poll(() => route.calls.filter((channel) => channel === 'contacts.get').length, ui).toBeGreaterThan(gets);
    await detail().getByTestId('inline-title').getByText('Head of Buying').waitFor(ui);
    await expect.poll(() => detail().getByTestId('timeline-older').getAttribute('aria-busy'), ui).toBe('false');
    expect(await rows().count()).toBe(timelinePageSize * 4);
    // Before, one call for each older page shown (3).
    expect(listCalls() - before).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('comes back by Back to the older rows shown and the activity opened, focused and in view', async () => {
    await openWithOlderPages(2);
    const opened = subjectOf(timelinePageSize * 2 + 20);
    await detail().locator('.timeline__body').filter({ hasText: opened }).click();
    await page.getByTestId('activity-detail').waitFor(ui);
    await page.getByTestId('activity-detail').getByTestId('detail-back').click();
    await detail().waitFor(ui);
    await expect.poll(() => rows().count(), ui).toBe(timelinePageSize * 3);
    await expect.poll(() => page.evaluate(() => document.activeElement?.querySelector('.timeline__subject')?.textContent ?? 'not a row'), ui).toBe(opened);
    const inView = await page.evaluate(() => {
      const box = document.activeElement?.getBoundingClientRect();
      return box !== undefined && box.top >= 0 && box.bottom <= window.innerHeight;
    });
    expect(inView).toBe(true);
    // Show older goes on from there.
    await detail().getByTestId('timeline-older').click();
    await expect.poll(() => rows().count(), ui).toBe(timelinePageSize * 4);
    expect(pageErrors).toEqual([]);
  });

  it('opens anew from the list on the newest page only', async () => {
    await openWithOlderPages(0);
    expect(await rows().count()).toBe(timelinePageSize);
    expect(pageErrors).toEqual([]);
  });
});
