// Typing in a dialog and in the Settings enrolment form is not dropped without
// a word, in Chromium against the real headless shell and vault. A filled
// "New …" dialog asks "Discard your unsaved changes?" on Esc, × and Cancel:
// "Keep editing" (the default; Esc) keeps the values and puts the focus back
// where it was, "Discard" closes the dialog; a clean one closes on Esc at
// once, and an Esc that ends an input method's composition neither closes nor
// asks. Leaving Settings with the enrolment form filled asks as leaving a page
// draft does. Before, Esc and Cancel closed the dialog and the side navigation
// left Settings, the typing gone.
import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { closeDialogs, openSection, ui } from './crm-steps';

const password = 'ask before dropping it';

/** Whether the element of `testId` has the focus. */
async function focused(page: Page, testId: string): Promise<boolean> {
  return page.getByTestId(testId).evaluate((element) => element === document.activeElement);
}

/** Two frames: what a key press or a click would have shown by now. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

describe('typing that closing or leaving would drop', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  beforeEach(() => closeDialogs(page));

  it('asks on Esc, × and Cancel in a filled New contact dialog: Keep editing keeps the values, Discard closes it', async () => {
    await openSection(page, 'contacts');
    await page.getByTestId('list-new').click();
    const dialog = page.getByTestId('new-contact');
    await dialog.waitFor(ui);
    const name = dialog.getByTestId('field-name');
    await name.fill('Dana Dialog');
    const question = page.getByTestId('discard-changes');

    // Esc asks; keeping is the default (it has the focus) and the dialog stays behind the question.
    await page.keyboard.press('Escape');
    await question.waitFor(ui);
    expect(await question.getByRole('heading').textContent()).toBe('Discard your unsaved changes?');
    expect(await question.locator('p').textContent()).toBe('What you typed in this dialog has not been saved.');
    expect(await focused(page, 'discard-changes-keep')).toBe(true);
    expect(await dialog.count()).toBe(1);
    await page.getByTestId('discard-changes-keep').click();
    await question.waitFor({ state: 'detached', ...ui });
    expect(await name.inputValue()).toBe('Dana Dialog');
    expect(await focused(page, 'field-name')).toBe(true);

    // Esc on the question keeps editing too, and a second Esc (no click between) asks again rather than closing.
    await page.keyboard.press('Escape');
    await question.waitFor(ui);
    await page.keyboard.press('Escape');
    await question.waitFor({ state: 'detached', ...ui });
    expect(await focused(page, 'field-name')).toBe(true);
    await page.keyboard.press('Escape');
    await question.waitFor(ui);
    await page.keyboard.press('Escape');
    await question.waitFor({ state: 'detached', ...ui });
    expect(await dialog.count()).toBe(1);
    expect(await name.inputValue()).toBe('Dana Dialog');

    // Cancel and × ask as well; kept, the focus goes back to the button.
    await dialog.getByTestId('new-contact-cancel').click();
    await question.waitFor(ui);
    await page.keyboard.press('Escape');
    await question.waitFor({ state: 'detached', ...ui });
    expect(await focused(page, 'new-contact-cancel')).toBe(true);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await question.waitFor(ui);
    await page.getByTestId('discard-changes-keep').click();
    await question.waitFor({ state: 'detached', ...ui });
    expect(await dialog.getByRole('button', { name: 'Close' }).evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await name.inputValue()).toBe('Dana Dialog');

    // Discard closes the dialog; the focus goes back to the button that opened it, and nothing was created.
    await dialog.getByTestId('new-contact-cancel').click();
    await question.waitFor(ui);
    await page.getByTestId('discard-changes-discard').click();
    await dialog.waitFor({ state: 'detached', ...ui });
    expect(await question.count()).toBe(0);
    expect(await focused(page, 'list-new')).toBe(true);
    expect(await page.getByTestId('list-contacts').getByText('Dana Dialog').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('closes a clean dialog on Esc at once, and lets an Esc that ends a composition pass without asking', async () => {
    await openSection(page, 'contacts');
    await page.getByTestId('list-new').click();
    const dialog = page.getByTestId('new-contact');
    await dialog.waitFor(ui);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', ...ui });
    expect(await page.getByTestId('discard-changes').count()).toBe(0);

    // Typed, then emptied again: nothing to lose.
    await page.getByTestId('list-new').click();
    await dialog.waitFor(ui);
    await dialog.getByTestId('field-name').fill('Brief');
    await dialog.getByTestId('field-name').fill('');
    await dialog.getByTestId('new-contact-cancel').click();
    await dialog.waitFor({ state: 'detached', ...ui });
    expect(await page.getByTestId('discard-changes').count()).toBe(0);

    // Esc ending a composition (pinyin, kana) belongs to the input method.
    await page.getByTestId('list-new').click();
    await dialog.waitFor(ui);
    await dialog.getByTestId('field-name').fill('王');
    await dialog.getByTestId('field-name').dispatchEvent('keydown', { key: 'Escape', code: 'Escape', isComposing: true, bubbles: true });
    await settle(page);
    expect(await page.getByTestId('discard-changes').count()).toBe(0);
    expect(await dialog.count()).toBe(1);
    expect(await dialog.getByTestId('field-name').inputValue()).toBe('王');
    expect(pageErrors).toEqual([]);
  });

  it('asks before leaving Settings with the enrolment form filled, and not with it empty', async () => {
    await openSection(page, 'settings');
    const form = page.getByTestId('enrol-form');
    await form.waitFor(ui);
    // Empty: no question.
    await openSection(page, 'contacts');
    await openSection(page, 'settings');
    await form.waitFor(ui);

    await form.getByTestId('enrol-server').fill('https://sync.example.test');
    await form.getByTestId('enrol-code').fill('ABCD-EFGH-JKMN-PQRS');
    await page.getByTestId('nav-contacts').click();
    const question = page.getByTestId('discard-changes');
    await question.waitFor(ui);
    expect(await question.locator('p').textContent()).toBe('What you typed on this page has not been saved.');
    await page.getByTestId('discard-changes-keep').click();
    await question.waitFor({ state: 'detached', ...ui });
    expect(await page.getByTestId('settings-panel').count()).toBe(1);
    expect(await form.getByTestId('enrol-server').inputValue()).toBe('https://sync.example.test');
    expect(await form.getByTestId('enrol-code').inputValue()).toBe('ABCD-EFGH-JKMN-PQRS');
    expect(await focused(page, 'enrol-server')).toBe(true);

    await page.getByTestId('nav-contacts').click();
    await question.waitFor(ui);
    await page.getByTestId('discard-changes-discard').click();
    await page.getByTestId('list-contacts').waitFor(ui);
    await openSection(page, 'settings');
    expect(await form.getByTestId('enrol-server').inputValue()).toBe('');
    expect(pageErrors).toEqual([]);
  });
});
