// Connecting a device from Settings while its first sync runs, in Chromium
// against the real headless shell and vault and a real TLS sync server behind
// a fault proxy: sync.enrol answers once the enrolment is stored and the first
// sync has started, so the card closes its form, says it is connected, and the
// pill and the card count what the first sync receives while it goes on.
// Before, the answer came after the whole first sync (20 s and more with
// 100,000 contacts), and the card waited on it with no word of being done.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { contactValues, enrolmentCode, protocolDevice } from '../support/sync-server';
import { useApp } from './app';
import { accessibleText, openSection, ui } from './crm-steps';
import { IpcRoute } from './ipc-route';
import { useProxiedServer } from './proxied-server';

const password = 'connect while it syncs';
const pill = '[data-testid="sync-status"]';

describe('enrolling from Settings while the first sync runs', () => {
  let page: Page;
  const route = new IpcRoute();
  const sync = useProxiedServer();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password });
  const { pageErrors } = app;

  beforeAll(() => {
    ({ page } = app);
  });

  it('answers the enrolment while the first sync runs: the form closes and the pill counts what arrives', async () => {
    const userId = await sync.server.createUser('Rita Rep');
    const laptop = await protocolDevice(sync.server, userId);
    await laptop.push(['Ada Lovelace', 'Bo Chen', 'Mei Lin'].map((name) => laptop.upsert('contacts', randomUUID(), contactValues(userId, { name }))));
    // The first sync waits for the people directory, after the records are in: it cannot end until released.
    const directory = sync.proxy.hold('/v1/users');

    await openSection(page, 'settings');
    const form = page.getByTestId('enrol-form');
    await form.waitFor(ui);
    await form.getByTestId('enrol-server').fill(sync.proxy.url);
    await form.getByTestId('enrol-certificate').fill(sync.server.caPem);
    await form.getByTestId('enrol-code').fill(await enrolmentCode(sync.server, userId));
    await form.getByTestId('enrol-submit').click();

    // The enrolment answered (the card says so only then) while the first sync is held: before, it never did.
    await page.getByTestId('enrol-success').waitFor(ui);
    await directory.arrived;
    expect(route.answered.get('sync.enrol')).toBe(1);
    expect(await form.count()).toBe(0);
    expect(await page.getByTestId('sync-server-connected').textContent()).toBe(`This device syncs with the server at ${new URL(sync.proxy.url).origin}.`);
    // The progress shows in the pill and the card, of the total the server named.
    await expect.poll(() => accessibleText(page, pill), ui).toEqual({ name: 'Sync status: Syncing…', description: '3 of 3 changes received. 0 changes waiting. Never synced.' });
    expect(await page.getByTestId('sync-server-progress').textContent()).toBe('First sync under way: 3 of 3 changes received so far.');

    directory.release();
    await expect.poll(async () => (await accessibleText(page, pill)).name, ui).toBe('Sync status: Synced');
    await page.getByTestId('sync-server-progress').waitFor({ state: 'detached', ...ui });
    expect(pageErrors).toEqual([]);
  });
});
