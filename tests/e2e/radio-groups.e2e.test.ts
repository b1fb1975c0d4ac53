// The one-of-N choices other than the composer's kind (ui/RadioGroup.tsx),
// checked in Chromium against the real headless shell and vault: the theme
// (Settings) and the deals views (List | Board | Forecast) are each one Tab
// stop, on the chosen option, with aria-checked; the arrow keys, Home and End
// choose, and the choice takes effect (the theme changes, the view opens, the
// focus staying on the switch).
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { closeDialogs, focusedTestId, openSection, ui } from './crm-steps';

const themes = ['theme-system', 'theme-light', 'theme-dark'];
const views = ['deals-view-list', 'deals-view-board', 'deals-view-forecast'];

/** Each option's aria-checked, in order. */
function checked(page: Page, testIds: readonly string[]): Promise<(string | null)[]> {
  return Promise.all(testIds.map((testId) => page.getByTestId(testId).getAttribute('aria-checked')));
}

/** The theme the page shows (the html element's data-theme). */
function shownTheme(page: Page): Promise<string | undefined> {
  return page.evaluate(() => document.documentElement.dataset['theme']);
}

describe('one-of-N choices as radio groups', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password: 'one choice one stop' });
  const { pageErrors } = app;
  let page: Page;

  beforeEach(async () => {
    ({ page } = app);
    await closeDialogs(page);
  });

  it('the theme: one Tab stop on the chosen theme, the arrow keys choose and the theme changes', async () => {
    await openSection(page, 'settings');
    expect(await page.getByTestId('theme-system').locator('..').getAttribute('role')).toBe('radiogroup');
    expect(await page.getByTestId('theme-light').getAttribute('role')).toBe('radio');
    expect(await checked(page, themes)).toEqual(['true', 'false', 'false']);
    // Into the group from the language list after it: the stop is the chosen theme; Tab leaves the group at once.
    await page.getByTestId('language-select').focus();
    await page.keyboard.press('Shift+Tab');
    expect(await focusedTestId(page)).toBe('theme-system');
    await page.keyboard.press('Tab');
    expect(await focusedTestId(page)).toBe('language-select');
    await page.keyboard.press('Shift+Tab');

    await page.keyboard.press('ArrowRight');
    expect(await focusedTestId(page)).toBe('theme-light');
    expect(await checked(page, themes)).toEqual(['false', 'true', 'false']);
    expect(await shownTheme(page)).toBe('light');
    await page.keyboard.press('ArrowDown');
    expect(await focusedTestId(page)).toBe('theme-dark');
    expect(await shownTheme(page)).toBe('dark');
    // Wrapping, Home and End.
    await page.keyboard.press('ArrowRight');
    expect(await focusedTestId(page)).toBe('theme-system');
    await page.keyboard.press('End');
    expect(await checked(page, themes)).toEqual(['false', 'false', 'true']);
    expect(await shownTheme(page)).toBe('dark');
    await page.keyboard.press('ArrowUp');
    expect(await shownTheme(page)).toBe('light');
    // The one stop follows the choice.
    await page.getByTestId('language-select').focus();
    await page.keyboard.press('Shift+Tab');
    expect(await focusedTestId(page)).toBe('theme-light');
    await page.keyboard.press('Home');
    expect(await focusedTestId(page)).toBe('theme-system');
    expect(await checked(page, themes)).toEqual(['true', 'false', 'false']);
    expect(pageErrors).toEqual([]);
  });

  it('the deals views: one Tab stop on the shown view, the arrow keys open the next view with the focus on the switch', async () => {
    await openSection(page, 'deals');
    expect(await page.getByTestId('deals-view-list').locator('..').getAttribute('role')).toBe('radiogroup');
    expect(await checked(page, views)).toEqual(['true', 'false', 'false']);
    await page.getByTestId('deals-view-list').focus();
    await page.keyboard.press('Tab');
    expect(views).not.toContain(await focusedTestId(page));
    await page.keyboard.press('Shift+Tab');
    expect(await focusedTestId(page)).toBe('deals-view-list');

    await page.keyboard.press('ArrowRight');
    await page.getByTestId('pipeline-board').waitFor(ui);
    expect(await page.getByTestId('list-deals').count()).toBe(0);
    expect(await focusedTestId(page)).toBe('deals-view-board');
    expect(await checked(page, views)).toEqual(['false', 'true', 'false']);
    await page.keyboard.press('ArrowDown');
    await page.getByTestId('forecast').waitFor(ui);
    expect(await focusedTestId(page)).toBe('deals-view-forecast');
    expect(await checked(page, views)).toEqual(['false', 'false', 'true']);
    // Right from the last wraps to the list; End and Home reach the ends.
    await page.keyboard.press('ArrowRight');
    await page.getByTestId('list-deals').waitFor(ui);
    expect(await focusedTestId(page)).toBe('deals-view-list');
    await page.keyboard.press('End');
    await page.getByTestId('forecast').waitFor(ui);
    expect(await focusedTestId(page)).toBe('deals-view-forecast');
    await page.keyboard.press('ArrowLeft');
    await page.getByTestId('pipeline-board').waitFor(ui);
    expect(await focusedTestId(page)).toBe('deals-view-board');
    await page.keyboard.press('Home');
    await page.getByTestId('list-deals').waitFor(ui);
    expect(await focusedTestId(page)).toBe('deals-view-list');
    expect(pageErrors).toEqual([]);
  });
});
