// Ctrl+K's hits follow the records while the dialog is open, in Chromium
// against the real headless shell and vault, the page's IPC socket routed
// through Playwright (the test writes records the page does not hear of, then
// says so as a sync would): the same text is asked again after a sync applies
// changes, where the hits stayed as they were until the text changed.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSection, ui } from './crm-steps';
import { call, createdId } from './proxied-server';
import { useInjectingApp } from './injecting-route';

const password = 'search that keeps up on the road';

describe('Ctrl+K after a sync', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('searches the same text again when a sync changes records, showing the hits as they are now', async () => {
    const ines = await createdId(route, 'contacts.create', { name: 'Ines Varga' });
    await openSection(page, 'contacts');
    await page.keyboard.press('Control+k');
    await page.getByTestId('search-input').fill('Varga');
    const titles = () => page.getByTestId('search-hit').allTextContents();
    await expect.poll(async () => (await titles()).map((title) => title.includes('Ines Varga')), ui).toEqual([true]);

    // Another device's changes arrive: one contact more, one gone.
    const paul = await createdId(route, 'contacts.create', { name: 'Paul Varga' });
    await call(route, 'contacts.delete', { id: ines });
    const searches = route.calls.filter((channel) => channel === 'search.query').length;
    route.emit('sync.didApplyChanges', { entities: ['contacts'], ids: { contacts: [ines, paul] } });
    await expect.poll(async () => (await titles()).map((title) => title.includes('Paul Varga')), ui).toEqual([true]);
    expect(route.calls.filter((channel) => channel === 'search.query').length).toBe(searches + 1);
    expect(await page.getByTestId('search-input').inputValue()).toBe('Varga');
    expect(pageErrors).toEqual([]);
  });
});
