// Ctrl+K's page keys, in Chromium against the real headless shell and
// vault: PageDown and PageUp move the chosen hit a view of the results on
// and back (it stays in sight), so the 30th hit is a few keys away rather
// than 29 arrow presses; Home and End stay with the caret in the box, as in
// VS Code's quick open.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ui } from './crm-steps';
import { createdId } from './proxied-server';
import { useInjectingApp } from './injecting-route';

const password = 'paging through the hits';

describe('the global search’s page keys', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    for (let index = 1; index <= 30; index += 1) await createdId(route, 'contacts.create', { name: `Pager Person ${String(index).padStart(2, '0')}` });
  }, 120_000);

  /** The place of the chosen hit among the 30, and whether it is within the results' view. */
  async function chosen(): Promise<{ readonly place: number; readonly inView: boolean }> {
    return page.evaluate(() => {
      const hit = document.querySelector('[data-testid="search-hit"][aria-selected="true"]');
      const view = document.getElementById('search-results');
      if (hit === null || view === null) return { place: -1, inView: false };
      const box = hit.getBoundingClientRect();
      const frame = view.getBoundingClientRect();
      return { place: Number(hit.id.replace('search-hit-', '')), inView: box.top >= frame.top - 1 && box.bottom <= frame.bottom + 1 };
    });
  }

  it('moves the chosen hit a page with PageDown and PageUp, and leaves Home and End to the caret', async () => {
    await page.keyboard.press('Control+k');
    const input = page.getByTestId('search-input');
    await input.fill('pager');
    await expect.poll(() => page.getByTestId('search-announcement').textContent(), ui).toBe('30 results');
    expect(await chosen()).toEqual({ place: 0, inView: true });

    await input.press('PageDown');
    const first = await chosen();
    expect(first.place).toBeGreaterThan(2);
    expect(first.inView).toBe(true);
    // A page on again goes at least as far, and the 30th is reached within a few presses.
    await input.press('PageDown');
    expect((await chosen()).place).toBeGreaterThanOrEqual(Math.min(29, first.place * 2));
    for (let press = 0; press < 6; press += 1) await input.press('PageDown');
    expect(await chosen()).toEqual({ place: 29, inView: true });
    await input.press('PageUp');
    const back = await chosen();
    expect(back.place).toBeLessThan(27);
    expect(back.inView).toBe(true);
    for (let press = 0; press < 8; press += 1) await input.press('PageUp');
    expect(await chosen()).toEqual({ place: 0, inView: true });

    // Home and End move the caret in the text, not the chosen hit.
    await input.press('PageDown');
    const before = await chosen();
    await input.press('Home');
    expect(await input.evaluate((box: HTMLInputElement) => box.selectionStart)).toBe(0);
    await input.press('End');
    expect(await input.evaluate((box: HTMLInputElement) => box.selectionStart)).toBe('pager'.length);
    expect(await chosen()).toEqual(before);
    await page.keyboard.press('Escape');
    await page.getByTestId('search-dialog').waitFor({ state: 'detached', timeout: ui.timeout });
    expect(pageErrors).toEqual([]);
  });
});
