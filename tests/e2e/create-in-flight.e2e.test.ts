// A New dialog while its create runs, in Chromium against the real headless
// shell and vault (the vault's answer held back): Esc and Cancel leave it
// open until the answer comes, with the focus off its fields too. Before, it closed at once; the late answer
// then closed the next New dialog the user had opened (its typing lost) and
// opened the first record, or, refused, was shown nowhere.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';

const password = 'wait for the answer';

describe('a New dialog while its create runs', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('stays open through Esc and Cancel until the create answers, then opens the record', async () => {
    await openSection(page, 'contacts');
    await page.getByTestId('list-new').click();
    const dialog = page.getByTestId('new-contact');
    await dialog.waitFor(ui);
    await dialog.getByTestId('field-name').fill('Ines In-Flight');
    route.holding.add('contacts.create');
    await dialog.getByTestId('new-contact-submit').click();
    await expect.poll(() => route.held, ui).toBe(1);

    await page.keyboard.press('Escape');
    // Playwright does not click a control marked aria-disabled: the event goes to it as a click would.
    await dialog.getByTestId('new-contact-cancel').dispatchEvent('click');
    expect(await dialog.getByTestId('new-contact-cancel').getAttribute('aria-disabled')).toBe('true');
    await page.waitForTimeout(200);
    expect(await dialog.isVisible()).toBe(true);

    route.release();
    await page.getByTestId('contact-detail').waitFor(ui);
    await dialog.waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await page.locator('h1').first().textContent()).toContain('Ines In-Flight');
    expect(pageErrors).toEqual([]);
  });

  it('stays open through Esc pressed again and again with the focus off its fields, then shows what the create answered', async () => {
    await openSection(page, 'contacts');
    await page.getByTestId('list-new').click();
    const dialog = page.getByTestId('new-contact');
    await dialog.waitFor(ui);
    await dialog.getByTestId('field-name').fill('Olga Off-Field');
    route.holding.add('contacts.create');
    await dialog.getByTestId('new-contact-submit').click();
    await expect.poll(() => route.held, ui).toBe(1);

    // The focus on the page's body (no control of the dialog hears the key): the browser's own Esc, which a page
    // may refuse only once per user activation.
    await page.evaluate(() => {
      if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    });
    for (let press = 0; press < 3; press += 1) {
      await page.keyboard.press('Escape');
      await page.waitForTimeout(150);
    }
    expect(await dialog.isVisible()).toBe(true);
    expect(await dialog.getByTestId('field-name').inputValue()).toBe('Olga Off-Field');
    expect(await page.getByTestId('discard-changes').count()).toBe(0);

    route.release();
    await page.getByTestId('contact-detail').waitFor(ui);
    await dialog.waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await page.locator('h1').first().textContent()).toContain('Olga Off-Field');
    expect(pageErrors).toEqual([]);
  });
});
