// A list's saved views are read once per unlocked session (views-cache.tsx),
// in Chromium against the real headless shell and vault: the second open of
// a list asks for its first page at once, its view bar drawn in the first
// frame that shows the list, and does not read the views again; a view made
// default in the session is the one the list opens on next, and after a
// lock and an unlock the list reads its views again before its first page.
// Once the page has been hidden and shown again (the user was on another
// page of the shell, which may have changed the views), a list opened from
// the cache reads its views once, behind its first page, and shows a view
// saved on that other page, and keeps the list as it is when the view it
// shows was deleted there. The page's WebSocket passes through Playwright,
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

  it('opens a list the second time without waiting for its views or reading them again, its view bar shown at once', async () => {
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
    // The first page, for the default view's filters, and no read of the views: the cache holds them.
    expect(opened.indexOf('deals.list')).toBeGreaterThanOrEqual(0);
    expect(opened.filter((called) => called === 'views.list')).toEqual([]);
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
    expect(route.calls.slice(from)).not.toContain('views.list');

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

  it('reads the views again, once and behind the first page, after the page was hidden and shown, and shows a view saved elsewhere', async () => {
    // Another page of the same headless shell, on the same unlocked vault, saves a view of the deals list.
    const other = await app.context.newPage();
    try {
      await other.goto(app.shell.url);
      await openSection(other, 'deals');
      await saveViewAs(other, 'Saved elsewhere');
    } finally {
      await other.close();
    }
    await openSection(page, 'today');
    await route.quiet(page, ui.timeout);
    // This page was hidden while the user was on the other one, and is shown again.
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    let from = route.calls.length;
    await openSection(page, 'deals');
    await page.getByTestId('saved-view').filter({ hasText: 'Saved elsewhere' }).waitFor(ui);
    await route.quiet(page, ui.timeout);
    expect(callsUpToFirstPage(route.calls, from)).not.toContain('views.list');
    expect(route.calls.slice(from).filter((called) => called === 'views.list')).toHaveLength(1);
    // It stays on the view it opened on.
    expect(await page.locator(selectedTab).textContent()).toBe('NegotiationDefault');

    // Read since: the next open reads nothing again.
    await openSection(page, 'today');
    await route.quiet(page, ui.timeout);
    from = route.calls.length;
    await openSection(page, 'deals');
    await page.locator(selectedTab).filter({ hasText: 'Negotiation' }).waitFor(ui);
    await route.quiet(page, ui.timeout);
    expect(route.calls.slice(from)).not.toContain('views.list');
  });

  it('keeps the list as it is, on no saved view, when its view is deleted in another window', async () => {
    await page.getByTestId('saved-view').filter({ hasText: 'Negotiation' }).click();
    await page.locator(selectedTab).filter({ hasText: 'Negotiation' }).waitFor(ui);

    // Another page of the shell deletes the view this one shows.
    const other = await app.context.newPage();
    try {
      await other.goto(app.shell.url);
      await openSection(other, 'deals');
      await other.getByTestId('saved-view').filter({ hasText: 'Negotiation' }).click();
      await other.getByTestId('view-remove').click();
      await other.getByTestId('view-deleted-toast').waitFor(ui);
    } finally {
      await other.close();
    }
    await openSection(page, 'today');
    await route.quiet(page, ui.timeout);
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await openSection(page, 'deals');
    // Opened on the cached default view, then the views read again say it is gone.
    await page.locator(selectedTab).filter({ hasText: 'Open deals' }).waitFor(ui);
    await route.quiet(page, ui.timeout);
    expect(await page.getByTestId('saved-view').filter({ hasText: 'Negotiation' }).count()).toBe(0);
    // Its filters stay, with nothing offered that would write to the deleted view.
    expect(await page.getByTestId('filter-toggle').textContent()).toBe('2 filters');
    expect(await page.getByTestId('view-update').count()).toBe(0);
    expect(await page.getByTestId('view-save').textContent()).toBe('Save view');
  });
});
