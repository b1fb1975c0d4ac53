// A list's saved views are read once per unlocked session (views-cache.tsx),
// in Chromium against the real headless shell and vault: the second open of
// a list asks for its first page at once, its view bar drawn in the first
// frame that shows the list, while the views are read again only behind
// that page; a view made default in the session is the one the list opens
// on next, and after a lock and an unlock the list reads its views again
// before its first page. The page's WebSocket passes through Playwright,
// which records the channels the page calls and holds answers back.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { lockVault, openSection, saveViewAs, ui, unlock } from './crm-steps';
import { watchFrames } from './first-frames';
import { useRoutedApp } from './ipc-route';

const password = 'views read once a session';
const selectedTab = '[data-testid="view-bar"] [role="tab"][aria-selected="true"]';

/** Saves the open deals at `stage` as view `name`, and makes it the deals list's default. */
async function saveDefaultView(page: Page, stage: string, name: string): Promise<void> {
  await page.getByTestId('view-default').click();
  await page.getByTestId('filter-toggle').click();
  await page.getByTestId(`filter-stage-${stage}`).click();
  await page.getByTestId('filter-apply').click();
  await saveViewAs(page, name);
  await page.getByTestId('view-make-default').click();
  await page.getByTestId('saved-view').filter({ hasText: name }).getByTestId('view-default-mark').waitFor(ui);
}

/** The channels called from `from` on, up to the first page query of the deals list (that one included). */
function callsUpToFirstPage(calls: readonly string[], from: number): string[] {
  const after = calls.slice(from);
  return after.slice(0, after.indexOf('deals.list') + 1);
}

describe('saved views read once a session', () => {
  const { route, app } = useRoutedApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    await openSection(page, 'deals');
    await saveDefaultView(page, 'proposal', 'Proposals');
  });

  it('opens a list the second time without waiting for its views, its view bar shown at once', async () => {
    await openSection(page, 'today');
    await route.quiet(page, ui.timeout);
    const from = route.calls.length;
    // Views answered late: a list that waits for them shows no view bar until they come.
    route.holding.add('views.list');
    let shown: string[];
    try {
      const stop = await watchFrames(page, '[data-testid="list-deals"]');
      await openSection(page, 'deals');
      await page.locator(selectedTab).filter({ hasText: 'Proposals' }).waitFor(ui);
      // Everything but the held views read answered: the first page is in.
      await route.quiet(page, ui.timeout);
      shown = (await stop()).flatMap((frame) => (frame.text === null ? [] : [frame.text]));
    } finally {
      route.release();
    }
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.filter((text) => !text.includes('ProposalsDefault'))).toEqual([]);
    await route.quiet(page, ui.timeout);
    const opened = route.calls.slice(from);
    // The first page first, for the default view's filters, then the views read again behind it.
    expect(callsUpToFirstPage(route.calls, from)).not.toContain('views.list');
    expect(opened.indexOf('deals.list')).toBeGreaterThanOrEqual(0);
    expect(opened.filter((called) => called === 'views.list')).toHaveLength(1);
    expect(await page.getByTestId('filter-toggle').textContent()).toBe('2 filters');
  });

  it('opens on the view made default in the session, and reads the views again after a lock', async () => {
    await saveDefaultView(page, 'negotiation', 'Negotiation');
    await openSection(page, 'today');
    await route.quiet(page, ui.timeout);
    let from = route.calls.length;
    await openSection(page, 'deals');
    await page.locator(selectedTab).filter({ hasText: 'Negotiation' }).waitFor(ui);
    await route.quiet(page, ui.timeout);
    expect(callsUpToFirstPage(route.calls, from)).not.toContain('views.list');
    expect(await page.locator(selectedTab).textContent()).toBe('NegotiationDefault');

    await lockVault(page);
    from = route.calls.length;
    // The unlocked workspace returns to the deals list: a new session, whose cache holds nothing yet.
    await unlock(page, password);
    await page.locator(selectedTab).filter({ hasText: 'Negotiation' }).waitFor(ui);
    await route.quiet(page, ui.timeout);
    const upToPage = callsUpToFirstPage(route.calls, from);
    expect(upToPage).toContain('views.list');
    expect(upToPage.at(-1)).toBe('deals.list');
    expect(route.calls.slice(from).filter((called) => called === 'views.list')).toHaveLength(1);
    expect(await page.locator(selectedTab).textContent()).toBe('NegotiationDefault');
  });
});
