// Empty lists in a new vault, in Chromium against the real headless shell
// and vault. An empty Deals list: "Open deals" says there are no open deals
// and where closed ones would be; "All deals", which shows every deal, says
// there are no deals at all (not "no open deals"), in English and in
// Chinese, and both offer to create one. The empty Contacts and Accounts
// lists offer Import too, which opens Import and export on that list. A list
// emptied into the trash (every contact deleted from the selection bar) says its records
// are in the trash, not "No contacts yet", and offers no import; it opens the
// trash (the focus on its first row); restored, the list is back.
// Records are written through the page's own (routed) IPC socket, as the
// "New" dialogs would write them.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { setLanguage } from './layout-steps';

const password = 'nothing sold yet';
const contacts = ['Trashed Ada', 'Trashed Bea', 'Trashed Cem'];

describe('empty lists', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('offers Import beside New on the empty Contacts and Accounts lists, opening Import and export', async () => {
    for (const [section, title, label] of [
      ['contacts', 'No contacts yet', 'Import contacts'],
      ['accounts', 'No accounts yet', 'Import accounts'],
    ] as const) {
      await openSection(page, section);
      const empty = page.getByTestId('list-empty');
      await expect.poll(() => empty.locator('.empty__title').textContent(), ui).toBe(title);
      const button = empty.getByTestId('list-empty-import');
      expect(await button.textContent()).toBe(label);
      // By keyboard, like any button.
      await button.focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('transfer-page').waitFor(ui);
      expect(await page.getByTestId('nav-transfer').getAttribute('aria-current')).toBe('page');
      // On that list: before, the Accounts list's Import opened the import on Contacts.
      await expect.poll(() => page.getByTestId('import-entity').inputValue(), ui).toBe(section);
    }
    expect(pageErrors).toEqual([]);
  });

  it('says "No open deals" under Open deals and "No deals yet" under All deals', async () => {
    await openSection(page, 'deals');
    const empty = page.getByTestId('list-empty');
    await empty.waitFor(ui);
    expect(await empty.locator('.empty__title').textContent()).toBe('No open deals');
    expect(await empty.textContent()).toContain('Won and lost deals show under All deals.');

    await page.getByTestId('view-builtin-all').click();
    await expect.poll(() => empty.locator('.empty__title').textContent(), ui).toBe('No deals yet');
    expect(await empty.textContent()).not.toContain('All deals');
    expect(await empty.getByRole('button', { name: 'New deal' }).count()).toBe(1);

    await setLanguage(page, 'zh-CN');
    await openSection(page, 'deals');
    await page.getByTestId('view-builtin-all').click();
    await expect.poll(() => empty.locator('.empty__title').textContent(), ui).toBe('还没有商机');
    await setLanguage(page, 'en');
    expect(pageErrors).toEqual([]);
  });

  it('says "All contacts are in the trash" once every contact is deleted, opens the trash, and shows them restored', async () => {
    await openSection(page, 'contacts');
    const empty = page.getByTestId('list-empty');
    const title = empty.locator('.empty__title');
    await expect.poll(() => title.textContent(), ui).toBe('No contacts yet');
    expect(await empty.getByTestId('list-empty-open-trash').count()).toBe(0);
    for (const name of contacts) expect(await route.invoke('contacts.create', { name })).toMatchObject({ ok: true });

    // Every contact, deleted from the selection bar.
    await openSection(page, 'settings');
    await openSection(page, 'contacts');
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe('3 records');
    await page.getByTestId('select-all').click();
    await page.getByTestId('bulk-delete').click();
    await page.getByTestId('bulk-deleted-toast').filter({ hasText: '3 records moved to the trash' }).waitFor(ui);
    await expect.poll(() => title.textContent(), ui).toBe('All contacts are in the trash');
    expect(await empty.textContent()).toContain('Open it to restore them.');
    expect(await empty.getByRole('button', { name: 'New contact' }).count()).toBe(1);
    // Not "no contacts at all": the trash is offered, not an import.
    expect(await empty.getByTestId('list-empty-import').count()).toBe(0);

    await setLanguage(page, 'zh-CN');
    await openSection(page, 'contacts');
    await expect.poll(() => title.textContent(), ui).toBe('所有联系人都在回收站中');
    expect(await empty.getByRole('button', { name: '打开回收站' }).count()).toBe(1);
    await setLanguage(page, 'en');

    // Open trash: the three contacts, restored from there; back to the list, there they are.
    await openSection(page, 'contacts');
    // By keyboard: the button goes with the empty list, and the focus goes to the trash's first row.
    await empty.getByRole('button', { name: 'Open trash' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.page--list h1').textContent(), ui).toBe('Contacts in the trash');
    const rows = page.getByTestId('contact-table-row');
    await expect.poll(() => rows.count(), ui).toBe(contacts.length);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')), ui).toBe(contacts[0]);
    await page.getByTestId('select-all').click();
    await page.getByTestId('bulk-restore').click();
    await page.getByTestId('bulk-restored-toast').filter({ hasText: '3 records restored' }).waitFor(ui);
    await page.getByTestId('trash-toggle').click();
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toBe('3 records');
    expect(await rows.evaluateAll((found) => found.map((row) => row.getAttribute('aria-label')))).toEqual(contacts);
    expect(await empty.count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
