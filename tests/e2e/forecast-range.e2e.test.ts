// The forecast while a new month range loads, in Chromium against the real
// headless shell and vault, the forecast's answer held back by the test: the
// figures are marked busy and the previous range's are gone from the frame
// the new month is in the input, never shown under the new range; the new
// range's figures replace the busy state when they come. While the range is
// one the check refuses, the last range's figures are never shown as the
// answer: from the frame the refused month is in the input they are marked
// as the last range's (faded, under a caption naming its months), nothing is
// busy, and a screen reader hears the message, the range check's own words
// in English and in Chinese: an end before the start, or a range longer than
// the forecast takes (worded by its maximum, where it said "This value is
// not valid"). Every bar's amount is drawn whole, never
// squeezed below its line (the tallest bar's commas were cut to dots). With
// deals in two currencies, each currency's chart and table is a region named
// by its heading, the currency's name in the UI language with its code, and
// its totals are what its bars and its table's weighted column add up to.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxForecastMonths } from '../../src-shared/domain/pipeline';
import { useApp } from './app';
import { fillAndCreate, openSection, ui } from './crm-steps';
import { watchFrames } from './first-frames';
import { IpcRoute } from './ipc-route';
import { acrossLanguagesAndSizes, setLanguage } from './layout-steps';

const password = 'figures that belong to their months';

/** The month `count` months after `month` ('YYYY-MM'; a negative count goes back). */
function monthsAfter(month: string, count: number): string {
  const [year = 0, number = 1] = month.split('-').map(Number);
  const date = new Date(Date.UTC(year, number - 1 + count, 1));
  return `${String(date.getUTCFullYear())}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The month before `month` ('YYYY-MM'). */
const monthBefore = (month: string): string => monthsAfter(month, -1);

/** A local calendar date `days` from today, as a date input takes it. */
function dateInDays(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return `${String(date.getFullYear())}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** A formatted amount ("€12,250.50", "US$12,500.00") in minor units; both languages group with "," and use "." for decimals. */
function cents(text: string): number {
  return Math.round(Number(text.replace(/[^\d.]/g, '')) * 100);
}

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

/** Opens the forecast and waits for the test deal's month in it. */
async function openForecast(page: Page): Promise<{ forecast: Locator; figures: Locator; months: Locator }> {
  await openSection(page, 'deals');
  await page.getByTestId('deals-view-forecast').click();
  const forecast = page.getByTestId('forecast');
  const months = forecast.locator('[data-testid="forecast-currency"] tbody tr');
  await months.filter({ hasText: '12,500' }).waitFor(ui);
  return { forecast, figures: page.getByTestId('forecast-figures'), months };
}

describe('the forecast while a new range loads or is refused', () => {
  const route = new IpcRoute();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  afterAll(() => {
    route.clear();
  });

  it('shows no figures of the previous range under the new one, only a busy state until its own come', async () => {
    await openSection(page, 'deals');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'deal', { name: 'Forecast laser cutter', amount: '12500', probability: '40' });
    await page.getByTestId('deal-detail').waitFor(ui);
    const { forecast, figures, months } = await openForecast(page);
    const shownMonths = await months.count();
    const oldFigures = await forecast.getByTestId('forecast-currency').textContent();

    // One month earlier, its forecast held back: busy, without the old figures, from the frame the month changes in.
    const from = monthBefore(await page.getByTestId('forecast-from').inputValue());
    route.holding.add('pipeline.forecast');
    const frames = await watchFrames(page, `[data-testid="forecast"]:has([data-testid="forecast-from"][value="${from}"]) [data-testid="forecast-currency"]`);
    await page.getByTestId('forecast-from').fill(from);
    await forecast.locator('.state--loading').waitFor(ui);
    expect((await frames()).map((frame) => frame.text)).toEqual([null]);
    expect(oldFigures).toContain('12,500');
    expect(await figures.getAttribute('aria-busy')).toBe('true');

    // The new range's figures replace the busy state.
    route.release();
    await expect.poll(() => months.count(), ui).toBe(shownMonths + 1);
    expect(await months.filter({ hasText: '12,500' }).count()).toBe(1);
    expect(await figures.getAttribute('aria-busy')).toBe('false');
    expect(await forecast.locator('.state--loading').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('marks the last range’s figures as that range’s while the range is refused, and says why', async () => {
    const { forecast, figures, months: rows } = await openForecast(page);
    const firstMonth = (await rows.first().locator('th').textContent()) ?? '';
    const lastMonth = (await rows.last().locator('th').textContent()) ?? '';
    const to = page.getByTestId('forecast-to');
    const toMonth = await to.inputValue();

    // An end before the start: the figures stay, but not one frame shows them as the answer for it.
    const refused = monthBefore(await page.getByTestId('forecast-from').inputValue());
    const asAnswer = await watchFrames(
      page,
      `[data-testid="forecast"]:has([data-testid="forecast-to"][value="${refused}"]) [data-testid="forecast-figures"]:not(.forecast-figures--stale) [data-testid="forecast-currency"]`,
    );
    const uncaptioned = await watchFrames(page, `[data-testid="forecast"]:has([data-testid="forecast-to"][value="${refused}"]):not(:has([data-testid="forecast-stale"])) [data-testid="forecast-currency"]`);
    await to.fill(refused);
    const message = page.getByTestId('forecast-range-error');
    await message.waitFor(ui);
    // The range check's own words, not a generic "not valid".
    expect(await message.textContent()).toBe('The range ends before it starts');
    expect((await asAnswer()).map((frame) => frame.text)).toEqual([null]);
    expect((await uncaptioned()).map((frame) => frame.text)).toEqual([null]);
    const caption = await page.getByTestId('forecast-stale').textContent();
    expect(caption).toContain(`${firstMonth} to ${lastMonth}`);
    expect(await rows.filter({ hasText: '12,500' }).count()).toBe(1);
    // Nothing is loading for a range that is not asked for.
    expect(await figures.getAttribute('aria-busy')).toBe('false');
    expect(await forecast.locator('.state--loading').count()).toBe(0);
    // A screen reader hears the message from the live region that was in the page before it.
    const announcement = page.getByTestId('forecast-announcement');
    expect(await announcement.getAttribute('aria-live')).toBe('polite');
    await expect.poll(() => announcement.textContent(), ui).toBe(await message.textContent());

    // The range fixed: its figures are the answer again, and the region says nothing more.
    await to.fill(toMonth);
    await message.waitFor({ state: 'detached', ...ui });
    await page.getByTestId('forecast-stale').waitFor({ state: 'detached', ...ui });
    expect(await figures.getAttribute('class')).toBe('forecast-figures');
    expect(await rows.filter({ hasText: '12,500' }).count()).toBe(1);
    await expect.poll(() => announcement.textContent(), ui).toBe('');
    expect(pageErrors).toEqual([]);
  });

  it('says why a range is refused in Chinese too', async () => {
    await setLanguage(page, 'zh-CN');
    try {
      await openForecast(page);
      await page.getByTestId('forecast-to').fill(monthBefore(await page.getByTestId('forecast-from').inputValue()));
      const message = page.getByTestId('forecast-range-error');
      await message.waitFor(ui);
      expect(await message.textContent()).toBe('结束时间早于开始时间');
      await expect.poll(() => page.getByTestId('forecast-announcement').textContent(), ui).toBe('结束时间早于开始时间');
    } finally {
      await setLanguage(page, 'en');
    }
    expect(pageErrors).toEqual([]);
  });

  it('says a range longer than the forecast takes is too long, by its maximum, in both languages', async () => {
    const words = { en: `Choose at most ${String(maxForecastMonths)} months`, 'zh-CN': `最多选择 ${String(maxForecastMonths)} 个月` };
    try {
      for (const [language, expected] of Object.entries(words)) {
        await setLanguage(page, language);
        await openForecast(page);
        const from = await page.getByTestId('forecast-from').inputValue();
        const to = page.getByTestId('forecast-to');
        // One month more than the longest range.
        await to.fill(monthsAfter(from, maxForecastMonths));
        const message = page.getByTestId('forecast-range-error');
        await message.waitFor(ui);
        expect(await message.textContent(), language).toBe(expected);
        expect(await to.getAttribute('aria-invalid'), language).toBe('true');
        await expect.poll(() => page.getByTestId('forecast-announcement').textContent(), ui).toBe(expected);
        // The longest range is taken.
        await to.fill(monthsAfter(from, maxForecastMonths - 1));
        await message.waitFor({ state: 'detached', ...ui });
        await page.getByTestId('forecast-stale').waitFor({ state: 'detached', ...ui });
      }
    } finally {
      await setLanguage(page, 'en');
    }
    expect(pageErrors).toEqual([]);
  });

  it('draws every bar’s amount on a whole line, the tallest bar’s too, in both languages and sizes', async () => {
    await acrossLanguagesAndSizes(page, async (language, size) => {
      const { forecast } = await openForecast(page);
      const values = await forecast.getByTestId('forecast-bar-value').evaluateAll((spans) =>
        spans
          .filter((span) => (span.textContent ?? '') !== '')
          .map((span) => {
            // The height of the text's own line, as drawn whether or not its box is squeezed.
            const range = document.createRange();
            range.selectNodeContents(span);
            return { text: span.textContent ?? '', height: span.clientHeight, scrollHeight: span.scrollHeight, lineHeight: range.getBoundingClientRect().height };
          }),
      );
      const where = `${language} at ${String(size.width)}`;
      expect(values.filter((value) => value.text.includes('12,500')), where).toHaveLength(1);
      for (const value of values) {
        expect(value.height, `${where}: ${value.text}`).toBeGreaterThanOrEqual(Math.floor(value.lineHeight));
        expect(value.scrollHeight, `${where}: ${value.text}`).toBeLessThanOrEqual(value.height);
      }
    });
    expect(pageErrors).toEqual([]);
  });

  it('heads each currency’s chart with the currency’s name and totals its bars, in both languages and sizes', async () => {
    // Two euro deals in two months beside the dollar deal above.
    const deals: readonly Readonly<Record<string, string>>[] = [
      { name: 'Forecast press brake', amount: '8000', currency: 'EUR', probability: '50' },
      { name: 'Forecast welding cell', amount: '4250.50', currency: 'EUR', probability: '25', expectedCloseDate: dateInDays(75) },
    ];
    for (const deal of deals) {
      await openSection(page, 'deals');
      await page.getByTestId('list-new').click();
      await fillAndCreate(page, 'deal', deal);
      await page.getByTestId('deal-detail').waitFor(ui);
    }
    const names: Readonly<Record<string, Readonly<Record<'USD' | 'EUR', string>>>> = {
      en: { USD: 'US Dollar (USD)', EUR: 'Euro (EUR)' },
      'zh-CN': { USD: '美元 (USD)', EUR: '欧元 (EUR)' },
    };
    const expected = { USD: { total: 1_250_000, months: 1 }, EUR: { total: 1_225_050, months: 2 } };

    await acrossLanguagesAndSizes(page, async (language, size) => {
      const { forecast } = await openForecast(page);
      const where = `${language} at ${String(size.width)}`;
      await expect.poll(() => forecast.getByTestId('forecast-currency').count(), ui).toBe(2);
      for (const currency of ['USD', 'EUR'] as const) {
        const name = names[language]?.[currency] ?? '';
        // The block is a region named by its heading, and its table carries the same name.
        const region = forecast.getByRole('region', { name, exact: true });
        expect(await region.count(), `${where}: ${name}`).toBe(1);
        expect(await region.getByRole('heading', { level: 2 }).textContent(), where).toBe(name);
        expect(await region.getByRole('table', { name, exact: true }).count(), where).toBe(1);

        // The total is what the bars add up to; the weighted total, the table's weighted column.
        const bars = (await region.getByTestId('forecast-bar-value').allTextContents()).filter((text) => text !== '');
        expect(bars, `${where}: ${name}`).toHaveLength(expected[currency].months);
        const total = (await region.getByTestId('forecast-total').textContent()) ?? '';
        expect(cents(total), `${where}: ${total}`).toBe(sum(bars.map(cents)));
        expect(cents(total), `${where}: ${total}`).toBe(expected[currency].total);
        const weightedCells = await region.locator('tbody tr td:nth-child(4)').allTextContents();
        const weighted = (await region.getByTestId('forecast-weighted-total').textContent()) ?? '';
        expect(cents(weighted), `${where}: ${weighted}`).toBe(sum(weightedCells.map(cents)));
        expect(cents(weighted), `${where}: ${weighted}`).toBeGreaterThan(0);
      }
    });
    expect(pageErrors).toEqual([]);
  });
});
