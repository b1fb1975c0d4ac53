// The Delete key on a Mac, in Chromium against the real headless shell and
// vault with the page told it runs on a Mac (navigator.platform "MacIntel",
// which is what the renderer reads): the key marked "delete" on a Mac laptop
// sends Backspace (Delete is Fn+delete), and it deletes the selected rows from
// a row and from the selection bar, and a saved view from its tab, as Delete
// does; never from a text field, where it deletes a character. The shortcut
// help names the key ⌫, and the bar's Delete says both keys to assistive
// technology.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { focusedTestId, openSection, saveViewAs, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';

const password = 'the key marked delete on a mac';
const contacts = 6;
const name = (index: number) => `Mac Person ${String(index)}`;

describe('the Delete key on a Mac', () => {
  const { route, app } = useInjectingApp({
    context: { viewport: { width: 1280, height: 800 } },
    password,
    beforeLoad: async (page) => {
      await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'platform', { get: () => 'MacIntel' }));
    },
  });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    expect(await page.evaluate(() => navigator.platform)).toBe('MacIntel');
    for (let index = 1; index <= contacts; index += 1) {
      expect(await route.invoke('contacts.create', { name: name(index) })).toMatchObject({ ok: true });
    }
  }, 120_000);

  const listCount = () => page.getByTestId('list-count').textContent();

  /** The contacts list with the focus on its first row and that row selected (Space). */
  async function firstRowSelected(count: number): Promise<void> {
    await openSection(page, 'contacts');
    await expect.poll(listCount, ui).toBe(`${count} records`);
    await page.getByTestId('contact-table-row').first().focus();
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByTestId('bulk-count').textContent(), ui).toBe(`1 selected · ${count} in this view`);
  }

  /** Undoes the newest delete from its toast; every contact is listed again. */
  async function undoDelete(): Promise<void> {
    await page.getByTestId('bulk-deleted-toast-action').last().click();
    await expect.poll(listCount, ui).toBe(`${contacts} records`);
  }

  it('deletes the selected rows with ⌫ (Backspace) from a row', async () => {
    await firstRowSelected(contacts);
    await page.keyboard.press('Backspace');
    await page.getByTestId('bulk-deleted-toast').filter({ hasText: '1 record moved to the trash' }).waitFor(ui);
    await expect.poll(listCount, ui).toBe(`${contacts - 1} records`);
    await undoDelete();
    expect(pageErrors).toEqual([]);
  });

  it('deletes the selection with ⌫ from the selection bar, whose Delete names both keys', async () => {
    await firstRowSelected(contacts);
    expect(await page.getByTestId('bulk-delete').getAttribute('aria-keyshortcuts')).toBe('Delete Backspace');
    await page.getByTestId('bulk-clear').focus();
    expect(await focusedTestId(page)).toBe('bulk-clear');
    await page.keyboard.press('Backspace');
    await page.getByTestId('bulk-deleted-toast').filter({ hasText: '1 record moved to the trash' }).waitFor(ui);
    await expect.poll(listCount, ui).toBe(`${contacts - 1} records`);
    await undoDelete();
    expect(pageErrors).toEqual([]);
  });

  it('never deletes the selection with ⌫ typed in a text field', async () => {
    await firstRowSelected(contacts);
    const before = route.calls.length;
    await page.getByTestId('filter-toggle').click();
    const field = page.getByTestId('filter-panel').locator('input:not([type])').first();
    await field.fill('ab');
    await field.press('Backspace');
    expect(await field.inputValue()).toBe('a');
    // The key deleted a character, and nothing was deleted.
    expect(route.calls.slice(before)).not.toContain('contacts.deleteMany');
    expect(await page.getByTestId('bulk-count').textContent()).toBe(`1 selected · ${contacts} in this view`);
    await page.keyboard.press('Escape');
    expect(pageErrors).toEqual([]);
  });

  it('deletes a saved view with ⌫ on its tab', async () => {
    await openSection(page, 'contacts');
    await saveViewAs(page, 'Backspaced');
    const tab = page.getByTestId('saved-view').filter({ hasText: 'Backspaced' });
    await tab.focus();
    await page.keyboard.press('Backspace');
    await page.getByTestId('view-deleted-toast').waitFor(ui);
    await tab.waitFor({ state: 'detached', timeout: ui.timeout });
    expect(pageErrors).toEqual([]);
  });

  it('names the key ⌫ in the shortcut help', async () => {
    await openSection(page, 'contacts');
    await page.evaluate(() => {
      if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    });
    await page.keyboard.press('?');
    const help = page.getByTestId('shortcut-help');
    await help.waitFor(ui);
    const keysOf = async (label: string) =>
      help.locator('dd', { hasText: label }).evaluate((dd) => dd.previousElementSibling?.textContent ?? '');
    expect(await keysOf('selected rows to the trash')).toBe('⌫');
    expect(await keysOf('focused saved view tab')).toBe('⌫');
    expect(await help.locator('kbd', { hasText: /^Delete$/ }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached', timeout: ui.timeout });
    expect(pageErrors).toEqual([]);
  });
});
