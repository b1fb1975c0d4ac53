// Defects found by the UI walkthrough, checked in Chromium against the real
// headless shell and vault. Each test stands on its own once the vault is
// open; the lock-screen test comes last, as it locks the vault.
import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { accessibleText, closeDialogs, createContacts, fillAndCreate, newDealOnBoard, openSection, ui } from './crm-steps';

const password = 'keyboard rep sells robots';

/** A key event carrying a Caps Lock state (the browser's own keys cannot set it). */
function capsKey(page: Page, type: 'keydown' | 'keyup', on: boolean): Promise<void> {
  return page.getByTestId('unlock-password').evaluate(
    (input, [eventType, capsLock]) => {
      input.dispatchEvent(new KeyboardEvent(eventType, { key: 'a', bubbles: true, modifierCapsLock: capsLock }));
    },
    [type, on] as const,
  );
}

/** The focused element's deal id, if it is a deal card. */
function focusedDeal(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.getAttribute('data-deal-id') ?? null);
}

describe('keyboard and status fixes from the UI walkthrough', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  // Each test stands on its own: one that failed half-way leaves no dialog (sync details, a stage question) over the next.
  beforeEach(() => closeDialogs(page));

  it('says the device is not connected, opens the details, and counts the changes waiting', async () => {
    const pill = page.getByTestId('sync-status');
    await pill.filter({ hasText: 'Not connected to a sync server' }).waitFor(ui);
    expect(await pill.textContent()).not.toContain('Offline');
    // Its accessible name (as the browser computes it) is what it is and its state; the description tells how to connect.
    const { name, description } = await accessibleText(page, '[data-testid="sync-status"]');
    expect(name).toBe('Sync status: Not connected to a sync server');
    expect(description).toMatch(/^To sync, connect this device to your organisation’s sync server in Settings\. /);
    // Said once: the details tell how to connect, they do not repeat the state.
    expect(`${name} ${description}`.match(/not connected to a sync server/gi)).toHaveLength(1);
    const before = Number((await page.getByTestId('sync-pending-count').count()) === 0 ? 0 : await page.getByTestId('sync-pending-count').textContent());

    await openSection(page, 'accounts');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'account', { name: 'Keyboard Robotics' });
    await page.getByTestId('sync-pending-count').filter({ hasText: String(before + 1) }).waitFor(ui);
    await openSection(page, 'contacts');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'contact', { name: 'Kim Keys' });
    await page.getByTestId('sync-pending-count').filter({ hasText: String(before + 2) }).waitFor(ui);

    await pill.focus();
    await page.keyboard.press('Enter');
    const details = page.getByTestId('sync-details');
    await details.waitFor(ui);
    expect(await details.getByTestId('sync-details-state').textContent()).toBe('Not connected to a sync server');
    expect(await details.textContent()).toContain(`${before + 2} changes waiting`);
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await pill.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('refuses to log an activity with neither a subject nor notes', async () => {
    await createContacts(page, ['Cora Composer']);
    await page.getByTestId('timeline-empty').waitFor(ui);
    await page.getByTestId('composer-submit').click();
    const error = page.getByTestId('composer-error');
    await error.waitFor(ui);
    expect(await error.textContent()).toBe('Write what happened or add notes before logging.');
    expect(await page.getByTestId('composer-subject').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('composer-subject').evaluate((input) => input === document.activeElement)).toBe(true);
    // Blanks are not an activity either; nothing reaches the vault.
    await page.getByTestId('composer-subject').fill('   ');
    await page.getByTestId('composer-submit').click();
    expect(await page.getByTestId('activity-logged').count()).toBe(0);
    await openSection(page, 'activities');
    await page.getByTestId('list-empty').waitFor(ui);

    // With notes alone it is logged.
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Cora Composer' }).click();
    await page.getByTestId('contact-detail').waitFor(ui);
    await page.getByTestId('composer-body').fill('Left a voicemail.');
    await page.getByTestId('composer-submit').click();
    await page.getByTestId('activity-logged').waitFor(ui);
    await page.getByTestId('timeline-item').waitFor(ui);
    expect(await page.getByTestId('composer-error').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('names the icon-only sidebar items at 900 px, in the accessible name and the tooltip', async () => {
    await page.setViewportSize({ width: 900, height: 800 });
    const nav = page.getByRole('navigation');
    for (const [section, name] of [
      ['today', 'Today'],
      ['contacts', 'Contacts'],
      ['transfer', 'Import / Export'],
      ['settings', 'Settings'],
    ] as const) {
      const item = nav.getByRole('button', { name, exact: true });
      expect(await item.count()).toBe(1);
      expect(await item.getAttribute('data-testid')).toBe(`nav-${section}`);
      expect(await item.getAttribute('title')).toMatch(new RegExp(`^${name.replace('/', '\\/')}`));
    }
    expect(await page.getByTestId('nav-contacts').getAttribute('title')).toBe('Contacts (G C)');
    // Icons only: the name takes no room.
    const box = await page.getByTestId('nav-contacts').boundingBox();
    expect(box?.width ?? 0).toBeLessThan(64);
    expect(await page.getByRole('button', { name: /^Search/ }).count()).toBe(1);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('asks before a keyboard move closes a deal, never passes through Won, and keeps the card focused and in view', async () => {
    const card = await newDealOnBoard(page, 'Keyboard lathe order');
    await card('lead').focus();
    const id = await card('lead').getAttribute('data-deal-id');
    expect(id).not.toBeNull();

    for (const stage of ['qualified', 'proposal', 'negotiation']) {
      await page.keyboard.press('ArrowRight');
      await card(stage).waitFor(ui);
      await page.waitForFunction((dealId) => document.activeElement?.getAttribute('data-deal-id') === dealId, id, ui);
    }

    // → from the last open stage: a question, not a move to Won.
    await page.keyboard.press('ArrowRight');
    const chooser = page.getByTestId('choose-stage');
    await chooser.waitFor(ui);
    expect(await chooser.getByTestId('stage-choice-won').isChecked()).toBe(true);
    await card('negotiation').waitFor(ui);
    await chooser.getByTestId('stage-choice-lost').check();
    await chooser.getByTestId('lost-reason-input').fill('Budget moved to next year');
    await chooser.getByTestId('lost-reason-input').press('Enter');
    await page.getByTestId('moved-toast').filter({ hasText: 'Lost' }).waitFor(ui);
    await chooser.waitFor({ state: 'detached', timeout: ui.timeout });
    await card('lost').waitFor(ui);
    expect(await page.getByTestId('moved-toast').filter({ hasText: 'Won' }).count()).toBe(0);
    expect(await page.getByTestId('column-won').getByTestId('column-count').textContent()).toBe('0');

    // The focus is back on the moved card, and the card is in view.
    await page.waitForFunction((dealId) => document.activeElement?.getAttribute('data-deal-id') === dealId, id, ui);
    const inView = await card('lost').evaluate((element) => {
      const rect = element.getBoundingClientRect();
      const board = element.closest('.board')?.getBoundingClientRect();
      return board !== undefined && rect.left >= board.left - 1 && rect.right <= board.right + 1 && rect.right <= window.innerWidth;
    });
    expect(inView).toBe(true);

    // ← from Lost asks too; Esc leaves the deal where it is, focused.
    await page.keyboard.press('ArrowLeft');
    await chooser.waitFor(ui);
    expect(await chooser.getByTestId('stage-choice-won').isChecked()).toBe(true);
    await page.keyboard.press('Escape');
    await chooser.waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await card('lost').count()).toBe(1);
    expect(await focusedDeal(page)).toBe(id);
    expect(pageErrors).toEqual([]);
  });

  it('warns about Caps Lock on the lock screen and hints at it after a wrong password', async () => {
    await page.getByTestId('lock-button').click();
    await page.getByTestId('unlock-password').waitFor(ui);
    expect(await page.getByTestId('unlock-password-caps-lock').count()).toBe(0);
    await capsKey(page, 'keydown', true);
    expect(await page.getByTestId('unlock-password-caps-lock').textContent()).toBe('Caps Lock is on.');
    await capsKey(page, 'keyup', false);
    await page.getByTestId('unlock-password-caps-lock').waitFor({ state: 'detached', timeout: ui.timeout });

    await page.getByTestId('unlock-password').fill('KEYBOARD REP SELLS ROBOTS');
    await page.getByTestId('unlock-password').press('Enter');
    const hint = page.getByTestId('unlock-error').getByTestId('unlock-typing-hint');
    await hint.waitFor(ui);
    expect(await hint.textContent()).toContain('Caps Lock');
    expect(await hint.textContent()).toContain('Pinyin');

    await page.getByTestId('unlock-password').fill(password);
    await page.getByTestId('unlock-password').press('Enter');
    await page.getByTestId('workspace').waitFor(ui);
    expect(pageErrors).toEqual([]);
  });
});
