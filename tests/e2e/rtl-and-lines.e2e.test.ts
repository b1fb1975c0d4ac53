// Names and lines as users type them, in Chromium against the real headless
// shell and vault:
// - a contact with the same phone number on two lines shows it twice, and
//   after the lines change elsewhere (a sync) shows exactly the new lines:
//   before, the two equal lines shared a React key and a stale line stayed;
// - a Hebrew name reads right to left where the page shows it as a value
//   (dir="auto"), and is isolated inside a message around it (FSI … PDI), so
//   the text after it keeps its place;
// - a Hebrew name reads right to left in the page's header and in its inline
//   editor, a Hebrew tag in its chip and a Hebrew account's name in the
//   contacts list (dir="auto", <bdi>): before, they took the page's
//   left-to-right direction;
// - a "New contact" dialog refusing one of several e-mail addresses says
//   which entry it refused.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { closeDialogs, openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { call, createdId } from './proxied-server';

const password = 'names and lines as typed';
const hebrew = { name: 'שרה כהן', title: 'מנהלת מכירות (צפון)', tag: 'לקוח (VIP)', account: 'מאפיית כהן בע"מ' };
const phones = { first: '+44 20 7946 0001', second: '+44 20 7946 0002' };

describe('right-to-left names and repeated lines', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;
  let id: string;

  /** Opens the contact's page from the contacts list. */
  async function openContact(): Promise<void> {
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: hebrew.name }).click();
    await page.getByTestId('contact-detail').waitFor(ui);
  }

  /** The contact's phone lines as the page shows them. */
  const shownPhones = () => page.getByTestId('inline-phones').locator('.value-lines li').allTextContents();

  beforeAll(async () => {
    ({ page } = app);
    await openSection(page, 'contacts');
    const accountId = await createdId(route, 'accounts.create', { name: hebrew.account });
    id = await createdId(route, 'contacts.create', { name: hebrew.name, accountId, title: hebrew.title, tags: [hebrew.tag], phones: [phones.first, phones.second, phones.first] });
    await openSection(page, 'today');
    await openSection(page, 'contacts');
  });

  it('isolates the name in the row’s label, and shows the title right to left on the contact’s page', async () => {
    const row = page.getByTestId('contact-table-row').filter({ hasText: hebrew.name });
    await row.waitFor(ui);
    expect(await row.getByTestId('row-select').getAttribute('aria-label')).toBe(`Select \u2068${hebrew.name}\u2069`);
    await openContact();
    const title = page.getByTestId('inline-title').locator('.value-text');
    expect(await title.textContent()).toBe(hebrew.title);
    expect(await title.evaluate((element) => getComputedStyle(element).direction)).toBe('rtl');
    expect(pageErrors).toEqual([]);
  });

  it('shows the name in the header and its inline editor, the tag and the account’s name right to left', async () => {
    /** The direction an element's text takes (dir="auto" resolved by its content). */
    const direction = (element: SVGElement | HTMLElement) => getComputedStyle(element).direction;
    await openContact();
    const title = page.getByTestId('detail-title').locator('bdi');
    expect(await title.textContent()).toBe(hebrew.name);
    expect(await title.evaluate(direction)).toBe('rtl');
    const chip = page.getByTestId('inline-tags').locator('.tags__chip').filter({ hasText: hebrew.tag });
    expect(await chip.evaluate(direction)).toBe('rtl');
    await page.getByTestId('inline-name-edit').click();
    const input = page.getByTestId('inline-name-input');
    expect(await input.inputValue()).toBe(hebrew.name);
    expect(await input.evaluate(direction)).toBe('rtl');
    await input.press('Escape');
    await input.waitFor({ state: 'detached', ...ui });
    // In the list's Tags column too, and the contact's account in its Account column.
    await openSection(page, 'contacts');
    const row = page.getByTestId('contact-table-row').filter({ hasText: hebrew.name });
    const listed = row.locator('.tags__chip');
    await listed.first().waitFor(ui);
    expect(await listed.first().evaluate(direction)).toBe('rtl');
    const accountName = row.getByText(hebrew.account, { exact: true });
    await accountName.waitFor(ui);
    expect(await accountName.evaluate(direction)).toBe('rtl');
    expect(pageErrors).toEqual([]);
  });

  it('shows a line typed twice twice, and exactly the new lines once they change elsewhere', async () => {
    await openContact();
    await expect.poll(shownPhones, ui).toEqual([phones.first, phones.second, phones.first]);
    await call(route, 'contacts.update', { id, patch: { phones: [phones.second, phones.first] } });
    route.emit('sync.didApplyChanges', { entities: ['contacts'], ids: { contacts: [id] } });
    const stored = z.object({ contact: z.object({ phones: z.array(z.string()) }) }).parse(await call(route, 'contacts.get', { id }));
    expect(stored.contact.phones).toEqual([phones.second, phones.first]);
    await expect.poll(shownPhones, ui).toEqual([phones.second, phones.first]);
    expect(pageErrors).toEqual([]);
  });

  it('says which of several e-mail addresses is not one', async () => {
    await openSection(page, 'contacts');
    await page.getByTestId('list-new').click();
    const dialog = page.getByTestId('new-contact');
    await dialog.waitFor(ui);
    await dialog.getByTestId('field-name').fill('Ann North');
    await dialog.getByTestId('field-emails').fill('ann@north.example\n\nann-at-home\n');
    await dialog.getByTestId('new-contact-submit').click();
    // The blank line is no entry: the second address is the one refused.
    await expect.poll(() => dialog.getByTestId('field-emails-error').textContent(), ui).toBe('Entry 2: Not a valid email address');
    await closeDialogs(page);
    expect(pageErrors).toEqual([]);
  });
});
