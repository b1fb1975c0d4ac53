// A new record names the records it may duplicate, in Chromium against the
// real headless shell and vault: typing a new contact's email address (in
// another case) or phone number (in another grouping) names the contact that
// has it, which the user may open instead; the record can still be created
// (two people may share a switchboard). A new account named as an existing
// one, case and accents aside, names it too; in Chinese as well; a new deal
// named as one of the same account, that deal. Editing an
// existing contact's addresses or numbers, or an account's or a deal's name,
// in place names the others sharing them, never the record itself.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { createRecord, fillAndCreate, openSection, pickRecord, ui } from './crm-steps';
import { setLanguage } from './layout-steps';

const password = 'is this one already here';

describe('look-alikes in the New contact, account and deal forms, and in their inline edits', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  const newRecord = async (section: 'contacts' | 'accounts') => {
    await openSection(page, section);
    await page.getByTestId('list-new').click();
  };

  it('names the contact a typed address or number belongs to, opens it on request, and still creates a new one when asked', async () => {
    await newRecord('contacts');
    await fillAndCreate(page, 'contact', { name: 'Hana Existing', emails: 'hana@alike.example', phones: '+44 20 7946 0444' });
    await page.getByTestId('contact-detail').waitFor(ui);

    await newRecord('contacts');
    const dialog = page.getByTestId('new-contact');
    await dialog.getByTestId('field-name').fill('Hana Again');
    // Nothing typed that could match yet: nothing named.
    expect(await dialog.getByTestId('new-contact-look-alikes').count()).toBe(0);
    await dialog.getByTestId('field-emails').fill('HANA@alike.example');
    const alikes = dialog.getByTestId('new-contact-look-alikes');
    await alikes.filter({ hasText: 'Hana Existing has the same email address' }).waitFor(ui);
    // Named right under the addresses and numbers, in view while they are typed (not under the fold of the long form).
    expect(await alikes.evaluate((element) => {
      const box = element.getBoundingClientRect();
      const buttons = element.closest('form')?.querySelector('.form-actions')?.getBoundingClientRect();
      return buttons !== undefined && box.top >= 0 && box.bottom <= buttons.top;
    })).toBe(true);
    expect(await alikes.evaluate((element) => element.parentElement?.previousElementSibling?.querySelector('textarea')?.dataset.testid)).toBe('field-phones');
    expect(await alikes.locator('.alert__title').textContent()).toBe('Already in FieldVault?');
    // Another address: the warning goes; a number of hers, grouped otherwise, brings it back.
    await dialog.getByTestId('field-emails').fill('someone.else@alike.example');
    await alikes.waitFor({ state: 'detached', timeout: ui.timeout });
    await dialog.getByTestId('field-phones').fill('020 7946 0444');
    await alikes.filter({ hasText: 'Hana Existing has the same phone number' }).waitFor(ui);
    // Open her instead: the form goes, nothing is created, her page opens.
    await alikes.getByRole('button', { name: 'Open Hana Existing' }).click();
    await dialog.waitFor({ state: 'detached', timeout: ui.timeout });
    await page.getByTestId('contact-detail').filter({ hasText: 'Hana Existing' }).waitFor(ui);

    // Or create the new contact anyway: the warning does not stop it.
    await newRecord('contacts');
    await dialog.getByTestId('field-phones').fill('+44 20 7946 0444');
    await alikes.waitFor(ui);
    await fillAndCreate(page, 'contact', { name: 'Hana Colleague' });
    await page.getByTestId('contact-detail').filter({ hasText: 'Hana Colleague' }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('names an account of the same name, case and accents aside, in both languages', async () => {
    await newRecord('accounts');
    await fillAndCreate(page, 'account', { name: 'Café Alike GmbH' });
    await page.getByTestId('account-detail').waitFor(ui);
    await newRecord('accounts');
    const dialog = page.getByTestId('new-account');
    await dialog.getByTestId('field-name').fill('cafe alike gmbh');
    const alikes = dialog.getByTestId('new-account-look-alikes');
    await alikes.filter({ hasText: 'An account named Café Alike GmbH exists' }).waitFor(ui);
    await dialog.getByTestId('field-name').fill('Café Alike');
    await alikes.waitFor({ state: 'detached', timeout: ui.timeout });
    // Typed into, it asks before dropping the typing.
    await dialog.getByTestId('new-account-cancel').click();
    await page.getByTestId('discard-changes-discard').click();
    await dialog.waitFor({ state: 'detached', timeout: ui.timeout });

    await setLanguage(page, 'zh-CN');
    try {
      await newRecord('accounts');
      await dialog.getByTestId('field-name').fill('CAFÉ ALIKE GMBH');
      await alikes.filter({ hasText: '已有名为Café Alike GmbH的客户' }).waitFor(ui);
      expect(await alikes.getByRole('button').textContent()).toBe('打开Café Alike GmbH');
      await dialog.getByTestId('new-account-cancel').click();
      await page.getByTestId('discard-changes-discard').click();
      await dialog.waitFor({ state: 'detached', timeout: ui.timeout });
    } finally {
      await setLanguage(page, 'en');
    }
    expect(pageErrors).toEqual([]);
  });

  it('names a deal of the same name with the same account, and none once another account is picked', async () => {
    await createRecord(page, 'accounts', 'account', { name: 'Alike Deals One' });
    await createRecord(page, 'accounts', 'account', { name: 'Alike Deals Two' });
    await createRecord(page, 'deals', 'deal', { name: 'Renewal 2027' }, { typed: 'Alike Deals O', name: 'Alike Deals One' });
    await openSection(page, 'deals');
    await page.getByTestId('list-new').click();
    const dialog = page.getByTestId('new-deal');
    await pickRecord(page, 'field-accountId', 'Alike Deals O', 'Alike Deals One');
    await dialog.getByTestId('field-name').fill('renewal  2027');
    const alikes = dialog.getByTestId('new-deal-look-alikes');
    await alikes.filter({ hasText: 'A deal named Renewal 2027 exists with the same account' }).waitFor(ui);
    // The same name at another account is another deal.
    await pickRecord(page, 'field-accountId', 'Alike Deals T', 'Alike Deals Two');
    await alikes.waitFor({ state: 'detached', timeout: ui.timeout });
    await pickRecord(page, 'field-accountId', 'Alike Deals O', 'Alike Deals One');
    await alikes.waitFor(ui);
    // Opening it leaves the form for the deal.
    await alikes.getByTestId('look-alike-open').click();
    await dialog.waitFor({ state: 'detached', timeout: ui.timeout });
    await page.getByTestId('deal-detail').filter({ hasText: 'Renewal 2027' }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('names the other contacts sharing an address typed into an existing contact, never that contact, and still saves it', async () => {
    await newRecord('contacts');
    await fillAndCreate(page, 'contact', { name: 'Hana Inline', emails: 'inline@alike.example' });
    const detail = page.getByTestId('contact-detail').filter({ hasText: 'Hana Inline' });
    await detail.waitFor(ui);
    await page.getByTestId('inline-emails-edit').click();
    const input = page.getByTestId('inline-emails-input');
    const alikes = page.getByTestId('inline-emails-look-alikes');
    // Hana Existing's address added as a second line: she is named, with a way to open her.
    await input.fill('inline@alike.example\nHana@Alike.example');
    await alikes.filter({ hasText: 'Hana Existing has the same email address' }).waitFor(ui);
    expect(await alikes.getByRole('listitem').allTextContents()).toEqual(['Hana Existing has the same email address Open Hana Existing']);
    expect(await alikes.locator('p.small').textContent()).toBe('You can still save this value. Opening it asks first whether to leave this edit.');
    // Her own address alone (in another case): the answer names no one, not her.
    await input.fill('INLINE@alike.example ');
    await alikes.waitFor({ state: 'detached', timeout: ui.timeout });
    await input.fill('inline@alike.example\nHana@Alike.example');
    await alikes.waitFor(ui);
    // Saved anyway (a shared inbox): the warning goes with the editor.
    await page.getByTestId('inline-emails-save').click();
    await page.getByTestId('saved-field-toast').waitFor(ui);
    expect(await alikes.count()).toBe(0);
    expect(await page.getByTestId('inline-emails').getByTestId('link-emails').allTextContents()).toEqual(['inline@alike.example', 'Hana@Alike.example']);
    // The numbers are watched too.
    await page.getByTestId('inline-phones-edit').click();
    await page.getByTestId('inline-phones-input').fill('020 7946 0444');
    await page.getByTestId('inline-phones-look-alikes').filter({ hasText: 'Hana Existing has the same phone number' }).waitFor(ui);
    expect(await page.getByTestId('inline-phones-look-alikes').textContent()).toContain('Hana Colleague has the same phone number');
    await page.keyboard.press('Escape');
    await page.getByTestId('inline-phones-look-alikes').waitFor({ state: 'detached', timeout: ui.timeout });
    expect(pageErrors).toEqual([]);
  });

  it('names another account of the name an account is renamed to, never the account itself', async () => {
    await newRecord('accounts');
    await fillAndCreate(page, 'account', { name: 'Alike Renamed Ltd' });
    await page.getByTestId('account-detail').filter({ hasText: 'Alike Renamed Ltd' }).waitFor(ui);
    await renameInPlace({ other: 'cafe ALIKE gmbh', named: 'An account named Café Alike GmbH exists', own: 'alike renamed ltd', otherAgain: 'Café Alike GmbH' });
    expect(pageErrors).toEqual([]);
  });

  it('names another deal of its account with the name a deal is renamed to, never the deal itself', async () => {
    await createRecord(page, 'deals', 'deal', { name: 'Alike Renamed Deal' }, { typed: 'Alike Deals O', name: 'Alike Deals One' });
    await page.getByTestId('deal-detail').filter({ hasText: 'Alike Renamed Deal' }).waitFor(ui);
    await renameInPlace({ other: 'RENEWAL 2027', named: 'A deal named Renewal 2027 exists with the same account', own: 'alike renamed deal', otherAgain: 'Renewal 2027' });
    expect(pageErrors).toEqual([]);
  });

  /**
   * On the open record's page, types into its name's inline editor another record's name (`other`): that one
   * record is `named`; its own name in other case (`own`): none, not itself; `otherAgain`: named again; Esc takes
   * the editor and the warning away.
   */
  async function renameInPlace(names: { readonly other: string; readonly named: string; readonly own: string; readonly otherAgain: string }): Promise<void> {
    await page.getByTestId('inline-name-edit').click();
    const input = page.getByTestId('inline-name-input');
    const alikes = page.getByTestId('inline-name-look-alikes');
    await input.fill(names.other);
    await alikes.filter({ hasText: names.named }).waitFor(ui);
    expect(await alikes.getByRole('listitem').count()).toBe(1);
    await input.fill(names.own);
    await alikes.waitFor({ state: 'detached', timeout: ui.timeout });
    await input.fill(names.otherAgain);
    await alikes.waitFor(ui);
    await page.keyboard.press('Escape');
    await alikes.waitFor({ state: 'detached', timeout: ui.timeout });
  }
});
