// Undo pressed in a toast that outlived its page, while a list is on screen,
// in Chromium against the real headless shell and vault: the list shows what
// the Undo put back. Before, a list heard only a sync's changes: a contact
// renamed inline on its page, the Contacts list opened (showing the new
// name) and the rename undone from the toast left the list showing the new
// name. The rows are shown anew where they stand: the list stays scrolled and
// selected as it was.
// Records are made through the page's own (routed) IPC socket, as the "New"
// dialogs would make them.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSection, scrollToListEnd, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { createdId } from './proxied-server';

const password = 'undo reaches the list on screen';
// More than a screen of rows, so the list is scrolled when the Undo comes; the contact renamed sorts last.
const others = Array.from({ length: 40 }, (_, index) => `Listed Person ${String(index + 1).padStart(2, '0')}`);
const contact = { name: 'Zara Quill', renamed: 'Zora Penn' };
const rows = others.length + 1;

describe('Undo with a list on screen', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    for (const name of others) await createdId(route, 'contacts.create', { name });
    await createdId(route, 'contacts.create', { name: contact.name });
  }, 120_000);

  const table = () => page.getByTestId('contact-table');
  const contactRow = (name: string) => page.getByTestId('contact-table-row').filter({ hasText: name });

  /** The Contacts list, scrolled to its end (where the contact renamed is). */
  async function openContactsAtEnd(): Promise<void> {
    await openSection(page, 'today');
    await openSection(page, 'contacts');
    await scrollToListEnd(table(), rows);
  }

  /** Saves `typed` over the name on the record page on screen; resolves the toast whose Undo puts the name back. */
  async function renameInline(typed: string) {
    await page.getByTestId('inline-name-edit').click();
    const input = page.getByTestId('inline-name-input');
    await input.fill(typed);
    await input.press('Enter');
    const toast = page.getByTestId('saved-field-toast');
    await toast.waitFor(ui);
    return toast;
  }

  it('shows a contact’s name put back by Undo in the Contacts list, scrolled and selected as it was', async () => {
    await openContactsAtEnd();
    await contactRow(contact.name).click();
    await page.getByTestId('detail-title').filter({ hasText: contact.name }).waitFor(ui);
    const toast = await renameInline(contact.renamed);

    await openContactsAtEnd();
    await contactRow(contact.renamed).waitFor(ui);
    const selected = contactRow(others[others.length - 1] ?? '');
    await selected.getByTestId('row-select').click();
    await expect.poll(() => page.getByTestId('bulk-count').textContent(), ui).toBe(`1 selected · ${rows} in this view`);
    expect(await table().evaluate((element) => element.scrollTop)).toBeGreaterThan(0);
    const before = await selected.boundingBox();

    await toast.getByTestId('saved-field-toast-action').click();
    await page.getByTestId('restored-field-toast').waitFor(ui);
    await contactRow(contact.name).waitFor(ui);
    expect(await contactRow(contact.renamed).count()).toBe(0);
    // Shown where it stood: the list is neither read again from the top (the selected row scrolled away,
    // unselected) nor told it changed. The row may move a few pixels: the columns fit the names shown.
    const after = await selected.boundingBox();
    expect(before).not.toBeNull();
    expect(after).not.toBeNull();
    expect(Math.abs((after?.y ?? 0) - (before?.y ?? 0))).toBeLessThan((before?.height ?? 0) / 2);
    expect(await selected.getByTestId('row-select').isChecked()).toBe(true);
    expect(await page.getByTestId('list-sync-changed').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
