// The "g then …" go-to shortcuts typed as the help shows them, in capitals,
// in Chromium against the real headless shell: Shift+G then Shift+T sends a
// Shift keydown alone between the two letters (as does Caps Lock, or a
// modifier touched by accident), and the chord still goes to Today (and
// Shift+G, Shift+K to Tasks). Before, the lone Shift keydown was taken as the
// chord's second key and the chord was lost.
import type { Page } from 'playwright-core';
import { beforeAll, describe, it, expect } from 'vitest';
import { useApp } from './app';
import { openSection, ui } from './crm-steps';

const password = 'go there in capitals';

describe('the go-to chords typed in capitals', () => {
  const app = useApp({ password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  /** Opens `section` with the focus on no control, as after a click on the page. */
  async function startOn(section: 'contacts' | 'today'): Promise<void> {
    await openSection(page, section);
    await page.evaluate(() => {
      if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    });
  }

  it('goes to Today with Shift+G then Shift+T', async () => {
    await startOn('contacts');
    await page.keyboard.press('Shift+G');
    await page.keyboard.press('Shift+T');
    await page.getByTestId('today').waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('goes to Tasks with Shift+G then Shift+K', async () => {
    await startOn('today');
    await page.keyboard.press('Shift+G');
    await page.keyboard.press('Shift+K');
    await page.getByTestId('list-tasks').waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('goes to Contacts with g, Caps Lock, then c', async () => {
    await startOn('today');
    await page.keyboard.press('g');
    await page.keyboard.press('CapsLock');
    await page.keyboard.press('c');
    await page.getByTestId('list-contacts').waitFor(ui);
    expect(pageErrors).toEqual([]);
  });
});
