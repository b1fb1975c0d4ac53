// What the global search shows in the frames right after a keystroke, in
// Chromium against the real headless shell and vault: never the new text
// beside the previous query's outcome. React writes an input's value to its
// attribute too, so a selector on `[value=…]` finds the frames where the
// input already holds the new text.
import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { closeDialogs, ui } from './crm-steps';
import { watchFrames } from './first-frames';

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
});
