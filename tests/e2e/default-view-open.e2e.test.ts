// A list opens straight on its default saved view, in Chromium against the
// real headless shell and vault: from the sidebar, the deals list whose
// default view filters to one stage asks the vault for one page only (the
// view's, none for its first built-in tab "Open deals"), and no frame shows
// "Open deals" selected on the way. A list without views opens on its first
// tab with one page query too. The page's WebSocket passes through
// Playwright, which records the channels the page calls.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSection, saveViewAs, ui } from './crm-steps';
import { watchFrames } from './first-frames';
import { useRoutedApp } from './ipc-route';

const password = 'straight to the default view';
const selectedTab = '[data-testid="view-bar"] [role="tab"][aria-selected="true"]';

describe('opening a list on its default view', () => {
  const { route, app } = useRoutedApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  let page: Page;

  /** Opens `section` from Today: the selected tab's text in each frame on the way, and the page queries of `channel`. */
  async function openFromToday(section: 'deals' | 'contacts', channel: string): Promise<{ tabs: (string | null)[]; pages: number }> {
    await openSection(page, 'today');
    await route.quiet(page, ui.timeout);
    const from = route.calls.length;
    const stop = await watchFrames(page, selectedTab);
    await openSection(page, section);
    await page.locator(selectedTab).waitFor(ui);
    await route.quiet(page, ui.timeout);
    const frames = await stop();
    return { tabs: frames.map((frame) => frame.text), pages: route.calls.slice(from).filter((called) => called === channel).length };
  }

  beforeAll(async () => {
    ({ page } = app);
    // "Proposals": the open deals at the proposal stage ("Open deals" and one stage: two filters), made the list’s default.
    await openSection(page, 'deals');
    await page.getByTestId('filter-toggle').click();
    await page.getByTestId('filter-stage-proposal').click();
    await page.getByTestId('filter-apply').click();
    await saveViewAs(page, 'Proposals');
    await page.getByTestId('view-make-default').click();
    await page.getByTestId('view-default-mark').waitFor(ui);
  });

  it('asks for the default view’s page only, and never shows the first tab selected', async () => {
    const opened = await openFromToday('deals', 'deals.list');
    expect(opened.tabs).toEqual([null, 'ProposalsDefault']);
    expect(opened.pages).toBe(1);
    expect(await page.getByTestId('filter-toggle').textContent()).toBe('2 filters');
  });

  it('opens a list without views on its first tab with one page query', async () => {
    const opened = await openFromToday('contacts', 'contacts.list');
    expect(opened.tabs).toEqual([null, 'All']);
    expect(opened.pages).toBe(1);
  });
});
