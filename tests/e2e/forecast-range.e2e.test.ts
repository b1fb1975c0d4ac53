// The forecast while a new month range loads, in Chromium against the real
// headless shell and vault, the forecast's answer held back by the test: the
// figures are marked busy and the previous range's are gone from the frame
// the new month is chosen in, never shown under the new range; the new
// range's figures replace the busy state when they come. While the range is
// one the check refuses, the last range's figures are never shown as the
// answer: from the frame the refused month is chosen in they are marked
// as the last range's (faded, under a caption naming its months), nothing is
// busy, and a screen reader hears the message, the range check's own words
// in English and in Chinese: an end before the start, or a range longer than
// the forecast takes (worded by its maximum, where it said "This value is
// not valid"). Under Chinese the month pickers name the months in Chinese
// (Chromium drew <input type="month"> in its start-up language, English), and
// a range chosen with them, by mouse or keyboard, is the one the forecast is
// asked for. Every bar's amount is drawn whole, never
// squeezed below its line (the tallest bar's commas were cut to dots). With
// deals in two currencies, each currency's chart and table is a region named
// by its heading, the currency's name in the UI language with its code, and
// its totals are what its bars and its table's weighted column add up to.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxForecastMonths } from '../../src-shared/domain/pipeline';
import { useApp } from './app';
import { fillAndCreate, openSection, ui } from './crm-steps';
import { cents, chooseMonth, chosenMonth, monthBefore, monthsAfter } from './forecast-steps';
import { watchFrames } from './first-frames';
import { IpcRoute } from './ipc-route';
import { acrossLanguagesAndSizes, setLanguage } from './layout-steps';

const password = 'figures that belong to their months';

/** A local calendar date `days` from today, as a date input takes it. */
function dateInDays(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return `${String(date.getFullYear())}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
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
    const from = monthBefore(await chosenMonth(page, 'forecast-from'));
    route.holding.add('pipeline.forecast');
    const frames = await watchFrames(page, `[data-testid="forecast"]:has([data-testid="forecast-from"][data-value="${from}"]) [data-testid="forecast-currency"]`);
    await chooseMonth(page, 'forecast-from', from);
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
    const toMonth = await chosenMonth(page, 'forecast-to');

    // An end before the start: the figures stay, but not one frame shows them as the answer for it.
    const refused = monthBefore(await chosenMonth(page, 'forecast-from'));
    const asAnswer = await watchFrames(
      page,
      `[data-testid="forecast"]:has([data-testid="forecast-to"][data-value="${refused}"]) [data-testid="forecast-figures"]:not(.forecast-figures--stale) [data-testid="forecast-currency"]`,
    );
    const uncaptioned = await watchFrames(page, `[data-testid="forecast"]:has([data-testid="forecast-to"][data-value="${refused}"]):not(:has([data-testid="forecast-stale"])) [data-testid="forecast-currency"]`);
    await chooseMonth(page, 'forecast-to', refused);
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
    await chooseMonth(page, 'forecast-to', toMonth);
    await message.waitFor({ state: 'detached', ...ui });
    await page.getByTestId('forecast-stale').waitFor({ state: 'detached', ...ui });
    expect(await figures.getAttribute('class')).toBe('forecast-figures');
    // Polled: once in CI (116, under load) the row was not there yet at the first look after the caption went.
    await expect.poll(() => rows.filter({ hasText: '12,500' }).count(), ui).toBe(1);
    await expect.poll(() => announcement.textContent(), ui).toBe('');
    expect(pageErrors).toEqual([]);
  });

  it('says why a range is refused in Chinese too', async () => {
    await setLanguage(page, 'zh-CN');
    try {
      await openForecast(page);
      await chooseMonth(page, 'forecast-to', monthBefore(await chosenMonth(page, 'forecast-from')));
      const message = page.getByTestId('forecast-range-error');
      await message.waitFor(ui);
      expect(await message.textContent()).toBe('结束时间早于开始时间');
      await expect.poll(() => page.getByTestId('forecast-announcement').textContent(), ui).toBe('结束时间早于开始时间');
    } finally {
      await setLanguage(page, 'en');
    }
    expect(pageErrors).toEqual([]);
  });

  it('names the range’s months in Chinese under Chinese, and asks for the range chosen with them', async () => {
    const monthNames = ['一月', '二月', '三月', '四月', '五月', '六月', '七月', '八月', '九月', '十月', '十一月', '十二月'];
    const zhMonth = new Intl.DateTimeFormat('zh-CN', { year: 'numeric', month: 'short', timeZone: 'UTC' });
    /** 'YYYY-MM' as the Chinese table heads its row. */
    const named = (month: string): string => zhMonth.format(new Date(`${month}-01T00:00:00Z`));
    const asked = () => route.calls.filter((channel) => channel === 'pipeline.forecast').length;
    await setLanguage(page, 'zh-CN');
    try {
      const { months: rows } = await openForecast(page);
      for (const picker of ['forecast-from', 'forecast-to']) {
        expect(await page.getByTestId(`${picker}-month`).locator('option').allTextContents(), picker).toEqual(monthNames);
        const month = Number((await chosenMonth(page, picker)).slice(5));
        expect(await page.getByTestId(`${picker}-month`).locator('option:checked').textContent(), picker).toBe(monthNames[month - 1]);
        expect(await page.getByTestId(`${picker}-year`).locator('option:checked').textContent(), picker).toMatch(/^\d{4}年$/);
        expect(await page.getByRole('group', { name: picker === 'forecast-from' ? '从' : '到', exact: true }).getAttribute('data-testid')).toBe(picker);
      }

      // A three-month range chosen with the selects: the forecast is asked again and shows those months.
      // Its end month is not December, so the keyboard step below has a next month on the same select.
      const next = monthsAfter(await chosenMonth(page, 'forecast-from'), 1);
      const from = next.endsWith('-10') ? monthsAfter(next, 1) : next;
      const before = asked();
      await chooseMonth(page, 'forecast-from', from);
      await chooseMonth(page, 'forecast-to', monthsAfter(from, 2));
      const range = [from, monthsAfter(from, 1), monthsAfter(from, 2)];
      await expect.poll(() => rows.locator('th').allTextContents(), ui).toEqual(range.map(named));
      expect(asked()).toBeGreaterThan(before);

      // By keyboard: the next month on the end's month select, and the forecast follows.
      await page.getByTestId('forecast-to-month').focus();
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => chosenMonth(page, 'forecast-to'), ui).toBe(monthsAfter(from, 3));
      await expect.poll(() => rows.locator('th').allTextContents(), ui).toEqual([...range, monthsAfter(from, 3)].map(named));
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
        const from = await chosenMonth(page, 'forecast-from');
        // One month more than the longest range.
        await chooseMonth(page, 'forecast-to', monthsAfter(from, maxForecastMonths));
        const message = page.getByTestId('forecast-range-error');
        await message.waitFor(ui);
        expect(await message.textContent(), language).toBe(expected);
        for (const part of ['year', 'month']) expect(await page.getByTestId(`forecast-to-${part}`).getAttribute('aria-invalid'), `${language}: ${part}`).toBe('true');
        await expect.poll(() => page.getByTestId('forecast-announcement').textContent(), ui).toBe(expected);
        // The longest range is taken.
        await chooseMonth(page, 'forecast-to', monthsAfter(from, maxForecastMonths - 1));
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
      'zh-CN': { USD: '美元（USD）', EUR: '欧元（EUR）' },
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

  it('says which open deals were expected to close before the range, which no month shows', async () => {
    await openSection(page, 'deals');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'deal', { name: 'Forecast overdue press', amount: '3000', currency: 'EUR', expectedCloseDate: dateInDays(-70) });
    await page.getByTestId('deal-detail').waitFor(ui);
    const { forecast } = await openForecast(page);
    // Before, the forecast left it out without a word: it understated the open pipeline.
    const overdue = forecast.getByTestId('forecast-overdue');
    await overdue.waitFor(ui);
    expect(await overdue.textContent()).toMatch(/^1 open deal was expected to close before \w+ \d{4} \(€3,000\.00\): the months below leave it out\.$/);
    expect(pageErrors).toEqual([]);
  });
});
