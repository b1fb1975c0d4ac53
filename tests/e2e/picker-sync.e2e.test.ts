// A record picker's matches follow the records while its list is open, in
// Chromium against the real headless shell and vault, the page's IPC socket
// routed through Playwright (which holds answers back, lets the test write
// records the page does not hear of and then say so as a sync would): the
// same text is asked again when records change, where the matches stayed
// until the text changed, and an answer asked for before the change teaches
// the name cache nothing (a deal's Account cell showed the old name after).
// An Enter pressed while the matches are asked again does not fall on the
// first match when the option moved to is gone (or keeps "Create account"
// marked while it is still offered).
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

  const marked = () => page.locator('[data-testid^="refpicker-"][aria-selected="true"]');

  it('picks nothing with an Enter that waited for matches without the option moved to', async () => {
    const ids = new Map<string, string>();
    for (const name of ['Quill Alpha', 'Quill Beta']) ids.set(name, await createdId(route, 'accounts.create', { name }));
    await newContact();
    const picker = page.getByTestId('field-accountId');
    await picker.fill('Quill');
    await expect.poll(() => page.getByTestId('refpicker-option').count(), ui).toBe(2);
    await picker.press('ArrowDown');
    await expect.poll(() => marked().count(), ui).toBe(1);
    const chosen = ((await marked().textContent()) ?? '').trim();
    const other = chosen === 'Quill Alpha' ? 'Quill Beta' : 'Quill Alpha';
    const goneId = ids.get(chosen) ?? '';
    expect(goneId).not.toBe('');

    // The answer to the same text asked again is held; the option moved to is trashed meanwhile and Enter pressed.
    route.holding.add('search.query');
    await call(route, 'accounts.delete', { id: goneId });
    route.emit('sync.didApplyChanges', { entities: ['accounts'], ids: { accounts: [goneId] } });
    await expect.poll(() => route.held, ui).toBe(1);
    await picker.press('Enter');
    route.release();
    await expect.poll(() => option(chosen).count(), ui).toBe(0);
    await option(other).waitFor(ui);
    // The Enter was for the record gone: nothing linked, nothing marked, the text kept.
    await page.waitForTimeout(300);
    expect(await picker.inputValue()).toBe('Quill');
    expect(await marked().count()).toBe(0);
    expect(await picker.getAttribute('aria-activedescendant')).toBeNull();
    expect(pageErrors).toEqual([]);
  });

  it('creates the account with an Enter that waited while "Create account" stays offered', async () => {
    await createdId(route, 'accounts.create', { name: 'Wren Docks' });
    await newContact();
    const picker = page.getByTestId('field-accountId');
    await picker.fill('Wren');
    await option('Wren Docks').waitFor(ui);
    await page.getByTestId('refpicker-create').waitFor(ui);
    await picker.press('ArrowDown');
    await expect.poll(() => page.getByTestId('refpicker-create').getAttribute('aria-selected'), ui).toBe('true');

    // Another account matching the text lands by a sync while the answer is held: the create option moves down, still marked.
    route.holding.add('search.query');
    const added = await createdId(route, 'accounts.create', { name: 'Wren Lofts' });
    route.emit('sync.didApplyChanges', { entities: ['accounts'], ids: { accounts: [added] } });
    await expect.poll(() => route.held, ui).toBe(1);
    const creates = () => route.calls.filter((channel) => channel === 'accounts.create').length;
    const created = creates();
    await picker.press('Enter');
    route.release();
    await expect.poll(creates, ui).toBe(created + 1);
    await expect.poll(() => picker.inputValue(), ui).toBe('Wren');
    await page.getByTestId('refpicker-created').filter({ hasText: 'Wren' }).waitFor({ state: 'attached', timeout: ui.timeout });
    expect(pageErrors).toEqual([]);
  });
});
