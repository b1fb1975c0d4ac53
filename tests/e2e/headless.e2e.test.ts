// The renderer in a real Chromium against the real headless shell (real
// SQLCipher vault, real OS keychain): create → contacts → lock → unlock, and a
// page without the per-launch token (or from another origin) gets nothing.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { throttleCpu, useApp } from './app';
import { clearKeychainService, probeSocket, screenshot, startForeignOrigin, type HeadlessShell } from './harness';
import { createVault, fillAndCreate, openSection, ui, unlock } from './crm-steps';

const password = 'correct horse battery staple';

async function isFocused(page: Page, testId: string): Promise<boolean> {
  return page.getByTestId(testId).evaluate((element) => element === document.activeElement);
}

async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => document.body.innerText);
}

describe('FieldVault in Chromium over the headless shell', () => {
  // The browser's own locale, and a blank page: the first test loads the app.
  const app = useApp({ context: { viewport: { width: 1280, height: 800 }, locale: undefined }, load: false });
  const { pageErrors } = app;
  let shell: HeadlessShell | undefined;
  let page: Page;

  beforeAll(() => {
    ({ shell, page } = app);
  });

  it('creates a vault, adds a contact, locks and unlocks', async () => {
    if (shell === undefined) throw new Error('no shell');
    await page.goto(shell.url);

    // Create vault: the token left the address bar, focus is on the first field.
    await page.getByTestId('create-vault-form').waitFor(ui);
    expect(page.url()).toBe(`${shell.origin}/`);
    expect(await isFocused(page, 'create-password')).toBe(true);
    await screenshot(page, 'create-vault.png');

    // The contract's own rules, checked before anything is sent.
    await page.getByTestId('create-password').fill('short');
    await page.getByTestId('create-confirm').fill('different');
    await page.keyboard.press('Enter');
    // The error says how far along the password is, not the hint's rule again.
    expect(await page.getByTestId('create-password-error').textContent()).toBe('5 of 10 characters so far. Add a few more words.');
    expect(await page.getByTestId('create-vault-form').textContent()).not.toContain('Use at least 10 characters');
    expect(await page.getByTestId('create-confirm-error').textContent()).toContain('do not match');
    // An empty confirmation asks to be typed: it is not a password that differs.
    await page.getByTestId('create-confirm').fill('');
    await page.getByTestId('create-password').press('Enter');
    await expect.poll(() => page.getByTestId('create-confirm-error').textContent(), ui).toBe('Type the password again to confirm it');

    await page.getByTestId('create-password').fill(password);
    await page.getByTestId('create-confirm').fill(password);
    await page.getByTestId('create-confirm').press('Enter');

    // Workspace: chrome, a pill saying the device is not enrolled; the contacts list is empty.
    await page.getByTestId('workspace').waitFor(ui);
    await page.getByTestId('sync-status').filter({ hasText: 'Not connected to a sync server' }).waitFor(ui);
    // The pill's details (pending changes, last sync) reach the keyboard and screen readers, not only a tooltip.
    expect(await page.getByTestId('sync-status').evaluate((pill) => pill.tagName)).toBe('BUTTON');
    expect(
      await page.getByTestId('sync-status').evaluate((pill) => document.getElementById(pill.getAttribute('aria-describedby') ?? '')?.textContent),
    ).toContain('Never synced');
    await openSection(page, 'contacts');
    await page.getByTestId('list-empty').waitFor(ui);

    // Add a contact; a bad email is caught client-side first, focus on the first field.
    await page.getByTestId('list-new').click();
    await page.getByTestId('new-contact').waitFor(ui);
    expect(await isFocused(page, 'field-name')).toBe(true);
    await page.getByTestId('field-name').fill('Ada Lovelace');
    await page.getByTestId('field-emails').fill('ada@');
    await page.getByTestId('new-contact-submit').click();
    expect(await page.getByTestId('field-emails-error').textContent()).toContain('email');
    await page.getByTestId('field-emails').fill('ada@example.com');
    await page.getByTestId('field-phones').fill('+44 20 7946 0000');
    await page.getByTestId('field-notes').fill('Met at the engines fair.');
    await page.getByTestId('new-contact-submit').click();
    await page.getByTestId('contact-detail').waitFor(ui);
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Ada Lovelace' }).waitFor(ui);
    expect(await page.getByTestId('contact-table-row').count()).toBe(1);
    await screenshot(page, 'workspace.png');

    // Lock with the button: the contact leaves the page.
    await page.getByTestId('lock-button').click();
    await page.getByTestId('unlock-form').waitFor(ui);
    expect(await visibleText(page)).not.toContain('Ada Lovelace');
    expect(await isFocused(page, 'unlock-password')).toBe(true);

    await unlock(page, password);
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Ada Lovelace' }).waitFor(ui);

    // Lock with Ctrl+L.
    await page.keyboard.press('Control+l');
    await page.getByTestId('unlock-form').waitFor(ui);
    expect(await visibleText(page)).not.toContain('Ada Lovelace');

    // A wrong password: the main process's message, as an alert.
    await page.getByTestId('unlock-password').fill('not the password at all');
    await page.getByTestId('unlock-password').press('Enter');
    const error = page.getByTestId('unlock-error');
    await error.waitFor(ui);
    expect(await error.getAttribute('role')).toBe('alert');
    expect(await error.textContent()).toMatch(/wrong password/i);
    expect(await error.textContent()).toMatch(/attempt/i);
    await screenshot(page, 'unlock-error.png');

    // The right one: the contact is still there.
    await page.getByTestId('unlock-password').fill(password);
    await page.getByTestId('unlock-password').press('Enter');
    await page.getByTestId('workspace').waitFor(ui);
    await openSection(page, 'contacts');
    const row = page.getByTestId('contact-table-row').filter({ hasText: 'Ada Lovelace' });
    await row.waitFor(ui);
    expect(await row.textContent()).toContain('ada@example.com');

    // The renderer kept nothing in browser storage but the tab's access token (for a reload).
    const stored = await page.evaluate(async () => ({
      local: localStorage.length,
      session: Object.keys(sessionStorage),
      databases: (await indexedDB.databases()).length,
      caches: (await caches.keys()).length,
    }));
    expect(stored).toEqual({ local: 0, session: ['fieldvault.accessToken'], databases: 0, caches: 0 });
    expect(pageErrors).toEqual([]);
  });

  it('rotates the key, changes the password and destroys the vault from Settings', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-panel').waitFor(ui);

    // It says what happens if the app closes mid-rotation (the vault opens with either key), not that it can be interrupted.
    expect(await page.locator('section[aria-labelledby="rotate-key-title"] p.muted').textContent()).toBe(
      'Re-encrypts the whole vault with a fresh key. It can take a while with many records. If FieldVault closes before it is done, no data is lost and your password still opens the vault; rotate the key again to be sure the new key is in use.',
    );
    // The first click asks; "Rotate now" rotates.
    await page.getByTestId('rotate-key-button').click();
    await page.getByTestId('rotate-key-confirmed').click();
    await page.getByTestId('rotate-key-done').waitFor(ui);

    const next = 'a brand new passphrase';
    await page.getByTestId('change-current').fill(password);
    await page.getByTestId('change-next').fill(next);
    await page.getByTestId('change-confirm').fill(next);
    await page.getByTestId('change-confirm').press('Enter');
    await page.getByTestId('change-success').waitFor(ui);

    // The new password opens the vault and the contact survived both.
    await page.keyboard.press('Control+l');
    await unlock(page, next);
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Ada Lovelace' }).waitFor(ui);

    await page.getByTestId('nav-settings').click();
    await page.getByTestId('destroy-password').fill(next);
    await page.getByTestId('destroy-password').press('Enter');
    await page.getByTestId('destroy-confirm-error').waitFor(ui);
    await page.getByTestId('destroy-confirm').check();
    // Ticked, the box is no longer said to be missing (before, the word and aria-invalid stayed until the next submit).
    expect(await page.getByTestId('destroy-confirm-error').count()).toBe(0);
    expect(await page.getByTestId('destroy-confirm').getAttribute('aria-invalid')).toBe('false');
    await page.getByTestId('destroy-submit').click();
    await page.getByTestId('create-vault-form').waitFor(ui);
    expect(await visibleText(page)).not.toContain('Ada Lovelace');
    expect(pageErrors).toEqual([]);
  });

  it('offers to erase a vault whose device key left the keychain, then sets up a new one', async () => {
    if (shell === undefined) throw new Error('no shell');
    await createVault(page, password);
    await openSection(page, 'contacts');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'contact', { name: 'Katherine Johnson' });
    await page.getByTestId('contact-detail').waitFor(ui);
    await page.keyboard.press('Control+l');
    await page.getByTestId('unlock-form').waitFor(ui);

    // The OS keychain loses the device key (reset, reinstall): the right password cannot help.
    await clearKeychainService(shell.keychainService);
    await page.getByTestId('unlock-password').fill(password);
    await page.getByTestId('unlock-password').press('Enter');
    await page.getByTestId('unlock-error').waitFor(ui);
    expect(await page.getByTestId('unlock-error').innerText()).toMatch(/device key is missing/);
    await page.getByTestId('unlock-unopenable').waitFor(ui);

    // Erasing asks once more, and Cancel (or Esc) keeps the vault. The focus follows the
    // question and comes back to Erase, rather than falling to the page with the button it was on.
    const focused = () =>
      page.evaluate(() => {
        const active = document.activeElement;
        if (active?.querySelector('[data-testid="unlock-erase-confirm"]')) return 'the question';
        return active?.getAttribute('data-testid') ?? active?.tagName ?? null;
      });
    await page.getByTestId('unlock-erase').click();
    await page.getByTestId('unlock-erase-confirm').waitFor(ui);
    expect(await focused()).toBe('the question');
    await page.keyboard.press('Escape');
    await page.getByTestId('unlock-erase').waitFor(ui);
    expect(await focused()).toBe('unlock-erase');
    await page.keyboard.press('Enter');
    await page.getByTestId('unlock-erase-cancel').click();
    await page.getByTestId('unlock-erase').waitFor(ui);
    expect(await focused()).toBe('unlock-erase');
    await page.getByTestId('unlock-erase').click();
    await page.getByTestId('unlock-erase-confirmed').click();
    await page.getByTestId('create-vault-form').waitFor(ui);

    await createVault(page, 'another long passphrase');
    await openSection(page, 'contacts');
    expect(await visibleText(page)).not.toContain('Katherine Johnson');
    expect(pageErrors).toEqual([]);
  });
});

describe('a page without the access token', () => {
  // A context with the browser's defaults, and a vault.
  const app = useApp({ context: { locale: undefined }, password });
  let shell: HeadlessShell | undefined;
  let browser: Browser | undefined;
  let foreign: Awaited<ReturnType<typeof startForeignOrigin>> | undefined;

  beforeAll(async () => {
    ({ shell, browser } = app);
    foreign = await startForeignOrigin();
    // Put something worth stealing in the vault through the legitimate page.
    const { context, page } = app;
    await openSection(page, 'contacts');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'contact', { name: 'Grace Hopper' });
    await page.getByTestId('contact-detail').waitFor(ui);
    await context.close();
  });

  afterAll(async () => {
    await foreign?.close();
  });

  it('shows "Not connected" instead of hanging, and the socket refuses a wrong token', async () => {
    if (shell === undefined || browser === undefined) throw new Error('no shell');
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await throttleCpu(context, page);
      await page.goto(`${shell.origin}/`);
      const failed = page.getByTestId('connection-failed');
      await failed.waitFor({ timeout: 15_000 });
      expect(await failed.textContent()).toContain('Not connected');
      expect(await failed.textContent()).toContain('without its access link');
      expect(await page.getByTestId('create-vault-form').count()).toBe(0);
      expect(await page.getByTestId('unlock-form').count()).toBe(0);

      // Straight at the socket from the same origin: a guessed token is closed
      // with 4401 and nothing is answered; so is an invoke without hello.
      const wsUrl = `ws://127.0.0.1:${shell.port}/ipc`;
      const invoke = { type: 'invoke', id: 1, channel: 'contacts.list', input: {} };
      const guessed = await probeSocket(page, wsUrl, [{ type: 'hello', token: 'guessed' }, invoke]);
      expect(guessed.closeCode).toBe(4401);
      expect(guessed.received).toEqual([]);
      const noHello = await probeSocket(page, wsUrl, [invoke]);
      expect(noHello.closeCode).toBe(4401);
      expect(noHello.received).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('refuses another origin even when it holds the real token', async () => {
    if (shell === undefined || browser === undefined || foreign === undefined) throw new Error('no shell');
    const context = await browser.newContext();
    try {
      // A hostile page on another loopback port.
      const page = await context.newPage();
      await throttleCpu(context, page);
      await page.goto(`${foreign.origin}/`);
      const invoke = { type: 'invoke', id: 1, channel: 'contacts.list', input: {} };
      const stolen = await probeSocket(page, `ws://127.0.0.1:${shell.port}/ipc`, [
        { type: 'hello', token: shell.token },
        invoke,
      ]);
      expect(stolen.opened).toBe(false);
      expect(stolen.received).toEqual([]);

      // The app itself served under another name (localhost) is another origin:
      // the UI says it is not connected, and shows no data.
      const renamed = await context.newPage();
      await throttleCpu(context, renamed);
      await renamed.goto(`http://localhost:${shell.port}/#token=${shell.token}`);
      const failed = renamed.getByTestId('connection-failed');
      await failed.waitFor({ timeout: 15_000 });
      expect(await failed.textContent()).toContain('Not connected');
      expect(await failed.textContent()).toContain('refused');
      expect(await visibleText(renamed)).not.toContain('Grace Hopper');
    } finally {
      await context.close();
    }
  });
});
