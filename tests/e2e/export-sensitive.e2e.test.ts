// Exports and sensitive fields (walkthrough 7, #3), in Chromium against the
// real headless shell and vault: a contact's notes, masked on its page behind
// "Show", were written in clear by one click on Export CSV. Now a list with
// sensitive fields asks first: they are left out of the file unless ticked
// in for this export, and the toast says so. The Transfer page's export
// offers the same choice for such lists only. In English and Chinese.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useApp } from './app';
import { closeDialogs, focusedTestId, openSection, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { setLanguage } from './layout-steps';
import { call } from './proxied-server';

const password = 'notes stay on the laptop';
const secret = 'Board wants to cut the budget by half';

describe('exports and sensitive fields', () => {
  const route = new InjectingRoute();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password });
  const { pageErrors } = app;
  let page: Page;

  /** Downloads what `start` begins and returns the file's text. */
  async function downloaded(start: () => Promise<void>): Promise<string> {
    const [download] = await Promise.all([page.waitForEvent('download'), start()]);
    return readFile(await download.path(), 'utf8');
  }

  beforeAll(async () => {
    ({ page } = app);
    z.object({ id: z.string() }).parse(await call(route, 'contacts.create', { name: 'Noted Person', notes: secret }));
    z.object({ id: z.string() }).parse(await call(route, 'accounts.create', { name: 'Plain Firm' }));
  });

  beforeEach(() => closeDialogs(page));

  it('asks first on the contacts list, leaves the notes out by default and puts them in when ticked', async () => {
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').first().waitFor(ui);
    await page.getByTestId('list-export').click();
    const dialog = page.getByTestId('export-choice');
    await dialog.waitFor(ui);
    expect(await dialog.textContent()).toContain('Notes are sensitive');
    expect(await page.getByTestId('export-include-sensitive').isChecked()).toBe(false);
    expect(await focusedTestId(page)).toBe('export-confirm');
    const without = await downloaded(() => page.keyboard.press('Enter'));
    // The byte-order mark Excel reads UTF-8 by: the renderer writes it, export.csv's text comes without it.
    expect(without.startsWith('\uFEFF')).toBe(true);
    expect(without).toContain('Noted Person');
    expect(without).not.toContain('Notes');
    expect(without).not.toContain(secret);
    await page.getByTestId('exported-toast').filter({ hasText: '1 row exported, without Notes' }).waitFor(ui);

    await page.getByTestId('list-export').click();
    await dialog.waitFor(ui);
    // Unticked again: the choice is not remembered.
    expect(await page.getByTestId('export-include-sensitive').isChecked()).toBe(false);
    await page.getByTestId('export-include-sensitive').check();
    const withNotes = await downloaded(() => page.getByTestId('export-confirm').click());
    expect(withNotes).toContain('Notes');
    expect(withNotes).toContain(secret);
    await page.getByTestId('exported-toast').filter({ hasText: /^1 row exported$/ }).waitFor(ui);

    // Esc cancels: no file.
    await page.getByTestId('list-export').click();
    await dialog.waitFor(ui);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: ui.timeout });
    expect(pageErrors).toEqual([]);
  });

  it('exports a list with no sensitive field at once', async () => {
    await openSection(page, 'accounts');
    await page.getByTestId('account-table-row').first().waitFor(ui);
    const csv = await downloaded(() => page.getByTestId('list-export').click());
    expect(csv).toContain('Plain Firm');
    expect(await page.getByTestId('export-choice').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('offers the choice on the Transfer page for contacts, not for accounts, names each list\'s order, and words it in Chinese', async () => {
    await openSection(page, 'transfer');
    const card = page.getByTestId('export-card');
    await card.waitFor(ui);
    expect(await page.getByTestId('export-include-sensitive').isChecked()).toBe(false);
    const without = await downloaded(() => page.getByTestId('export-run').click());
    expect(without).not.toContain(secret);
    await page.getByTestId('export-done').filter({ hasText: 'without Notes' }).waitFor(ui);
    await page.getByTestId('export-include-sensitive').check();
    expect(await downloaded(() => page.getByTestId('export-run').click())).toContain(secret);
    // Asked each time: the next export from the page starts without the notes again.
    await expect.poll(() => page.getByTestId('export-include-sensitive').isChecked(), ui).toBe(false);
    expect(await downloaded(() => page.getByTestId('export-run').click())).not.toContain(secret);
    await page.getByTestId('export-entity').selectOption('accounts');
    expect(await page.getByTestId('export-include-sensitive').count()).toBe(0);
    // The card names the order the file has: "by name" only for the lists sorted by name.
    const order = page.getByTestId('export-order');
    expect(await order.textContent()).toBe('Exports every record of the chosen list, sorted by name.');
    for (const [entity, words] of [
      ['deals', 'Exports every record of the chosen list, sorted by expected close date, soonest first.'],
      ['activities', 'Exports every record of the chosen list, newest first.'],
      ['tasks', 'Exports every record of the chosen list, sorted by due date, soonest first; tasks with no due date come last.'],
    ] as const) {
      await page.getByTestId('export-entity').selectOption(entity);
      await expect.poll(() => order.textContent(), ui).toBe(words);
    }

    await setLanguage(page, 'zh-CN');
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').first().waitFor(ui);
    await page.getByTestId('list-export').click();
    await page.getByTestId('export-choice').waitFor(ui);
    expect(await page.getByTestId('export-choice').textContent()).toContain('备注属于敏感信息');
    expect(await page.getByTestId('export-choice').textContent()).toContain('在文件中包含备注');
    await page.keyboard.press('Escape');
    await setLanguage(page, 'en');
    expect(pageErrors).toEqual([]);
  });
});
