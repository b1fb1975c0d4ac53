// The rules a contact's forms hold it to, in Chromium against the real
// headless shell and vault (contact-rules.ts), in the "New contact" dialog
// and in the inline edits of a contact's page:
// - a preferred channel with nowhere to reach the contact (Email with no
//   address, Phone or SMS with no number) is refused under the field: before,
//   it was saved and the page said "Preferred channel: Email" with no address;
// - an address typed twice in other case, or a number with other separators,
//   is refused naming both entries: before, both were stored;
// - a postal code too long marks, names and (in the dialog) focuses the postal
//   code alone: before, all five address inputs carried the message;
// - the Undo of an inline edit is held to the same rules (before, undoing an
//   address added left Email preferred with no address), and leaves a value
//   changed since as it is.
import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { accessibleText, closeDialogs, focusedTestId, openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { call, createdId } from './proxied-server';

const password = 'reach me somewhere';
const needsEmail = 'The preferred channel Email needs an email address: add one, or choose another channel';
const needsSms = 'The preferred channel SMS needs a phone number: add one, or choose another channel';
const tooLongPostal = 'Postal code: Use at most 20 characters';
const parts = ['street', 'city', 'region', 'postalCode', 'country'] as const;

describe("a contact's channel, entries and address parts in its forms", () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;
  let id: string;

  const storedOf = async (of: string) =>
    z
      .object({ contact: z.object({ emails: z.array(z.string()), phones: z.array(z.string()), preferredChannel: z.string(), title: z.string() }) })
      .parse(await call(route, 'contacts.get', { id: of })).contact;
  const stored = () => storedOf(id);

  beforeAll(async () => {
    ({ page } = app);
    id = await createdId(route, 'contacts.create', { name: 'Ada Reach', emails: ['ada@x.org'], phones: ['+44 20 7946 0000'], preferredChannel: 'email' });
  });

  beforeEach(async () => {
    await closeDialogs(page);
    await page.waitForFunction(() => document.querySelector('.toast') === null, undefined, ui);
  });

  /** The "New contact" dialog, opened from the contacts list with a name typed. */
  async function newContact() {
    await openSection(page, 'contacts');
    await page.getByTestId('list-new').click();
    const dialog = page.getByTestId('new-contact');
    await dialog.waitFor(ui);
    await dialog.getByTestId('field-name').fill('Nora New');
    return dialog;
  }

  async function openContact(): Promise<void> {
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Ada Reach' }).click();
    await page.getByTestId('contact-detail').waitFor(ui);
  }

  /** Opens the inline editor of `field`, lets `type` fill it, and saves with its Save button. */
  async function editInline(field: string, type: () => Promise<unknown>): Promise<void> {
    await page.getByTestId(`inline-${field}-edit`).click();
    await type();
    await page.getByTestId(`inline-${field}-save`).click();
  }

  it('refuses a new contact whose preferred channel has no address or number, under the empty list', async () => {
    const dialog = await newContact();
    await dialog.getByTestId('field-preferredChannel').selectOption('email');
    await dialog.getByTestId('new-contact-submit').click();
    await expect.poll(() => dialog.getByTestId('field-emails-error').textContent(), ui).toBe(needsEmail);
    expect(await focusedTestId(page)).toBe('field-emails');
    await dialog.getByTestId('field-emails').fill('nora@x.org');
    await dialog.getByTestId('field-preferredChannel').selectOption('sms');
    await dialog.getByTestId('new-contact-submit').click();
    await expect.poll(() => dialog.getByTestId('field-phones-error').textContent(), ui).toBe(needsSms);
    expect(await dialog.getByTestId('field-emails-error').count()).toBe(0);
    expect(await dialog.isVisible()).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('refuses a new contact with an address in other case and a number with other separators', async () => {
    const dialog = await newContact();
    await dialog.getByTestId('field-emails').fill('ada@x.org\nAda@X.org');
    await dialog.getByTestId('field-phones').fill('+44 20 7946 0000\n+44 (20) 7946-0000');
    await dialog.getByTestId('new-contact-submit').click();
    await expect.poll(() => dialog.getByTestId('field-emails-error').textContent(), ui).toBe('Entry 2 repeats entry 1');
    expect(await dialog.getByTestId('field-phones-error').textContent()).toBe('Entry 2 repeats entry 1');
    expect(await focusedTestId(page)).toBe('field-emails');
    expect(pageErrors).toEqual([]);
  });

  it('marks, names and focuses only the postal code of a new contact when it is too long', async () => {
    const dialog = await newContact();
    await dialog.getByTestId('field-address-city').fill('Hamburg');
    await dialog.getByTestId('field-address-postalCode').fill('2'.repeat(25));
    await dialog.getByTestId('new-contact-submit').click();
    await expect.poll(() => dialog.getByTestId('field-address-postalCode-error').textContent(), ui).toBe(tooLongPostal);
    expect(await focusedTestId(page)).toBe('field-address-postalCode');
    for (const part of parts) {
      expect(await dialog.getByTestId(`field-address-${part}`).getAttribute('aria-invalid')).toBe(part === 'postalCode' ? 'true' : 'false');
    }
    expect((await accessibleText(page, '[data-testid="new-contact"] [data-testid="field-address-postalCode"]')).description).toBe(tooLongPostal);
    expect((await accessibleText(page, '[data-testid="new-contact"] [data-testid="field-address-street"]')).description).toBe('');
    expect(pageErrors).toEqual([]);
  });

  it("refuses emptying the preferred channel's list, and choosing a channel with none, on the contact's page", async () => {
    await openContact();
    await editInline('emails', () => page.getByTestId('inline-emails-input').fill(''));
    await expect.poll(() => page.getByTestId('inline-emails-input-error').textContent(), ui).toBe(needsEmail);
    expect((await stored()).emails).toEqual(['ada@x.org']);
    await page.getByTestId('inline-emails-input').press('Escape');
    // Its numbers may go: the channel is Email.
    await editInline('phones', () => page.getByTestId('inline-phones-input').fill(''));
    await page.getByTestId('saved-field-toast').waitFor(ui);
    await expect.poll(async () => (await stored()).phones, ui).toEqual([]);
    await editInline('preferredChannel', () => page.getByTestId('inline-preferredChannel-input').selectOption('sms'));
    await expect.poll(() => page.getByTestId('inline-preferredChannel-input-error').textContent(), ui).toBe(needsSms);
    expect((await stored()).preferredChannel).toBe('email');
    await page.getByTestId('inline-preferredChannel-input').press('Escape');
    expect(pageErrors).toEqual([]);
  });

  it("refuses an address typed twice in other case on the contact's page", async () => {
    await openContact();
    await editInline('emails', () => page.getByTestId('inline-emails-input').fill('ada@x.org\nbob@x.org\nADA@x.org'));
    await expect.poll(() => page.getByTestId('inline-emails-input-error').textContent(), ui).toBe('Entry 3 repeats entry 1');
    expect((await stored()).emails).toEqual(['ada@x.org']);
    await page.getByTestId('inline-emails-input').press('Escape');
    await editInline('phones', () => page.getByTestId('inline-phones-input').fill('+1 555 0100\n+1 (555) 0100'));
    await expect.poll(() => page.getByTestId('inline-phones-input-error').textContent(), ui).toBe('Entry 2 repeats entry 1');
    await page.getByTestId('inline-phones-input').press('Escape');
    expect(pageErrors).toEqual([]);
  });

  it('refuses the Undo of an address added once Email is preferred, and leaves a value changed since as it is', async () => {
    const uma = await createdId(route, 'contacts.create', { name: 'Uma Undo', title: 'Buyer' });
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Uma Undo' }).click();
    await page.getByTestId('contact-detail').waitFor(ui);
    await editInline('emails', () => page.getByTestId('inline-emails-input').fill('uma@x.org'));
    const addressSaved = page.getByTestId('saved-field-toast').filter({ hasText: 'Email addresses saved' });
    await addressSaved.waitFor(ui);
    await editInline('preferredChannel', () => page.getByTestId('inline-preferredChannel-input').selectOption('email'));
    await page.getByTestId('saved-field-toast').filter({ hasText: 'Preferred channel saved' }).waitFor(ui);
    await expect.poll(async () => (await storedOf(uma)).preferredChannel, ui).toBe('email');
    // Undo of the address: it would leave Email preferred with no address, so nothing is sent and the toast says why.
    await addressSaved.getByTestId('saved-field-toast-action').click();
    await expect.poll(() => page.getByTestId('undo-refused-toast').textContent(), ui).toContain(needsEmail);
    expect(await storedOf(uma)).toMatchObject({ emails: ['uma@x.org'], preferredChannel: 'email' });

    // A title saved with spaces around it (stored trimmed) and undone: it is what was saved, so Undo puts it back.
    await editInline('title', () => page.getByTestId('inline-title-input').fill('  Lead buyer  '));
    const titleSaved = page.getByTestId('saved-field-toast').filter({ hasText: 'Job title saved' });
    await titleSaved.waitFor(ui);
    await expect.poll(async () => (await storedOf(uma)).title, ui).toBe('Lead buyer');
    await titleSaved.getByTestId('saved-field-toast-action').click();
    await page.getByTestId('restored-field-toast').waitFor(ui);
    await expect.poll(async () => (await storedOf(uma)).title, ui).toBe('Buyer');

    // A title saved here, then changed elsewhere (a sync): Undo leaves the newer title.
    await editInline('title', () => page.getByTestId('inline-title-input').fill('Head buyer'));
    await titleSaved.waitFor(ui);
    expect(await route.invoke('contacts.update', { id: uma, patch: { title: 'Chief buyer' } })).toMatchObject({ ok: true });
    await titleSaved.getByTestId('saved-field-toast-action').click();
    await expect.poll(() => page.getByTestId('undo-field-overtaken-toast').textContent(), ui).toContain(
      'Job title has changed since it was saved, so Undo left it as it is now.',
    );
    expect((await storedOf(uma)).title).toBe('Chief buyer');
    expect(pageErrors).toEqual([]);
  });
});
