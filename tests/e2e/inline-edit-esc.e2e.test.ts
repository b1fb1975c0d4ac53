// Esc cancels an inline edit wherever the focus is in its editor, in Chromium
// against the real headless shell and vault: the shortcut help promises "Esc:
// cancel editing", but only the field itself listened, so Esc from the Save or
// Cancel button (Tab after typing) left the editor open. Now, from either, the
// editor closes, the focus goes back to the field's edit button, and nothing
// typed is saved.
import type { Page } from 'playwright-core';
import { z } from 'zod';
import { beforeAll, describe, expect, it } from 'vitest';
import { focusedTestId, openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { call, createdId } from './proxied-server';

const password = 'esc from the buttons too';
const Stored = z.object({ contact: z.object({ title: z.string() }) });

describe('Esc in an inline editor', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;
  let id = '';

  beforeAll(async () => {
    ({ page } = app);
    id = await createdId(route, 'contacts.create', { name: 'Esme Escape', title: 'Buyer' });
  });

  /** F2 on the title, types over it, then Tab until the focus is on `to` (the Save button, or Cancel: no test id). */
  async function typeThenTabTo(to: string): Promise<void> {
    const field = page.getByTestId('inline-title');
    await field.getByTestId('inline-title-edit').focus();
    await page.keyboard.press('F2');
    const input = field.getByTestId('inline-title-input');
    await input.waitFor(ui);
    await page.keyboard.press('Control+a');
    await page.keyboard.type('Head of purchasing');
    for (let step = 0; step < 4 && (await focusedTestId(page)) !== to; step += 1) await page.keyboard.press('Tab');
    expect(await focusedTestId(page)).toBe(to);
    expect(await page.evaluate(() => document.activeElement?.closest('.inline-field__editor') !== null)).toBe(true);
  }

  it('closes the editor from its Save and its Cancel button, the focus back on the edit button, nothing saved', async () => {
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Esme Escape' }).click();
    await page.getByTestId('contact-detail').waitFor(ui);
    const field = page.getByTestId('inline-title');

    for (const button of ['inline-title-save', 'button']) {
      await typeThenTabTo(button);
      await page.keyboard.press('Escape');
      await field.getByTestId('inline-title-input').waitFor({ state: 'detached', timeout: ui.timeout });
      expect(await focusedTestId(page)).toBe('inline-title-edit');
      expect(await field.locator('.inline-field__value').textContent()).toBe('Buyer');
    }
    expect(Stored.parse(await call(route, 'contacts.get', { id })).contact.title).toBe('Buyer');
    expect(pageErrors).toEqual([]);
  });
});
