// A deal's money in Chromium against the real headless shell and vault: the
// currency a new deal starts with (the account's deals, then the user's,
// then the UI language's) and amounts typed in another convention than the
// UI locale's ("12.500,00", "12,5"), which are refused under the field with
// nothing sent, in the "New deal" dialog and in the inline Amount edit. The
// currency test runs first: it starts with no deal in the vault.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { closeDialogs, fillAndCreate, openSection, pickRecord, ui } from './crm-steps';
import { IpcRoute } from './ipc-route';

const password = 'money rep sells turbines';
const formatRefusal = 'Write the amount as 12,500.00: commas only between thousands, a point before the decimals';

describe('a deal’s money', () => {
  const gate = new IpcRoute();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route: gate, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  afterAll(() => {
    gate.release();
  });

  // Each test stands on its own: one that failed half-way leaves no dialog in the way.
  beforeEach(async () => {
    await closeDialogs(page);
  });

  async function newDealDialog(): Promise<Locator> {
    await openSection(page, 'deals');
    await page.getByTestId('list-new').click();
    const dialog = page.getByTestId('new-deal');
    await dialog.waitFor(ui);
    return dialog;
  }

  /** The currency input once every proposal asked for has been answered and shown. */
  async function currencyOf(dialog: Locator): Promise<string> {
    await gate.quiet(page, ui.timeout);
    return dialog.getByTestId('field-currency').inputValue();
  }

  async function newAccount(name: string): Promise<void> {
    await openSection(page, 'accounts');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'account', { name });
    await page.getByTestId('account-detail').waitFor(ui);
  }

  it('starts a new deal in the currency of its account’s deals, else of the user’s last deal', async () => {
    // No deal yet: the UI language's currency.
    let dialog = await newDealDialog();
    expect(await currencyOf(dialog)).toBe('USD');
    await dialog.getByTestId('new-deal-cancel').click();

    await newAccount('Nordlicht Energie GmbH');
    await newAccount('Harbour Foods Ltd');
    dialog = await newDealDialog();
    await dialog.getByTestId('field-name').fill('Nordlicht turbines');
    await pickRecord(page, 'field-accountId', 'Nord', 'Nordlicht Energie GmbH');
    await dialog.getByTestId('field-currency').fill('EUR');
    await dialog.getByTestId('field-amount').fill('1000');
    await dialog.getByTestId('new-deal-submit').click();
    await page.getByTestId('deal-detail').waitFor(ui);

    // An account without deals: the user's last deal's currency.
    dialog = await newDealDialog();
    expect(await currencyOf(dialog)).toBe('EUR');
    await dialog.getByTestId('field-name').fill('Harbour ovens');
    await pickRecord(page, 'field-accountId', 'Harb', 'Harbour Foods Ltd');
    expect(await currencyOf(dialog)).toBe('EUR');
    await dialog.getByTestId('field-currency').fill('GBP');
    await dialog.getByTestId('new-deal-submit').click();
    await page.getByTestId('deal-detail').waitFor(ui);

    // The currency follows the account picked, until the user types one.
    dialog = await newDealDialog();
    expect(await currencyOf(dialog)).toBe('GBP');
    await pickRecord(page, 'field-accountId', 'Nord', 'Nordlicht Energie GmbH');
    expect(await currencyOf(dialog)).toBe('EUR');
    await pickRecord(page, 'field-accountId', 'Harb', 'Harbour Foods Ltd');
    expect(await currencyOf(dialog)).toBe('GBP');
    await dialog.getByTestId('field-currency').fill('CHF');
    await pickRecord(page, 'field-accountId', 'Nord', 'Nordlicht Energie GmbH');
    expect(await currencyOf(dialog)).toBe('CHF');
    // Typed into, it asks before dropping the typing.
    await dialog.getByTestId('new-deal-cancel').click();
    await page.getByTestId('discard-changes-discard').click();
    await dialog.waitFor({ state: 'detached', timeout: ui.timeout });

    // Nor once an amount is typed: 5,000 typed under GBP stays pounds when the account picked next has deals in
    // euros (it became €5,000, and under yen ¥5,000, a deal worth a hundredth).
    dialog = await newDealDialog();
    expect(await currencyOf(dialog)).toBe('GBP');
    await dialog.getByTestId('field-amount').fill('5000');
    await pickRecord(page, 'field-accountId', 'Nord', 'Nordlicht Energie GmbH');
    expect(await currencyOf(dialog)).toBe('GBP');
    await dialog.getByTestId('new-deal-cancel').click();
    await page.getByTestId('discard-changes-discard').click();
    await dialog.waitFor({ state: 'detached', timeout: ui.timeout });

    // From the account's page the deal is that account's from the start.
    await openSection(page, 'accounts');
    await page.getByText('Nordlicht Energie GmbH').first().click();
    await page.getByTestId('account-detail').waitFor(ui);
    await page.getByTestId('related-deals-add').click();
    dialog = page.getByTestId('new-deal');
    await dialog.waitFor(ui);
    expect(await currencyOf(dialog)).toBe('EUR');
    await dialog.getByTestId('new-deal-cancel').click();
    expect(pageErrors).toEqual([]);
  });

  it('refuses an amount in another number convention in the New deal dialog, saving nothing', async () => {
    const dialog = await newDealDialog();
    await dialog.getByTestId('field-name').fill('Wien kiosks');
    await dialog.getByTestId('field-currency').fill('EUR');
    const amount = dialog.getByTestId('field-amount');
    const error = dialog.getByTestId('field-amount-error');
    const created = gate.calls.filter((channel) => channel === 'deals.create').length;

    for (const typed of ['12.500,00', '12,5']) {
      await amount.fill(typed);
      await dialog.getByTestId('new-deal-submit').click();
      // Either the refusal or, had it been read as another number, the new deal's page.
      await error.or(page.getByTestId('deal-detail')).waitFor(ui);
      expect(await error.isVisible()).toBe(true);
      expect(await error.textContent()).toBe(formatRefusal);
      expect(await amount.getAttribute('aria-invalid')).toBe('true');
      await gate.quiet(page, ui.timeout);
      expect(gate.calls.filter((channel) => channel === 'deals.create').length).toBe(created);
      expect(await dialog.isVisible()).toBe(true);
    }

    // The locale's own form is read as written.
    await amount.fill('12,500.00');
    await dialog.getByTestId('new-deal-submit').click();
    await page.getByTestId('deal-detail').waitFor(ui);
    expect(await page.getByTestId('deal-detail').locator('.detail-header').textContent()).toContain('€12,500.00');
    expect(pageErrors).toEqual([]);
  });

  it('refuses the same amounts in the inline Amount edit, keeping the saved amount', async () => {
    await openSection(page, 'deals');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'deal', { name: 'Graz kiosks', currency: 'EUR', amount: '12500' });
    const detail = page.getByTestId('deal-detail');
    await detail.waitFor(ui);
    expect(await detail.locator('.detail-header').textContent()).toContain('€12,500.00');
    const updates = gate.calls.filter((channel) => channel === 'deals.update').length;
    const input = page.getByTestId('inline-amount-input');
    const error = page.getByTestId('inline-amount-input-error');

    await page.getByTestId('inline-amount-edit').click();
    for (const typed of ['12.500,00', '12,5']) {
      await input.fill(typed);
      await input.press('Enter');
      // Either the refusal or, had it been read as another number, the saved toast.
      await error.or(page.getByTestId('saved-field-toast')).waitFor(ui);
      expect(await error.isVisible()).toBe(true);
      expect(await error.textContent()).toBe(formatRefusal);
      await gate.quiet(page, ui.timeout);
      expect(gate.calls.filter((channel) => channel === 'deals.update').length).toBe(updates);
      expect(await page.getByTestId('saved-field-toast').count()).toBe(0);
    }
    // Too many decimals for the currency: refused, not rounded.
    await input.fill('12500.005');
    await input.press('Enter');
    await error.filter({ hasText: 'EUR amounts have at most 2 decimal places' }).waitFor(ui);
    await input.press('Escape');

    // The vault still holds 12,500.00: the deal read afresh shows it.
    await openSection(page, 'deals');
    await page.getByText('Graz kiosks').first().click();
    await detail.waitFor(ui);
    expect(await detail.locator('.detail-header').textContent()).toContain('€12,500.00');
    expect(gate.calls.filter((channel) => channel === 'deals.update').length).toBe(updates);
    expect(pageErrors).toEqual([]);
  });

  it('gives back the amount as it was when a change of currency is undone', async () => {
    await openSection(page, 'deals');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'deal', { name: 'Linz turbines', currency: 'USD', amount: '125.37' });
    const header = page.getByTestId('deal-detail').locator('.detail-header');
    await header.filter({ hasText: '$125.37' }).waitFor(ui);
    await page.getByTestId('inline-currency-edit').click();
    await page.getByTestId('inline-currency-input').fill('JPY');
    await page.keyboard.press('Enter');
    // A new currency alone keeps the face value, rounded to yen.
    await header.filter({ hasText: '¥125' }).waitFor(ui);
    await page.getByTestId('saved-field-toast').getByRole('button', { name: 'Undo' }).click();
    // Before, the Undo sent the currency alone, which rescaled ¥125 to $125.00: 37 cents lost.
    await header.filter({ hasText: '$125.37' }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('leaves no Undo of a change of currency once the amount was changed after it', async () => {
    await openSection(page, 'deals');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'deal', { name: 'Graz boilers', currency: 'USD', amount: '125.37' });
    const header = page.getByTestId('deal-detail').locator('.detail-header');
    await header.filter({ hasText: '$125.37' }).waitFor(ui);
    await page.getByTestId('inline-currency-edit').click();
    await page.getByTestId('inline-currency-input').fill('EUR');
    await page.keyboard.press('Enter');
    await header.filter({ hasText: '€125.37' }).waitFor(ui);
    await page.getByTestId('inline-amount-edit').click();
    await page.getByTestId('inline-amount-input').fill('200.00');
    await page.keyboard.press('Enter');
    await header.filter({ hasText: '€200.00' }).waitFor(ui);
    // One toast for the money: the amount's took the currency's place. Before, the currency's Undo stayed and sent
    // the amount from before it ($125.37), so the 200.00 typed since was lost.
    await page.getByTestId('saved-field-toast').filter({ hasText: 'Amount saved' }).waitFor(ui);
    expect(await page.getByTestId('saved-field-toast').filter({ hasText: 'Currency saved' }).count()).toBe(0);
    expect(await page.getByTestId('saved-field-toast').count()).toBe(1);
    await page.getByTestId('saved-field-toast').getByRole('button', { name: 'Undo' }).click();
    await header.filter({ hasText: '€125.37' }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });
});
