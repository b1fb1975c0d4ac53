// What the global search and the forecast's month range show in the frames
// right after a keystroke, in Chromium against the real headless shell and
// vault: never the new text beside the previous query's outcome, never a
// month the range check refuses without its message, nor one it accepts with
// the message still there. React writes an input's value to its attribute
// too, so a selector on `[value=…]` finds the frames where the input already
// holds the new text; a month picker carries its month as `data-value`.
import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { closeDialogs, fillAndCreate, openSection, ui } from './crm-steps';
import { watchFrames } from './first-frames';
import { chooseMonth } from './forecast-steps';

const password = 'every frame after a keystroke';

describe('the frames after a keystroke', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  // A test that failed half-way leaves no dialog over the next one.
  beforeEach(async () => {
    await closeDialogs(page);
  });

  it('shows no earlier query’s outcome under the text just typed in the global search', async () => {
    await page.keyboard.press('Control+k');
    await page.getByTestId('search-dialog').waitFor(ui);
    const input = page.getByTestId('search-input');
    await input.fill('zzqx');
    await page.getByTestId('search-empty').filter({ hasText: '“zzqx”' }).waitFor(ui);

    const frames = await watchFrames(page, '[data-testid="search-dialog"]:has([data-testid="search-input"][value="zzqxy"]) [data-testid="search-empty"]');
    await input.press('y');
    await page.getByTestId('search-empty').filter({ hasText: '“zzqxy”' }).waitFor(ui);
    expect((await frames()).map((frame) => frame.text)).toEqual([null, 'Nothing matches “zzqxy”.']);
    await closeDialogs(page);
    expect(pageErrors).toEqual([]);
  });

  it('marks a month range the check refuses, and unmarks a fixed one, in the frame the month changes', async () => {
    await openSection(page, 'deals');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'deal', { name: 'Robots for Q3' });
    await openSection(page, 'deals');
    await page.getByTestId('deals-view-forecast').click();
    await page.getByTestId('forecast').waitFor(ui);
    await chooseMonth(page, 'forecast-from', '2026-06');
    const rangeError = page.getByTestId('forecast-range-error');

    // Before the range is refused: the month that makes it wrong, unmarked.
    const unmarked = await watchFrames(page, '[data-testid="forecast-to"][data-value="2026-03"]:not(:has([aria-invalid]))');
    await chooseMonth(page, 'forecast-to', '2026-03');
    await rangeError.waitFor(ui);
    expect((await unmarked()).map((frame) => frame.text)).toEqual([null]);

    // After it is fixed: the month that makes it right, still marked.
    const marked = await watchFrames(page, '[data-testid="forecast-to"][data-value="2026-08"]:has([aria-invalid])');
    await chooseMonth(page, 'forecast-to', '2026-08');
    await rangeError.waitFor({ state: 'detached', ...ui });
    expect((await marked()).map((frame) => frame.text)).toEqual([null]);
    expect(await page.getByTestId('forecast-to').locator('[aria-invalid]').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
