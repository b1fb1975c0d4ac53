// A contact's notes (sensitive: dots and "Show" until asked) on its page, in
// Chromium against the real headless shell and vault: a click on the dots or
// anywhere on the notes row does not open them in the editor; before, one
// stray click showed the whole note in a text box, "Show" never pressed. The
// edit button (or F2) shows them through the same step as "Show" as it opens
// the editor: asking to edit is asking to see.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { createdId } from './proxied-server';

const password = 'dots stay dots';
const secret = 'Negotiating 12% off, keep quiet';

describe('editing a hidden note in place', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    await createdId(route, 'contacts.create', { name: 'Mira Masked', notes: secret });
  });

  it('opens no editor for a click on the dots or the row, and the edit button shows the note as it opens it', async () => {
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Mira Masked' }).click();
    const detail = page.getByTestId('contact-detail');
    await detail.waitFor(ui);
    const notes = detail.getByTestId('inline-notes');
    await notes.getByTestId('reveal-notes').waitFor(ui);

    await notes.locator('.masked__dots').click();
    await notes.locator('.inline-field__label').click();
    expect(await notes.getByTestId('inline-notes-input').count()).toBe(0);
    expect(await detail.textContent()).not.toContain(secret);

    await notes.getByTestId('inline-notes-edit').focus();
    await page.keyboard.press('F2');
    expect(await notes.getByTestId('inline-notes-input').inputValue()).toBe(secret);
    await page.keyboard.press('Escape');
    // Shown now (the user asked): the row edits again on a click.
    expect(await notes.textContent()).toContain(secret);
    await notes.locator('.inline-field__label').click();
    await notes.getByTestId('inline-notes-input').waitFor(ui);
    await page.keyboard.press('Escape');
    expect(pageErrors).toEqual([]);
  });
});
