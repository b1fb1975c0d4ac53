// An account page's related cards past their cap, in Chromium against the real
// headless shell and vault: with 130 contacts on an account the Contacts card
// lists the first 100, its badge says 130 (it said 100), and "Show all" opens
// the Contacts list filtered to that account (130 records, not the other
// account's contact), the filter named in the filter bar ("Account: …") and
// cleared there by its ×. Its Deals card's "Show all" opens the Deals list on
// "All deals" (the card lists won deals too), filtered the same way. Records are written through the page's own (routed)
// IPC socket, as the "New" dialogs would write them.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { focusedTestId, openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { createdId } from './proxied-server';

const password = 'show all the related rows';
const members = 130;

describe('related lists past their cap', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    const accountId = await createdId(route, 'accounts.create', { name: 'Crowded Account' });
    const otherId = await createdId(route, 'accounts.create', { name: 'Quiet Account' });
    for (let index = 1; index <= members; index += 1) {
      await createdId(route, 'contacts.create', { name: `Member ${String(index).padStart(3, '0')}`, accountId });
    }
    await createdId(route, 'contacts.create', { name: 'Another Person', accountId: otherId });
    const deal = { stageId: 'lead', currency: 'EUR', expectedCloseDate: '2027-01-15' };
    for (let index = 1; index <= 100; index += 1) await createdId(route, 'deals.create', { ...deal, name: `Open deal ${String(index)}`, accountId });
    await createdId(route, 'deals.create', { ...deal, name: 'Won deal', stageId: 'won', accountId });
    await createdId(route, 'deals.create', { ...deal, name: 'Other deal', accountId: otherId });
  }, 300_000);

  it('counts all of an account’s contacts and opens them all in the Contacts list, filtered by the account it names', async () => {
    await openSection(page, 'accounts');
    await page.getByTestId('account-table-row').filter({ hasText: 'Crowded Account' }).click();
    const card = page.getByTestId('related-contacts');
    await card.waitFor(ui);
    await expect.poll(() => card.locator('.related-list__item').count(), ui).toBe(100);
    expect(await page.getByTestId('related-contacts-count').textContent()).toBe(`${members}`);
    expect(await card.locator('.related-card__more').textContent()).toBe(`Showing the first 100 of ${members}.`);
    // Under its cap a card has no "Show all": the list it links to would show what it shows.
    expect(await page.getByTestId('related-tasks-all').count()).toBe(0);

    await page.getByTestId('related-contacts-all').click();
    await page.getByTestId('list-contacts').waitFor(ui);
    const chip = page.getByTestId('linked-filter-account');
    await expect.poll(() => chip.textContent(), ui).toBe('Account: Crowded Account');
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe(`${members} records`);
    expect(await page.getByTestId('filter-toggle').textContent()).toBe('1 filter');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Member 001' }).waitFor(ui);
    expect(await page.getByTestId('contact-table-row').filter({ hasText: 'Another Person' }).count()).toBe(0);

    // Its × takes the filter off: every contact again, the focus on Filter beside it.
    await chip.getByTestId('linked-filter-clear').click();
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe(`${members + 1} records`);
    expect(await chip.count()).toBe(0);
    expect(await focusedTestId(page)).toBe('filter-toggle');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Another Person' }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('opens all of an account’s deals, won ones too, on All deals filtered by the account', async () => {
    await openSection(page, 'accounts');
    await page.getByTestId('account-table-row').filter({ hasText: 'Crowded Account' }).click();
    await page.getByTestId('related-deals').waitFor(ui);
    await expect.poll(() => page.getByTestId('related-deals-count').textContent(), ui).toBe('101');
    await page.getByTestId('related-deals-all').click();
    await page.getByTestId('list-deals').waitFor(ui);
    await expect.poll(() => page.getByTestId('linked-filter-account').textContent(), ui).toBe('Account: Crowded Account');
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe('101 records');
    expect(await page.locator('[data-testid="view-bar"] [role="tab"][aria-selected="true"]').textContent()).toBe('All deals');
    expect(await page.getByTestId('deal-table-row').filter({ hasText: 'Other deal' }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
