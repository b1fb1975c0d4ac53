// A refusal keeps the focus on the button pressed (issue 3, "a clear message
// and nothing lost"): the "New …" dialog's Create, a record page's inline Save
// and the stage dialog's Save stay focusable while they save (aria-disabled;
// a disabled button would drop the focus to the page), so after the vault
// refuses, Enter tries again from where the user was. Picking another closing
// stage in the stage dialog clears the refusal of the one picked before. The
// lock screen keeps a password the keychain (not the password) refused, and
// the enrolment form's fields stay focusable (read-only) while Connect runs,
// as the lock screen's Erase does while it erases. In
// Chromium against the real headless shell and vault, with the refusals
// answered by the route, held for some frames as a slow vault's would be.
import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeDialogs, createRecord, focusedTestId, lockVault, openBoard, openSection, ui, unlock } from './crm-steps';
import { useRoutedApp } from './ipc-route';

const password = 'refused but still here';
const busy = { code: 'BUSY', message: 'The vault is busy. Try again in a moment.' } as const;

describe('the focus after a refusal', () => {
  const { route: faults, app } = useRoutedApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  beforeEach(async () => {
    faults.clear();
    await closeDialogs(page);
    if ((await page.getByTestId('unlock-form').count()) > 0) await unlock(page, password);
  });

  /** A few frames on (Chromium moves the focus off a disabled element at a frame), the focus is still on `testId`. */
  async function keepsFocusWhileBusy(testId: string): Promise<void> {
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(resolve)))));
    expect(await focusedTestId(page)).toBe(testId);
  }

  /**
   * Presses the button by a click, with the channel's refusal held back: while it waits the button says it is
   * busy and keeps the focus, frame after frame; then the refusal is let through.
   */
  async function pressRefused(testId: string, channel: string): Promise<void> {
    faults.failing.set(channel, busy);
    faults.holding.add(channel);
    const button = page.getByTestId(testId);
    await button.click();
    // Busy (as aria-disabled; a disabled button would say so too, and lose the focus).
    await button.and(page.locator('[aria-disabled="true"], :disabled')).waitFor(ui);
    await keepsFocusWhileBusy(testId);
    // A second press while it saves sends nothing more.
    const calls = faults.calls.filter((called) => called === channel).length;
    await page.keyboard.press('Enter');
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    expect(faults.calls.filter((called) => called === channel).length).toBe(calls);
    faults.releaseAnswers();
  }

  it('stays on Create in the "New …" dialog, and Enter creates on the next try', async () => {
    await openSection(page, 'accounts');
    await page.getByTestId('list-new').click();
    const dialog = page.getByTestId('new-account');
    await dialog.getByTestId('field-name').fill('Quayside Chandlers');
    await pressRefused('new-account-submit', 'accounts.create');
    await dialog.getByTestId('new-account-error').filter({ hasText: busy.message }).waitFor(ui);
    expect(await focusedTestId(page)).toBe('new-account-submit');

    faults.clear();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached', timeout: ui.timeout });
    await page.getByTestId('account-detail').waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('stays on an inline Save, and Enter saves on the next try', async () => {
    await createRecord(page, 'accounts', 'account', { name: 'Harbour Rope Works' });
    await page.getByTestId('inline-industry-edit').click();
    await page.getByTestId('inline-industry-input').fill('Marine supplies');
    await pressRefused('inline-industry-save', 'accounts.update');
    await page.getByTestId('inline-industry-input-error').filter({ hasText: busy.message }).waitFor(ui);
    expect(await focusedTestId(page)).toBe('inline-industry-save');

    faults.clear();
    await page.keyboard.press('Enter');
    await page.getByTestId('saved-field-toast').waitFor(ui);
    await page.getByTestId('inline-industry').getByText('Marine supplies').waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('stays on the stage dialog’s Save, and clears the refusal when another closing stage is picked', async () => {
    await createRecord(page, 'deals', 'deal', { name: 'Slipway winches', stageId: 'negotiation' });
    await openBoard(page, ['negotiation']);
    const card = page.getByTestId('column-negotiation').getByTestId('deal-card').filter({ hasText: 'Slipway winches' });
    await card.focus();
    await page.keyboard.press('ArrowRight');
    const dialog = page.getByTestId('choose-stage');
    await dialog.waitFor(ui);

    await pressRefused('lost-reason-confirm', 'deals.moveStage');
    const refusal = dialog.getByTestId('stage-move-failed');
    await refusal.filter({ hasText: busy.message }).waitFor(ui);
    expect(await focusedTestId(page)).toBe('lost-reason-confirm');

    // The refusal was of the move to Won; Lost is another move, not yet tried.
    await dialog.getByTestId('stage-choice-lost').check();
    expect(await refusal.count()).toBe(0);

    faults.clear();
    await dialog.getByTestId('stage-choice-won').check();
    await dialog.getByTestId('lost-reason-confirm').focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached', timeout: ui.timeout });
    await page.getByTestId('column-won').getByTestId('deal-card').filter({ hasText: 'Slipway winches' }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('keeps the typed password on the lock screen when the keychain, not the password, refused it', async () => {
    await lockVault(page);
    faults.failing.set('vault.unlock', { code: 'KEYCHAIN_UNAVAILABLE', message: 'The system keychain is not available or is locked.' });
    await page.getByTestId('unlock-password').fill(password);
    await page.getByTestId('unlock-password').press('Enter');
    await page.getByTestId('unlock-error').waitFor(ui);
    expect(await page.getByTestId('unlock-password').inputValue()).toBe(password);
    expect(await focusedTestId(page)).toBe('unlock-password');

    // The keychain unlocked, Enter again opens the vault with what was typed.
    faults.clear();
    await page.keyboard.press('Enter');
    await page.getByTestId('lock-button').waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('keeps the focus in the enrolment field Enter was pressed in while Connect runs and is refused', async () => {
    await openSection(page, 'settings');
    const form = page.getByTestId('enrol-form');
    await form.getByTestId('enrol-server').fill('https://sync.example.org');
    await form.getByTestId('enrol-certificate').fill('-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----');
    await form.getByTestId('enrol-code').fill('ABCD-EFGH-JKMN-PQRS');
    faults.failing.set('sync.enrol', { code: 'INTERNAL', message: 'Something went wrong. Try again.' });
    faults.holding.add('sync.enrol');
    await form.getByTestId('enrol-code').press('Enter');
    await form.getByTestId('enrol-submit').and(page.locator('[aria-busy="true"]')).waitFor(ui);
    await keepsFocusWhileBusy('enrol-code');
    faults.releaseAnswers();
    await form.getByTestId('enrol-error').filter({ hasText: 'Something went wrong. Try again.' }).waitFor(ui);
    expect(await focusedTestId(page)).toBe('enrol-code');
    expect(await form.getByTestId('enrol-code').inputValue()).toBe('ABCD-EFGH-JKMN-PQRS');
    expect(pageErrors).toEqual([]);
  });

  it('keeps the focus on Erase when erasing a vault whose device key is gone is refused', async () => {
    await lockVault(page);
    faults.failing.set('vault.unlock', { code: 'DEVICE_SECRET_MISSING', message: 'This vault’s device key is missing from the keychain, so the vault cannot be opened.' });
    await page.getByTestId('unlock-password').fill(password);
    await page.getByTestId('unlock-password').press('Enter');
    await page.getByTestId('unlock-unopenable').waitFor(ui);
    await page.getByTestId('unlock-erase').click();
    const erase = page.getByTestId('unlock-erase-confirmed');
    await erase.focus();
    faults.failing.set('vault.eraseUnopenable', { code: 'KEYCHAIN_UNAVAILABLE', message: 'The system keychain is not available or is locked.' });
    faults.holding.add('vault.eraseUnopenable');
    await page.keyboard.press('Enter');
    await erase.and(page.locator('[aria-disabled="true"], :disabled')).waitFor(ui);
    await keepsFocusWhileBusy('unlock-erase-confirmed');
    faults.releaseAnswers();
    await page.getByTestId('unlock-erase-error').waitFor(ui);
    expect(await focusedTestId(page)).toBe('unlock-erase-confirmed');

    // Kept: Cancel, and the vault opens once the route lets the password through.
    faults.clear();
    await page.getByTestId('unlock-erase-cancel').click();
    await page.getByTestId('unlock-password').fill(password);
    await page.getByTestId('unlock-password').press('Enter');
    await page.getByTestId('lock-button').waitFor(ui);
    expect(pageErrors).toEqual([]);
  });
});
