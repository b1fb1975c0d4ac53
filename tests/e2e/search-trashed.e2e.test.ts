// Ctrl+K and the trash, in Chromium against the real headless shell and vault:
// the search index holds live records only, so a contact just deleted answered
// "Nothing matches" and no more. Now the dialog says how many records in the
// trash match ("1 contact in the trash matches"), an option like a hit, and
// Enter on it opens the contacts' trash, which shows the contact; with live
// hits too, it comes after them, reached with the arrow keys. Records are
// written through the page's own (routed) IPC socket, as the app writes them.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSection, ui } from './crm-steps';
import { call, createdId } from './proxied-server';
import { useInjectingApp } from './injecting-route';

const password = 'deleted a moment ago';

describe('Ctrl+K and records in the trash', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  const trashLine = () => page.getByTestId('search-trashed');
  const listTitle = () => page.locator('.page--list h1').textContent();
  const rowTexts = () => page.getByTestId('contact-table-row').allTextContents();

  async function searchFor(text: string): Promise<void> {
    await page.keyboard.press('Control+k');
    await page.getByTestId('search-input').fill(text);
  }

  it('says a trashed contact matches and opens the trash showing it, by the keyboard', async () => {
    const greta = await createdId(route, 'contacts.create', { name: 'Greta Lindqvist' });
    await createdId(route, 'contacts.create', { name: 'Hugo Stays' });
    await call(route, 'contacts.delete', { id: greta });
    await openSection(page, 'contacts');
    await expect.poll(rowTexts, ui).toHaveLength(1);

    await searchFor('Gre');
    await expect.poll(() => trashLine().allTextContents(), ui).toEqual(['1 contact in the trash matches↵']);
    expect(await page.getByTestId('search-hit').count()).toBe(0);
    expect(await page.getByTestId('search-empty').textContent()).toBe('Nothing matches “Gre”.');
    // With no hits it is the option chosen: Enter opens it.
    expect(await trashLine().getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('search-input').getAttribute('aria-activedescendant')).toBe(await trashLine().getAttribute('id'));
    await page.keyboard.press('Enter');

    await expect.poll(listTitle, ui).toBe('Contacts in the trash');
    await page.getByTestId('search-dialog').waitFor({ state: 'detached', ...ui });
    await expect.poll(async () => (await rowTexts()).map((text) => text.includes('Greta Lindqvist')), ui).toEqual([true]);
    expect(await page.getByTestId('trash-toggle').getAttribute('aria-pressed')).toBe('true');
    // Leaving the trash shows the contacts list.
    await page.getByTestId('trash-toggle').click();
    await expect.poll(listTitle, ui).toBe('Contacts');
    await expect.poll(async () => (await rowTexts()).map((text) => text.includes('Hugo Stays')), ui).toEqual([true]);
    expect(pageErrors).toEqual([]);
  });

  it('puts the trash line after the live hits, where ↓ reaches it', async () => {
    await createdId(route, 'contacts.create', { name: 'Gregor Live' });
    await openSection(page, 'today');
    await searchFor('Gre');
    await expect.poll(() => page.getByTestId('search-hit').allTextContents(), ui).toEqual(['Gregor Live↵']);
    await trashLine().waitFor(ui);
    expect(await trashLine().getAttribute('aria-selected')).toBe('false');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => trashLine().getAttribute('aria-selected'), ui).toBe('true');
    await page.keyboard.press('Enter');
    await expect.poll(listTitle, ui).toBe('Contacts in the trash');
    await expect.poll(async () => (await rowTexts()).map((text) => text.includes('Greta Lindqvist')), ui).toEqual([true]);
    expect(pageErrors).toEqual([]);
  });
});
