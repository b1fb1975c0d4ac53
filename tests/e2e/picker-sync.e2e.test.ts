// A record picker's matches follow the records while its list is open, in
// Chromium against the real headless shell and vault, the page's IPC socket
// routed through Playwright (which holds answers back, lets the test write
// records the page does not hear of and then say so as a sync would): the
// same text is asked again when records change, where the matches stayed
// until the text changed, and an answer asked for before the change teaches
// the name cache nothing (a deal's Account cell showed the old name after).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { closeDialogs, openSection, ui } from './crm-steps';
import { call, createdId } from './proxied-server';
import { useInjectingApp } from './injecting-route';

const password = 'pickers that keep up with a sync';

describe('a record picker over a sync', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  const searches = () => route.calls.filter((channel) => channel === 'search.query').length;
  const option = (name: string) => page.getByTestId('refpicker-option').filter({ hasText: name });

  async function newContact(): Promise<void> {
    await closeDialogs(page);
    await page.locator('.toast').first().waitFor({ state: 'detached', timeout: ui.timeout });
    await openSection(page, 'contacts');
    await page.getByTestId('list-new').click();
    await page.getByTestId('new-contact').getByTestId('field-name').fill('Cora Vance');
  }

  it('drops an account trashed elsewhere from the open list, the text kept', async () => {
    const elm = await createdId(route, 'accounts.create', { name: 'Elm Forge' });
    await newContact();
    const picker = page.getByTestId('field-accountId');
    await picker.fill('Elm');
    await option('Elm Forge').waitFor(ui);

    const asked = searches();
    await call(route, 'accounts.delete', { id: elm });
    route.emit('sync.didApplyChanges', { entities: ['accounts'], ids: { accounts: [elm] } });
    await expect.poll(() => option('Elm Forge').count(), ui).toBe(0);
    expect(searches()).toBe(asked + 1);
    expect(await picker.inputValue()).toBe('Elm');
    expect(pageErrors).toEqual([]);
  });

  it('shows the matches as they are after a sync that landed while the answer was on its way, and does not learn the old name', async () => {
    const alder = await createdId(route, 'accounts.create', { name: 'Alder Mills' });
    await createdId(route, 'deals.create', { name: 'Quay lights', accountId: alder, stageId: 'lead', currency: 'EUR', amount: 2_000, expectedCloseDate: '2027-01-10' });
    await newContact();
    const picker = page.getByTestId('field-accountId');
    await picker.fill('Alder');
    await option('Alder Mills').waitFor(ui);

    // The answer to "Alder M" (naming Alder Mills) is held; meanwhile a sync renames the account out of the matches.
    route.holding.add('search.query');
    const asked = searches();
    await picker.fill('Alder M');
    await expect.poll(() => route.held, ui).toBe(1);
    await call(route, 'accounts.update', { id: alder, patch: { name: 'Birch Yard' } });
    route.emit('sync.didApplyChanges', { entities: ['accounts'], ids: { accounts: [alder] } });
    // Both answers are let through once the one asked for after the sync is on its way too (it is asked after the debounce).
    await page.waitForTimeout(400);
    route.release();
    await page.getByTestId('refpicker-create').waitFor(ui);
    await expect.poll(() => option('Alder Mills').count(), ui).toBe(0);
    expect(searches()).toBe(asked + 2);
    expect(await picker.inputValue()).toBe('Alder M');

    // The deal's Account cell reads the name again: the late answer did not put the old one back in the cache.
    await closeDialogs(page);
    await openSection(page, 'deals');
    const row = page.getByTestId('deal-table-row').filter({ hasText: 'Quay lights' });
    await row.waitFor(ui);
    await expect.poll(() => row.textContent(), ui).toContain('Birch Yard');
    expect(await row.textContent()).not.toContain('Alder Mills');
    expect(pageErrors).toEqual([]);
  });
});
