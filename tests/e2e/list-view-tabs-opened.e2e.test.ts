// The deals list's tabs and filters when it was opened from elsewhere, in
// Chromium against the real headless shell and vault. The linked-record chip's
// × ("Account: Acme" from a record's "Show all") closes an open filter panel:
// its Apply wrote back the draft copied when it opened, the account filter
// with it. Back to a list whose saved view was deleted since shows the list as
// it was left on no saved view: it offered Update, Rename, Make default and
// Delete on the view, each refused. In the trash a saved view offers no
// Update (it saved the view as the trash, filters gone). A built-in tab marked
// selected by a board column's "N more" or a record's "Show all" shows what
// it holds when clicked: the click did nothing. Filters and a sort set by hand
// on a selected built-in tab stay when it is clicked again (they were thrown
// away with no word and no Undo); a sort by hand keeps the sort only, and
// the stage a board column opened the list on goes (the click did nothing).
// Records are written through
// the page's own (routed) IPC socket, as the "New" dialogs would write them.
import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openBoard, openSection, saveViewAs, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { createdId } from './proxied-server';

const password = 'tabs of a list opened from elsewhere';
/** Acme's deals: 100 in Lead and one won (past the related card's cap, so it offers "Show all"). */
const acmeOpen = 100;
const allDeals = acmeOpen + 3;
const openDeals = acmeOpen + 1;

describe('the deals list opened from a record, a board column or Back', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1440, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;
  const selectedTab = () => page.locator('[data-testid="view-bar"] [role="tab"][aria-selected="true"]');
  const count = () => page.getByTestId('list-count').textContent();
  const chip = () => page.getByTestId('linked-filter-account');

  beforeAll(async () => {
    ({ page } = app);
    const acme = await createdId(route, 'accounts.create', { name: 'Acme' });
    const zenith = await createdId(route, 'accounts.create', { name: 'Zenith' });
    const deal = { currency: 'EUR', expectedCloseDate: '2027-01-15' };
    for (let index = 1; index <= acmeOpen; index += 1) await createdId(route, 'deals.create', { ...deal, name: `Acme lead ${String(index).padStart(3, '0')}`, stageId: 'lead', accountId: acme });
    await createdId(route, 'deals.create', { ...deal, name: 'Acme won', stageId: 'won', accountId: acme });
    await createdId(route, 'deals.create', { ...deal, name: 'Zenith proposal', stageId: 'proposal', accountId: zenith });
    await createdId(route, 'deals.create', { ...deal, name: 'Zenith lost', stageId: 'lost', accountId: zenith });
  }, 300_000);

  // A toast left by the case before may lie over the bar's buttons.
  beforeEach(async () => {
    await expect.poll(() => page.locator('.toast').count(), ui).toBe(0);
  }, 60_000);

  async function showAllOfAcme(): Promise<void> {
    await openSection(page, 'accounts');
    await page.getByTestId('account-table-row').filter({ hasText: 'Acme' }).click();
    await page.getByTestId('related-deals-all').click();
    await page.getByTestId('list-deals').waitFor(ui);
    await expect.poll(() => chip().textContent(), ui).toBe('Account: Acme');
    await expect.poll(count, ui).toBe(`${acmeOpen + 1} records`);
  }

  it('takes the account filter off for good when its chip’s × is pressed with the filter panel open', async () => {
    await showAllOfAcme();
    const toggle = page.getByTestId('filter-toggle');
    await toggle.click();
    await page.getByTestId('filter-panel').waitFor(ui);
    await chip().getByTestId('linked-filter-clear').click();
    await expect.poll(() => chip().count(), ui).toBe(0);
    // Owner = Me, from the panel (opened again if the × closed it), applied.
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    await page.locator('#filter-owner').selectOption({ label: 'Me' });
    await page.getByTestId('filter-apply').click();
    await page.getByTestId('filter-panel').waitFor({ state: 'detached', ...ui });
    // Every deal here is the user's: all of them, Zenith's too, and no account filter back.
    await expect.poll(count, ui).toBe(`${allDeals} records`);
    expect(await chip().count()).toBe(0);
    expect(await toggle.textContent()).toBe('1 filter');
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('shows what a built-in tab holds when it is clicked, selected by a record’s "Show all" or a board column’s "N more"', async () => {
    await showAllOfAcme();
    expect(await selectedTab().textContent()).toBe('All deals');
    await page.getByTestId('view-builtin-all').click();
    await expect.poll(count, ui).toBe(`${allDeals} records`);
    expect(await chip().count()).toBe(0);
    expect(await selectedTab().textContent()).toBe('All deals');

    await openBoard(page, ['lead']);
    const more = page.getByTestId('column-lead').getByTestId('column-more');
    await more.click();
    await page.getByTestId('list-deals').waitFor(ui);
    await expect.poll(count, ui).toBe(`${acmeOpen} records`);
    expect(await selectedTab().getAttribute('data-testid')).toBe('view-default');
    await page.getByTestId('view-default').click();
    // Every open deal, not Lead's alone.
    await expect.poll(count, ui).toBe(`${openDeals} records`);
    expect(await selectedTab().getAttribute('data-testid')).toBe('view-default');
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('keeps the filters and the sort set by hand when the selected built-in tab is clicked again', async () => {
    // From another section, so the deals list opens anew, on its default tab.
    await openSection(page, 'accounts');
    await openSection(page, 'deals');
    await page.getByTestId('view-builtin-all').click();
    await expect.poll(count, ui).toBe(`${allDeals} records`);
    const toggle = page.getByTestId('filter-toggle');
    await toggle.click();
    await page.getByTestId('filter-stageKind-won').click();
    await page.getByTestId('filter-apply').click();
    await page.getByTestId('filter-panel').waitFor({ state: 'detached', ...ui });
    await expect.poll(count, ui).toBe('1 record');
    await page.getByTestId('view-builtin-all').click();
    await page.waitForTimeout(1_000);
    expect(await count()).toBe('1 record');
    expect(await toggle.textContent()).toBe('1 filter');
    expect(await selectedTab().textContent()).toBe('All deals');
    // Back from a deal opened there, the filter is still the user's own.
    await page.getByTestId('deal-table-row').filter({ hasText: 'Acme won' }).click();
    await page.getByTestId('deal-detail').waitFor(ui);
    await page.goBack();
    await page.getByTestId('deal-table').waitFor(ui);
    await expect.poll(count, ui).toBe('1 record');
    await page.getByTestId('view-builtin-all').click();
    await page.waitForTimeout(1_000);
    expect(await count()).toBe('1 record');

    // The default tab chosen: its filters; sorted by name by hand, a click on it keeps the sort.
    await page.getByTestId('view-default').click();
    await expect.poll(count, ui).toBe(`${openDeals} records`);
    const byName = page.getByTestId('sort-name');
    await byName.click();
    await expect.poll(() => byName.getAttribute('class'), ui).toBe('vtable__sort vtable__sort--active');
    await page.getByTestId('view-default').click();
    await page.waitForTimeout(1_000);
    expect(await byName.getAttribute('class')).toBe('vtable__sort vtable__sort--active');
    expect(await count()).toBe(`${openDeals} records`);
    expect(pageErrors).toEqual([]);
    // The next case opens the list anew.
    await openSection(page, 'accounts');
  }, 240_000);

  it('clears the stage a board column opened the list on when its tab is clicked after a sort by hand, keeping the sort', async () => {
    await openBoard(page, ['lead']);
    await page.getByTestId('column-lead').getByTestId('column-more').click();
    await page.getByTestId('list-deals').waitFor(ui);
    await expect.poll(count, ui).toBe(`${acmeOpen} records`);
    const byAmount = page.getByTestId('sort-amount');
    await byAmount.click();
    await expect.poll(() => byAmount.getAttribute('class'), ui).toBe('vtable__sort vtable__sort--active');
    await page.getByTestId('view-default').click();
    // Every open deal, not Lead's alone, still sorted by amount.
    await expect.poll(count, ui).toBe(`${openDeals} records`);
    expect(await byAmount.getAttribute('class')).toBe('vtable__sort vtable__sort--active');
    expect(await selectedTab().getAttribute('data-testid')).toBe('view-default');
    expect(pageErrors).toEqual([]);
    await openSection(page, 'accounts');
  }, 240_000);

  it('offers no Update of a saved view in the trash', async () => {
    await openSection(page, 'deals');
    await page.getByTestId('sort-name').click();
    await page.locator('[aria-sort="ascending"]').waitFor(ui);
    await saveViewAs(page, 'By name');
    await page.getByTestId('trash-toggle').click();
    await expect.poll(() => page.getByTestId('trash-toggle').getAttribute('aria-pressed'), ui).toBe('true');
    await page.getByTestId('view-rename').waitFor(ui);
    expect(await page.getByTestId('view-update').count()).toBe(0);
    // Back from the trash, the list is the view again: nothing to update either.
    await page.getByTestId('trash-toggle').click();
    await expect.poll(() => page.getByTestId('trash-toggle').getAttribute('aria-pressed'), ui).toBe('false');
    expect(await page.getByTestId('view-update').count()).toBe(0);
    await page.getByTestId('view-remove').click();
    await page.getByTestId('saved-view').filter({ hasText: 'By name' }).waitFor({ state: 'detached', ...ui });
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('comes back to a list whose saved view was deleted since on no saved view, as it was left', async () => {
    // From another section, so the deals list opens anew (on the records, whatever a case before left).
    await openSection(page, 'accounts');
    await openSection(page, 'deals');
    await page.getByTestId('sort-name').click();
    await page.locator('[aria-sort="ascending"]').waitFor(ui);
    await saveViewAs(page, 'Stalled');
    await page.getByTestId('deal-table-row').filter({ hasText: 'Acme lead 001' }).click();
    await page.getByTestId('deal-detail').waitFor(ui);
    // The list anew from the side navigation, there the view is deleted.
    await openSection(page, 'deals');
    await page.getByTestId('saved-view').filter({ hasText: 'Stalled' }).click();
    await page.getByTestId('view-remove').click();
    await page.getByTestId('saved-view').filter({ hasText: 'Stalled' }).waitFor({ state: 'detached', ...ui });

    await page.goBack();
    await page.getByTestId('deal-detail').waitFor(ui);
    await page.goBack();
    await page.getByTestId('deal-table').waitFor(ui);
    await expect.poll(() => page.getByTestId('view-save').textContent(), ui).toBe('Save view');
    expect(await page.getByTestId('view-remove').count()).toBe(0);
    expect(await page.getByTestId('view-update').count()).toBe(0);
    // The list as it was left (sorted by name), on the default tab, which labels the panel.
    expect(await page.locator('[aria-sort="ascending"]').count()).toBe(1);
    expect(await selectedTab().getAttribute('data-testid')).toBe('view-default');
    const labelledBy = await page.locator('.list-panel').getAttribute('aria-labelledby');
    expect(await page.locator(`[id="${labelledBy ?? ''}"]`).getAttribute('data-testid')).toBe('view-default');
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
