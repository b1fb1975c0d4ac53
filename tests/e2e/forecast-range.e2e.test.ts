// The forecast while a new month range loads, in Chromium against the real
// headless shell and vault, the forecast's answer held back by the test: the
// figures are marked busy and the previous range's are gone from the frame
// the new month is in the input, never shown under the new range; the new
// range's figures replace the busy state when they come.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { fillAndCreate, openSection, ui } from './crm-steps';
import { watchFrames } from './first-frames';
import { IpcRoute } from './ipc-route';

const password = 'figures that belong to their months';

/** The month before `month` ('YYYY-MM'). */
function monthBefore(month: string): string {
  const [year = 0, number = 1] = month.split('-').map(Number);
  const date = new Date(Date.UTC(year, number - 2, 1));
  return `${String(date.getUTCFullYear())}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

describe('the forecast while a new range loads', () => {
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
    await openSection(page, 'deals');
    await page.getByTestId('deals-view-forecast').click();
    const forecast = page.getByTestId('forecast');
    const figures = page.getByTestId('forecast-figures');
    const months = forecast.locator('[data-testid="forecast-currency"] tbody tr');
    await months.filter({ hasText: '12,500' }).waitFor(ui);
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
});
