// What a user sees when the organisation revokes their device (found by the
// third walkthrough): the vault is erased, and the create-vault screen must
// say why (the organisation removed the device, a new enrolment code is
// needed), not that passwords were guessed. Real headless shell and vault,
// enrolled through Settings with a real sync server over TLS on loopback,
// revoked through the server's admin API. The new vault made afterwards is
// not enrolled, and its sync status must not carry the old vault's error.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolmentCode, revoke, startTestServer, type TestServer } from '../support/sync-server';
import { useApp } from './app';
import { createVault, openSection, ui } from './crm-steps';

describe('a device revoked by the organisation', () => {
  let server: TestServer | undefined;
  let page: Page;
  let userId: string;

  // Registered before the app's hooks: the server starts before the shell and stops after it.
  beforeAll(async () => {
    server = await startTestServer();
    userId = await server.createUser('Rep');
  });

  afterAll(async () => {
    await server?.close();
  });

  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password: 'revoked rep password' });
  const { pageErrors } = app;

  beforeAll(() => {
    ({ page } = app);
  });

  it('says the organisation removed the device, not that the password was guessed', async () => {
    if (server === undefined) throw new Error('no server');
    await openSection(page, 'settings');
    const form = page.getByTestId('enrol-form');
    await form.getByTestId('enrol-server').fill(server.url);
    await form.getByTestId('enrol-certificate').fill(server.caPem);
    await form.getByTestId('enrol-code').fill(await enrolmentCode(server, userId));
    await form.getByTestId('enrol-submit').click();
    await page.getByTestId('enrol-success').waitFor(ui);
    await page.locator('[data-testid="sync-status"][data-enrolled="true"]').waitFor(ui);

    const devices = await server.org.ctx.store.transaction((tx) => tx.listDevices(userId));
    expect(devices).toHaveLength(1);
    // The device's long poll hears of the revocation at once: no sync needs asking for.
    await revoke(server, devices[0]?.id ?? '');

    const notice = page.getByTestId('create-notice');
    await notice.waitFor(ui);
    const words =
      'Your organisation removed this device, so its vault was erased, with any changes not yet synced. To use FieldVault here again, create a new vault and connect it with a new enrolment code from your administrator.';
    expect(await notice.textContent()).toBe(words);

    // The window reloaded (the app restarted, say): the notice is read from the vault folder's wipe notice, not
    // from the page's memory; before, a plain first-run screen said nothing of why the data was gone.
    await page.reload();
    await notice.waitFor(ui);
    expect(await notice.textContent()).toBe(words);
    expect(pageErrors).toEqual([]);
  });

  it('starts the new vault as not connected, without the old vault\'s "removed" error', async () => {
    await createVault(page, 'second vault password');
    const pill = page.getByTestId('sync-status');
    await pill.filter({ hasText: 'Not connected to a sync server' }).waitFor(ui);
    expect(await pill.getAttribute('data-enrolled')).toBe('false');
    expect(await pill.textContent()).not.toMatch(/removed|failed/i);
    await pill.click();
    const dialog = page.getByTestId('sync-details');
    await dialog.waitFor(ui);
    expect(await dialog.textContent()).not.toMatch(/removed from your organisation/);

    // The new vault took the wipe notice away: reloaded, the window shows the vault (unlocked or to unlock), no notice.
    await page.reload();
    await page.getByTestId('unlock').or(page.getByTestId('sync-status')).first().waitFor(ui);
    expect(await page.getByTestId('create-notice').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
