// A timeline of more than one page, in Chromium against the real headless
// shell and vault: a contact with 60 activities (one page of 50 and "Show
// older") has "View all in Activities", which opens the Activities list
// filtered to that contact (its 60 activities, not another contact's), the
// filter named in the filter bar ("Contact: …") and cleared there by its ×.
// Before, the rest of a long timeline was reachable only 50 at a time. A
// timeline of one page has no such link. Records are written through the
// page's own (routed) IPC socket, as the "New" dialogs would write them.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { timelinePageSize } from '../../src-shared/domain/details';
import { focusedTestId, openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { createdId } from './proxied-server';

const password = 'every call of a busy contact';
const visits = 60;
const subjectOf = (n: number) => `Visit ${String(n).padStart(3, '0')}`;

describe('a long timeline’s View all in Activities', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    const contactId = await createdId(route, 'contacts.create', { name: 'Busy Buyer' });
    const otherId = await createdId(route, 'contacts.create', { name: 'Quiet Buyer' });
    // Newest first: Visit 000 is the newest of the busy contact's; the other contact's call is newer still.
    for (let n = 0; n < visits; n += 1) await createdId(route, 'activities.create', { kind: 'meeting', subject: subjectOf(n), occurredAt: 1_780_000_000_000 - n * 60_000, contactId });
    await createdId(route, 'activities.create', { kind: 'call', subject: 'Quiet call', occurredAt: 1_780_000_600_000, contactId: otherId });
  }, 300_000);

  it('opens the Activities list filtered to the contact, named in a chip that × clears', async () => {
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Busy Buyer' }).click();
    const detail = page.getByTestId('contact-detail');
    await expect.poll(() => detail.getByTestId('timeline-item').count(), ui).toBe(timelinePageSize);
    await detail.getByTestId('timeline-all').click();

    await page.getByTestId('list-activities').waitFor(ui);
    const chip = page.getByTestId('linked-filter-contact');
    await expect.poll(() => chip.textContent(), ui).toBe('Contact: Busy Buyer');
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe(`${visits} records`);
    expect(await page.getByTestId('filter-toggle').textContent()).toBe('1 filter');
    await page.getByTestId('activity-table-row').filter({ hasText: subjectOf(0) }).waitFor(ui);
    expect(await page.getByTestId('activity-table-row').filter({ hasText: 'Quiet call' }).count()).toBe(0);

    // Its × takes the filter off: every activity again, the focus on Filter beside it.
    await chip.getByTestId('linked-filter-clear').click();
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe(`${visits + 1} records`);
    expect(await chip.count()).toBe(0);
    expect(await focusedTestId(page)).toBe('filter-toggle');
    await page.getByTestId('activity-table-row').filter({ hasText: 'Quiet call' }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('has no View all on a timeline of one page', async () => {
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Quiet Buyer' }).click();
    const detail = page.getByTestId('contact-detail');
    await expect.poll(() => detail.getByTestId('timeline-item').count(), ui).toBe(1);
    expect(await detail.getByTestId('timeline-all').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
