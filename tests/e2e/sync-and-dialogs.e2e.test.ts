// Defects of the sync dialog, device enrolment, the Caps Lock warning and the
// dialogs' focus trap, found by a screen walkthrough; checked in Chromium
// against the real headless shell and vault, enrolled with a real sync server
// over TLS on loopback. The tests run in order: the vault is created in the
// first, the device is enrolled in the third, and the server stops in the
// fourth.
import net from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestCa } from '../../src-main/sync/testing/test-pki';
import type { EnrolmentBundle } from '../../src-shared/sync/protocol';
import { enrolmentCode, startTestServer, type TestServer } from '../support/sync-server';
import { useApp } from './app';
import { accessibleText, closeDialogs, createVault, openSection, ui } from './crm-steps';
import { watchFrames } from './first-frames';
import { IpcRoute } from './ipc-route';

const password = 'sync rep enrols laptops';

/** A key event on `testId` carrying a Caps Lock state (the browser's own keys cannot set it). */
function capsKey(page: Page, testId: string, type: 'keydown' | 'keyup', on: boolean): Promise<void> {
  return page.getByTestId(testId).evaluate(
    (input, [eventType, capsLock]) => {
      input.dispatchEvent(new KeyboardEvent(eventType, { key: 'a', bubbles: true, modifierCapsLock: capsLock }));
    },
    [type, on] as const,
  );
}

/** Checks that the first password field warns about Caps Lock while it has the focus, then the second while it has it. */
async function capsLockWarns(page: Page, first: string, second: string): Promise<void> {
  await page.getByTestId(first).focus();
  expect(await page.getByTestId(`${first}-caps-lock`).count()).toBe(0);
  await capsKey(page, first, 'keydown', true);
  expect(await page.getByTestId(`${first}-caps-lock`).textContent()).toBe('Caps Lock is on.');
  // One warning, under the field being typed in.
  await page.getByTestId(second).focus();
  await page.getByTestId(`${second}-caps-lock`).waitFor(ui);
  expect(await page.getByTestId(`${first}-caps-lock`).count()).toBe(0);
  await capsKey(page, second, 'keyup', false);
  await page.getByTestId(`${second}-caps-lock`).waitFor({ state: 'detached', timeout: ui.timeout });
}

/** Presses Tab (then Shift+Tab) `presses` times in the open dialog; the focus must never leave it. */
async function tabbingStaysIn(page: Page, dialogTestId: string, presses: number): Promise<void> {
  const visited = new Set<string>();
  for (const key of ['Tab', 'Shift+Tab']) {
    for (let press = 1; press <= presses; press += 1) {
      await page.keyboard.press(key);
      const where = await page.evaluate((id) => {
        const active = document.activeElement;
        const dialog = document.querySelector(`[data-testid="${id}"]`);
        if (active === null || dialog === null || active === dialog || !dialog.contains(active)) return null;
        return `${active.tagName}:${active.getAttribute('data-testid') ?? active.getAttribute('aria-label') ?? ''}`;
      }, dialogTestId);
      expect(where, `${key} press ${press} left the dialog`).not.toBeNull();
      visited.add(where ?? '');
    }
  }
  // It cycled: more presses than stops went round and came back.
  expect(visited.size).toBeLessThan(presses);
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('sync dialog, enrolment, Caps Lock and dialog focus', () => {
  let server: TestServer | undefined;
  let page: Page;
  let userId: string;
  const route = new IpcRoute();

  // Registered before the app's hooks: the server starts before the shell and stops after it.
  beforeAll(async () => {
    server = await startTestServer();
    userId = await server.createUser('Rep');
  });

  afterAll(async () => {
    await server?.close();
  });

  // No vault yet: the first test types in the Create vault form.
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route });
  const { pageErrors } = app;

  beforeAll(async () => {
    ({ page } = app);
    await page.getByTestId('create-vault-form').waitFor(ui);
  });

  // A test that failed half-way leaves no answer held and no dialog over the next one.
  beforeEach(async () => {
    route.release();
    await closeDialogs(page);
  });

  it('warns about Caps Lock under every password field: Create vault and Change password', async () => {
    try {
      await capsLockWarns(page, 'create-password', 'create-confirm');
    } finally {
      await createVault(page, password);
    }
    await openSection(page, 'settings');
    await capsLockWarns(page, 'change-current', 'change-next');
    await capsLockWarns(page, 'change-next', 'change-confirm');
    expect(pageErrors).toEqual([]);
  });

  it('says once that the device is not connected, offers no sync, makes Settings the primary action; S opens it', async () => {
    await openSection(page, 'today');
    const pill = page.getByTestId('sync-status');
    await pill.filter({ hasText: 'Not connected to a sync server' }).waitFor(ui);
    await pill.click();
    const dialog = page.getByTestId('sync-details');
    await dialog.waitFor(ui);
    const text = (await dialog.textContent()) ?? '';
    expect(text.match(/not connected to a sync server/gi)).toHaveLength(1);
    expect(await dialog.getByTestId('sync-details-state').textContent()).toBe('Not connected to a sync server');
    expect(await dialog.getByTestId('sync-details-enrol-help').textContent()).toBe(
      'To sync, connect this device to your organisation’s sync server in Settings.',
    );
    // Settings, where the device is connected, is the primary action; no disabled "Sync now" stands in its place.
    expect(await dialog.getByTestId('sync-now').count()).toBe(0);
    expect(await dialog.locator('.button--primary').count()).toBe(1);
    expect(await dialog.getByTestId('sync-details-settings').getAttribute('class')).toContain('button--primary');
    expect(await dialog.locator('.button--primary').textContent()).toBe('Open Settings');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await pill.evaluate((element) => element === document.activeElement)).toBe(true);

    // S (a shortcut in the help list) cannot sync here: it opens the dialog, which leads to Settings.
    await page.getByTestId('workspace').locator('main').focus();
    await page.keyboard.press('s');
    await dialog.waitFor(ui);
    expect(route.calls).not.toContain('sync.now');
    const formFrames = await watchFrames(page, '[data-testid="enrol-form"]', '[data-testid="enrol-bundle-choose"]');
    await dialog.getByTestId('sync-details-settings').click();
    await dialog.waitFor({ state: 'detached', timeout: ui.timeout });
    await page.getByTestId('settings-panel').getByTestId('enrol-form').waitFor(ui);
    // Arriving to connect the device, the focus is on the enrolment form's first field, not on the page
    // nor back on the sync pill, from the form's first frame on.
    expect((await formFrames()).filter((frame) => frame.text !== null && !frame.focused)).toEqual([]);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('enrol-bundle-choose');

    await page.keyboard.press('?');
    const help = page.getByTestId('shortcut-help');
    await help.waitFor(ui);
    expect(await help.textContent()).toContain('Sync now');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached', timeout: ui.timeout });
    expect(pageErrors).toEqual([]);
  });

  it('enrols from Settings against the real server, naming a wrong code, an unreachable address and a foreign certificate at their fields', async () => {
    if (server === undefined) throw new Error('no server');
    await openSection(page, 'settings');
    const form = page.getByTestId('enrol-form');
    await form.waitFor(ui);

    // Nothing typed: each field says what it needs, the first one has the focus.
    await form.getByTestId('enrol-submit').click();
    expect(await form.getByTestId('enrol-server-error').textContent()).toBe('Enter the server address, starting with https://');
    expect(await form.getByTestId('enrol-certificate-error').textContent()).toMatch(/^Paste the organisation certificate/);
    expect(await form.getByTestId('enrol-code-error').textContent()).toBe('This field is required');
    expect(await form.getByTestId('enrol-server').evaluate((input) => input === document.activeElement)).toBe(true);

    const attempt = async (serverUrl: string, caPem: string, code: string, field: 'server' | 'certificate' | 'code'): Promise<string> => {
      await form.getByTestId('enrol-server').fill(serverUrl);
      await form.getByTestId('enrol-certificate').fill(caPem);
      await form.getByTestId('enrol-code').fill(code);
      const errorFrames = await watchFrames(page, `[data-testid="enrol-${field}-error"]`, `[data-testid="enrol-${field}"]`);
      await form.getByTestId('enrol-submit').click();
      const error = form.getByTestId(`enrol-${field}-error`);
      await error.waitFor(ui);
      expect(await form.getByTestId(`enrol-${field}`).getAttribute('aria-invalid')).toBe('true');
      const message = (await error.textContent()) ?? '';
      // The field has the focus from the message's first frame on.
      expect((await errorFrames()).filter((frame) => frame.text === message && !frame.focused)).toEqual([]);
      expect(await form.getByTestId(`enrol-${field}`).evaluate((input) => input === document.activeElement)).toBe(true);
      return message;
    };

    const code = await enrolmentCode(server, userId);
    // A code that cannot be one by its form is named for what is wrong with it, before any connection.
    expect(await attempt(server.url, server.caPem, 'z7x2 ymje', 'code')).toBe(
      'This code is incomplete: an enrolment code has 16 letters and digits, in four groups of four (XXXX-XXXX-XXXX-XXXX).',
    );
    expect(await attempt(server.url, server.caPem, 'WRONG-CODE-1234', 'code')).toBe(
      'An enrolment code has only the digits 0–9 and the letters A–Z other than I, L, O and U. Check what you typed.',
    );
    expect(await attempt(server.url, server.caPem, `${code}-7`, 'code')).toBe(
      'This code is too long: an enrolment code has 16 letters and digits, in four groups of four (XXXX-XXXX-XXXX-XXXX).',
    );
    // One of the right form the server does not know.
    expect(await attempt(server.url, server.caPem, 'zzzz zzzz zzzz zzzz', 'code')).toBe(
      'The server did not accept this enrolment code: it is wrong, already used or expired. Ask your administrator for a new one.',
    );
    expect(await attempt(`https://127.0.0.1:${await closedPort()}`, server.caPem, code, 'server')).toBe(
      'The server cannot be reached at this address. Check the address and this device’s network connection.',
    );
    const rogueCa = await createTestCa('Rogue CA');
    expect(await attempt(server.url, rogueCa.certPem, code, 'certificate')).toMatch(/^The server at this address does not hold a certificate from this organisation certificate, so nothing was sent\./);
    // Refused before any connection: the server's own certificate is not a CA.
    expect(await attempt(server.url, server.org.certificate.certPem, code, 'certificate')).toBe(
      'The organisation certificate is not a certificate authority. Paste the organisation’s certificate, not the server’s.',
    );

    // Nothing of the failed tries was kept: the device is still not enrolled.
    expect(await page.getByTestId('sync-status').getAttribute('data-enrolled')).toBe('false');

    // A file that is not a bundle is said to be none, and changes nothing.
    await form.getByTestId('enrol-bundle').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"serverUrl": 1}') });
    expect(await form.getByTestId('enrol-error').textContent()).toMatch(/^This file is not an enrolment bundle\./);
    expect(await form.getByTestId('enrol-server').inputValue()).toBe(server.url);

    // The bundle file an administrator hands out fills the form.
    const bundle: EnrolmentBundle = { serverUrl: server.url, caCertificatePem: server.caPem, enrolmentCode: code, organisationId: 'org', organisationName: 'Walkthrough Org' };
    await form.getByTestId('enrol-bundle').setInputFiles({ name: 'enrolment-bundle.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bundle)) });
    await form.getByTestId('enrol-bundle-loaded').waitFor(ui);
    expect(await form.getByTestId('enrol-code').inputValue()).toBe(code);
    expect(await form.getByTestId('enrol-server-error').count()).toBe(0);
    const connectedFrames = await watchFrames(page, '[data-testid="sync-server-connected"]');
    await form.getByTestId('enrol-submit').click();

    const connected = page.getByTestId('sync-server-connected');
    await connected.waitFor(ui);
    expect(await connected.textContent()).toBe(`This device syncs with Walkthrough Org at ${new URL(server.url).origin}.`);
    // The form is gone: what took its place has the focus from its first frame on.
    expect((await connectedFrames()).filter((frame) => frame.text !== null && !frame.focused)).toEqual([]);
    expect(await connected.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.getByTestId('enrol-success').waitFor(ui);
    // The enrolment answers while the first sync runs (the pill reads "Never synced" then): wait for its end.
    await expect.poll(async () => (await accessibleText(page, '[data-testid="sync-status"]')).name, ui).toBe('Sync status: Synced');
    expect(await page.getByTestId('sync-status').getAttribute('data-enrolled')).toBe('true');

    expect(pageErrors).toEqual([]);
  });

  it('syncs now from the dialog and with S, busy while it runs, then says how it went', async () => {
    if (server === undefined) throw new Error('no server');
    const pill = page.getByTestId('sync-status');
    // A screen reader hears trouble from the pill, not each sync's "Syncing…" and "Synced".
    const announcedSelector = '[data-testid="sync-status-announced"]';
    const quiet = await watchFrames(page, announcedSelector);
    await pill.click();
    const dialog = page.getByTestId('sync-details');
    await dialog.waitFor(ui);
    expect(await dialog.getByTestId('sync-details-server').textContent()).toBe(`Walkthrough Org at ${new URL(server.url).origin}`);
    expect(await dialog.getByTestId('sync-details-enrol-help').count()).toBe(0);

    // Busy while the answer is held back; the button keeps the focus.
    route.holding.add('sync.now');
    const before = route.calls.filter((channel) => channel === 'sync.now').length;
    const answeredBefore = route.answered.get('sync.now') ?? 0;
    const syncNow = dialog.getByTestId('sync-now');
    await syncNow.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="sync-now"]')?.getAttribute('aria-busy') === 'true', undefined, ui);
    expect(await syncNow.textContent()).toBe('Syncing…');
    // Pressed again while busy: nothing more is asked.
    await page.keyboard.press('Enter');
    expect(route.calls.filter((channel) => channel === 'sync.now').length).toBe(before + 1);
    expect(await syncNow.evaluate((element) => element === document.activeElement)).toBe(true);
    // The success is said through a region there before it (an alert inserted with its text is often not read).
    const said = dialog.getByTestId('sync-now-said');
    expect(await said.count()).toBe(1);
    route.release();
    expect(await dialog.getByTestId('sync-now-done').textContent()).toBe('Sync complete.');
    await expect.poll(() => said.textContent(), ui).toBe('Sync complete.');
    expect(await said.getAttribute('aria-live')).toBe('polite');
    expect(await syncNow.getAttribute('aria-busy')).toBe('false');
    expect(await syncNow.textContent()).toBe('Sync now');
    // S, as the button says, in the dialog too (before, the page's shortcuts were off there and S did nothing).
    const pressed = route.calls.filter((channel) => channel === 'sync.now').length;
    await page.keyboard.press('s');
    await expect.poll(() => route.calls.filter((channel) => channel === 'sync.now').length, ui).toBe(pressed + 1);
    await expect.poll(() => syncNow.getAttribute('aria-busy'), ui).toBe('false');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: ui.timeout });

    // S syncs without opening anything.
    await page.getByTestId('workspace').locator('main').focus();
    await page.keyboard.press('s');
    await page.waitForFunction(() => document.querySelector('dialog[open]') === null, undefined, ui);
    await expect.poll(() => route.calls.filter((channel) => channel === 'sync.now').length, ui).toBe(before + 3);
    await expect.poll(() => route.answered.get('sync.now'), ui).toBe(answeredBefore + 3);
    // The page has taken that answer in too: the dialog opened now is not one opened while S's sync ran.
    await page.waitForFunction(() => document.querySelector('[data-testid="sync-status"]')?.getAttribute('aria-busy') === 'false', undefined, ui);

    expect(new Set((await quiet()).map((frame) => frame.text))).toHaveLength(1);

    // The server is gone: the outcome says why, in plain words.
    const troubleSaid = await watchFrames(page, announcedSelector);
    await server.close();
    server = undefined;
    // An earlier outcome is not shown again, not even for the dialog's first frame.
    const outcomeFrames = await watchFrames(page, '[data-testid="sync-details"] [data-testid="sync-now-done"]');
    await pill.click();
    await dialog.waitFor(ui);
    expect(await dialog.getByTestId('sync-now-done').count()).toBe(0);
    expect((await outcomeFrames()).filter((frame) => frame.text !== null)).toEqual([]);
    await dialog.getByTestId('sync-now').click();
    const failure = dialog.getByTestId('sync-now-error');
    await failure.waitFor(ui);
    expect(await failure.textContent()).toBe('The sync server cannot be reached.');
    // Said once: the details do not repeat it.
    expect(((await dialog.textContent()) ?? '').match(/cannot be reached/g)).toHaveLength(1);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: ui.timeout });
    // The pill's live region says the server is out of reach, once (outside the dialog, the pill is in the accessibility tree again).
    await expect.poll(async () => (await accessibleText(page, '[data-testid="sync-status"]')).name, ui).toBe('Sync status: Offline');
    await expect.poll(() => page.locator(announcedSelector).textContent(), ui).toBe('Offline');
    expect((await troubleSaid()).map((frame) => frame.text).filter((text) => text !== '' && text !== 'Synced')).toEqual(['Offline']);
    expect(pageErrors).toEqual([]);
  });

  it('keeps Tab and Shift+Tab inside a dialog, closes it with Esc and gives the focus back to its opener', async () => {
    const pill = page.getByTestId('sync-status');
    await pill.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('sync-details').waitFor(ui);
    await tabbingStaysIn(page, 'sync-details', 6);
    await page.keyboard.press('Escape');
    await page.getByTestId('sync-details').waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await pill.evaluate((element) => element === document.activeElement)).toBe(true);

    await openSection(page, 'contacts');
    const opener = page.getByTestId('list-new');
    await opener.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('new-contact').waitFor(ui);
    await tabbingStaysIn(page, 'new-contact', 30);
    await page.keyboard.press('Escape');
    await page.getByTestId('new-contact').waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await opener.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
