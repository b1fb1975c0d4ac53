// The pipeline board and the forecast reading the vault again, in Chromium
// against the real headless shell and vault. A column whose deals could not
// be read says so, and not that it is empty ("Drop deals here") nor that its
// deals are in the list view ("1 more in the list view"): before, a failed
// column held no deals and read as a loaded one. An amount edited on a deal's
// page and put back by the Undo of its toast, pressed once the user is on the
// board or the forecast, shows there: before, they read the vault again only
// after a sync, and went on showing the amount the Undo took away.
// Records are made through the page's own (routed) IPC socket.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { createdId } from './proxied-server';

const password = 'the board reads again';

/** The 15th of next month: inside the forecast's first range (this month and the five after it). */
function nextMonthDay(): string {
  const now = new Date();
  const next = new Date(now.getFullYear(), now.getMonth() + 1, 15);
  return `${String(next.getFullYear())}-${String(next.getMonth() + 1).padStart(2, '0')}-15`;
}

describe('the board and the forecast reading the vault again', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1440, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    await createdId(route, 'deals.create', { name: 'Pier floodlights', stageId: 'lead', currency: 'EUR', amount: 250_000, expectedCloseDate: nextMonthDay() });
  }, 120_000);

  const column = (stage: string) => page.getByTestId(`column-${stage}`);

  it('shows a column whose deals could not be read as failed, not as empty nor as having more deals in the list view', async () => {
    await openSection(page, 'deals');
    await page.getByTestId('deal-table-row').filter({ hasText: 'Pier floodlights' }).waitFor(ui);
    route.failing.set('deals.list', { code: 'BUSY', message: 'The vault is busy. Try again in a moment.' });
    await page.getByTestId('deals-view-board').click();
    // Lead holds one deal (its count says 1), Qualified none: both failed.
    for (const stage of ['lead', 'qualified']) await column(stage).getByTestId('column-failed').waitFor(ui);
    expect(await column('lead').getByTestId('column-count').textContent()).toBe('1');
    for (const stage of ['lead', 'qualified']) {
      expect(await column(stage).locator('.board-column__empty').count()).toBe(0);
      expect(await column(stage).locator('.board-column__more').count()).toBe(0);
    }

    // Read again once the vault answers: the card, and the empty column's line.
    route.release();
    await column('lead').getByTestId('column-failed').getByRole('button').click();
    await column('lead').getByTestId('deal-card').filter({ hasText: 'Pier floodlights' }).waitFor(ui);
    await column('qualified').locator('.board-column__empty').filter({ hasText: 'Drop deals here' }).waitFor(ui);
    expect(await column('lead').getByTestId('column-failed').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  /** Changes the deal's amount inline on its page; returns the toast whose Undo puts it back. */
  async function editAmount(amount: string): Promise<ReturnType<Page['getByTestId']>> {
    await openSection(page, 'today');
    await openSection(page, 'deals');
    await page.getByTestId('deals-view-list').click();
    await page.getByTestId('deal-table-row').filter({ hasText: 'Pier floodlights' }).click();
    await page.getByTestId('inline-amount-edit').click();
    await page.getByTestId('inline-amount-input').fill(amount);
    await page.keyboard.press('Enter');
    const toast = page.getByTestId('saved-field-toast');
    await toast.waitFor(ui);
    return toast;
  }

  it('shows the amount from before on the board when an inline edit of it is undone there', async () => {
    const toast = await editAmount('4000');
    await openSection(page, 'deals');
    await page.getByTestId('deals-view-board').click();
    const card = column('lead').getByTestId('deal-card').filter({ hasText: 'Pier floodlights' });
    await card.filter({ hasText: '€4,000.00' }).waitFor(ui);
    await toast.getByTestId('saved-field-toast-action').click();
    await page.getByTestId('restored-field-toast').waitFor(ui);
    await card.filter({ hasText: '€2,500.00' }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('shows the amount from before in the forecast when an inline edit of it is undone there', async () => {
    const toast = await editAmount('6000');
    await openSection(page, 'deals');
    await page.getByTestId('deals-view-forecast').click();
    const total = page.getByTestId('forecast').getByTestId('forecast-total');
    await total.filter({ hasText: '6,000' }).waitFor(ui);
    await toast.getByTestId('saved-field-toast-action').click();
    await page.getByTestId('restored-field-toast').waitFor(ui);
    await total.filter({ hasText: '2,500' }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });
});
