// The forecast's bars when one month holds a huge deal, measured in Chromium
// against the real headless shell and vault (walkthrough 5 #4). Drawn to the
// tallest month, a deal 50× the others left every other bar a sliver of a
// few pixels; now the ordinary months are drawn on a scale a few times the
// median month, tall enough to compare and to scale with each other, and the
// huge month is drawn full height, cut, with a legend entry saying so. Every
// bar's label, the table and the totals keep the exact amounts, in both
// languages and sizes.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { fillAndCreate, openSection, ui } from './crm-steps';
import { cents, monthsAfter } from './forecast-steps';
import { acrossLanguagesAndSizes, drawnHeights } from './layout-steps';

const password = 'one deal fifty times the others';

/** The 15th of the month `count` months from this one, as the deal form's date input takes it. */
function midMonth(count: number): string {
  const now = new Date();
  const thisMonth = `${String(now.getFullYear())}-${String(now.getMonth() + 1).padStart(2, '0')}`;
  return `${monthsAfter(thisMonth, count)}-15`;
}

describe('the forecast with one huge month', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('draws the other months readable and to scale, and the huge one cut and labelled, in both languages and sizes', async () => {
    // Three ordinary months and one 50× the middle one, all in the forecast's first six months.
    const deals = [
      { name: 'Scale press brake', amount: '10000', month: 1 },
      { name: 'Scale welding cell', amount: '12000', month: 2 },
      { name: 'Scale laser cutter', amount: '8000', month: 3 },
      { name: 'Scale whole factory', amount: '500000', month: 4 },
    ];
    for (const deal of deals) {
      await openSection(page, 'deals');
      await page.getByTestId('list-new').click();
      await fillAndCreate(page, 'deal', { name: deal.name, amount: deal.amount, probability: '40', expectedCloseDate: midMonth(deal.month) });
      await page.getByTestId('deal-detail').waitFor(ui);
    }

    await acrossLanguagesAndSizes(page, async (language, size) => {
      const where = `${language} at ${String(size.width)}`;
      await openSection(page, 'deals');
      await page.getByTestId('deals-view-forecast').click();
      const block = page.getByTestId('forecast-currency');
      await block.locator('tbody tr').filter({ hasText: '500,000' }).waitFor(ui);

      const labels = await block.getByTestId('forecast-bar-value').allTextContents();
      const heights = await drawnHeights(block.locator('.forecast__stack'));
      const cut = await block.locator('.forecast__stack').evaluateAll((bars) => bars.map((bar) => bar.classList.contains('forecast__stack--cut')));
      // Each bar with deals by its exact amount.
      const bars = labels.map((label, index) => ({ amount: cents(label), height: heights[index] ?? 0, cut: cut[index] ?? false })).filter((bar) => bar.amount > 0);
      expect(bars.map((bar) => bar.amount), where).toEqual([1_000_000, 1_200_000, 800_000, 50_000_000]);
      const [ten, twelve, eight, huge] = bars;
      if (ten === undefined || twelve === undefined || eight === undefined || huge === undefined) throw new Error(`${where}: four bars expected`);

      // The smallest ordinary month is drawn at least a fifth as tall as the huge one (it was 1/62: about 2 px).
      expect(eight.height / huge.height, `${where}: ${JSON.stringify(heights)}`).toBeGreaterThanOrEqual(0.2);
      // The huge month is the tallest bar, the only one cut, and the legend says what a cut bar is.
      expect(bars.map((bar) => bar.cut), where).toEqual([false, false, false, true]);
      expect(huge.height, where).toBe(Math.max(...heights));
      expect(await block.getByTestId('forecast-legend-cut').isVisible(), where).toBe(true);
      // The ordinary months are to scale with each other (within a pixel's rounding).
      expect(twelve.height / eight.height, where).toBeCloseTo(1.5, 1);
      expect(ten.height / eight.height, where).toBeCloseTo(1.25, 1);

      // The table and the total keep the exact amounts.
      const amounts = (await block.locator('tbody tr td:nth-child(3)').allTextContents()).map(cents);
      expect(amounts.filter((amount) => amount > 0), where).toEqual(bars.map((bar) => bar.amount));
      expect(cents((await block.getByTestId('forecast-total').textContent()) ?? ''), where).toBe(53_000_000);
    });
    expect(pageErrors).toEqual([]);
  });
});
