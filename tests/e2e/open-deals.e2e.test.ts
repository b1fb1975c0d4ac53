// The Deals list as a rep opens it, in Chromium against the real headless
// shell and vault: it opens on "Open deals" (deals in open stages, closing
// soonest first), so months-old won and lost deals that close earlier are not
// listed; "All deals" shows them too. The header counts the whole list, not
// the first page ("130 records", not "100+ records"), and the first page
// shows without waiting for that count. Deals are written through the page's
// own (routed) IPC socket, as the New deal dialog would write them.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { setLanguage } from './layout-steps';

const password = 'open deals come first';
const openDeals = 130;
const closedDeals = 20;

/** Each listed row's stage, as its badge reads. */
function listedStages(page: Page): Promise<string[]> {
  return page.getByTestId('deal-table-row').getByTestId('stage-badge').allTextContents();
}

describe('the Deals list opens on the open pipeline', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    const create = async (name: string, stageId: string, expectedCloseDate: string) =>
      expect(await route.invoke('deals.create', { name, stageId, currency: 'EUR', expectedCloseDate })).toMatchObject({ ok: true });
    // Won and lost deals of last year close before every open one: sorted by close date alone, they came first.
    for (let index = 0; index < closedDeals; index += 1) {
      await create(`Closed deal ${index}`, index % 2 === 0 ? 'won' : 'lost', `2025-0${1 + (index % 9)}-1${index % 10}`);
    }
    const open = ['lead', 'qualified', 'proposal', 'negotiation'];
    for (let index = 0; index < openDeals; index += 1) {
      await create(`Open deal ${String(index).padStart(3, '0')}`, open[index % open.length] ?? 'lead', `2026-${String(1 + (index % 12)).padStart(2, '0')}-15`);
    }
  }, 120_000);

  it('lists open deals only under "Open deals", with the whole count, and every deal under "All deals"', async () => {
    // The count is held back: the first page must show without it.
    route.holding.add('deals.count');
    await openSection(page, 'deals');
    const defaultTab = page.getByTestId('view-default');
    expect(await defaultTab.textContent()).toBe('Open deals');
    expect(await defaultTab.getAttribute('aria-selected')).toBe('true');
    await page.getByTestId('deal-table-row').first().waitFor(ui);
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe('100+ records');
    const stages = await listedStages(page);
    expect(stages.length).toBeGreaterThan(5);
    expect(stages.filter((stage) => stage === 'Won' || stage === 'Lost')).toEqual([]);
    expect(await page.getByTestId('deal-table-row').filter({ hasText: 'Closed deal' }).count()).toBe(0);
    // The page asked for its rows before the count, and the count waited on its own.
    expect(route.calls.indexOf('deals.list')).toBeLessThan(route.calls.indexOf('deals.count'));
    expect(route.held).toBeGreaterThan(0);
    route.release();
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe(`${openDeals} records`);
    // A screen reader hears the whole count, not the first page's "100+".
    await expect.poll(() => page.getByTestId('list-announcement').textContent(), ui).toBe(`${openDeals} deals`);
    // Its filter is the Outcome filter, shown and changeable like any other.
    expect(await page.getByTestId('filter-toggle').textContent()).toBe('1 filter');

    await page.getByTestId('view-builtin-all').click();
    expect(await page.getByTestId('view-builtin-all').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe(`${openDeals + closedDeals} records`);
    // Sorted by close date, last year's won and lost deals come first here.
    await expect.poll(async () => (await listedStages(page)).slice(0, 3).every((stage) => stage === 'Won' || stage === 'Lost'), ui).toBe(true);
    expect(await page.getByTestId('filter-toggle').textContent()).toBe('Filter');

    await page.getByTestId('view-default').click();
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe(`${openDeals} records`);
    expect(pageErrors).toEqual([]);
  });

  it('clears the filters back to "Open deals" own, not to none, from the list and from the filter panel', async () => {
    await openSection(page, 'deals');
    await page.getByTestId('view-default').click();
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe(`${openDeals} records`);
    const toggle = page.getByTestId('filter-toggle');
    // Nothing set by hand: the tab's own filter is no filter to clear.
    expect(await page.getByTestId('filter-clear').count()).toBe(0);
    const addWon = async () => {
      await toggle.click();
      await page.getByTestId('filter-stageKind-won').click();
      await page.getByTestId('filter-apply').click();
      await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe(`${openDeals + closedDeals / 2} records`);
    };
    await addWon();
    await page.getByTestId('filter-clear').click();
    // Before, the filters were emptied: won and lost deals came first under "Open deals".
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe(`${openDeals} records`);
    expect(await toggle.textContent()).toBe('1 filter');
    expect((await listedStages(page)).filter((stage) => stage === 'Won' || stage === 'Lost')).toEqual([]);
    expect(await page.getByTestId('filter-clear').count()).toBe(0);
    // The tab clicked again shows what it showed: the filters it holds.
    await page.getByTestId('view-default').click();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    expect(await page.getByTestId('list-count').textContent()).toBe(`${openDeals} records`);
    expect(await toggle.textContent()).toBe('1 filter');

    // The panel's Clear: its draft goes back to the open stages too.
    await addWon();
    await toggle.click();
    await page.getByTestId('filter-panel').getByRole('button', { name: 'Clear filters' }).click();
    expect(await page.getByTestId('filter-stageKind-open').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('filter-stageKind-won').getAttribute('aria-pressed')).toBe('false');
    await page.getByTestId('filter-apply').click();
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe(`${openDeals} records`);
    expect((await listedStages(page)).filter((stage) => stage === 'Won' || stage === 'Lost')).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('names the views and says the count in Chinese too', async () => {
    await setLanguage(page, 'zh-CN');
    await openSection(page, 'deals');
    await expect.poll(() => page.getByTestId('view-default').textContent(), ui).toBe('进行中的商机');
    expect(await page.getByTestId('view-builtin-all').textContent()).toBe('全部商机');
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe(`${openDeals} 条记录`);
    await setLanguage(page, 'en');
    expect(pageErrors).toEqual([]);
  });
});
