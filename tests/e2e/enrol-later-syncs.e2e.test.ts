// The Settings card after a device was connected there, while Settings stays
// open, in Chromium against the real headless shell and vault and a real TLS
// sync server behind a fault proxy, with later sync statuses pushed to the
// page as the shell would: the card follows the first sync only. Before, every
// later sync read "First sync under way", and a later failure "Connected, but
// the first sync failed".
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatusEvent } from '../../src-shared/sync/client-api';
import { contactValues, enrolmentCode, protocolDevice } from '../support/sync-server';
import { useApp } from './app';
import { accessibleText, openSection, ui } from './crm-steps';
import { IpcRoute } from './ipc-route';
import { useProxiedServer } from './proxied-server';

const password = 'later syncs are not the first';
const pill = '[data-testid="sync-status"]';

describe('the Settings card after the first sync', () => {
  let page: Page;
  const route = new IpcRoute();
  const sync = useProxiedServer();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password });
  const { pageErrors } = app;

  beforeAll(() => {
    ({ page } = app);
  });

  /** Pushes a sync status to the page as the shell does, and waits until the pill reads it. */
  async function push(status: SyncStatusEvent, pillState: string): Promise<void> {
    route.socket?.send(JSON.stringify({ type: 'event', event: 'sync.didChangeStatus', payload: status }));
    await expect.poll(async () => (await accessibleText(page, pill)).name, ui).toBe(`Sync status: ${pillState}`);
  }

  it('shows no "First sync under way" for a later sync, and no "the first sync failed" for a later failure', async () => {
    const userId = await sync.server.createUser('Lou Later');
    const laptop = await protocolDevice(sync.server, userId);
    await laptop.push(['Ada Lovelace', 'Bo Chen'].map((name) => laptop.upsert('contacts', randomUUID(), contactValues(userId, { name }))));
    // The first sync waits for the people directory: held, the card shows it under way.
    const directory = sync.proxy.hold('/v1/users');

    await openSection(page, 'settings');
    const form = page.getByTestId('enrol-form');
    await form.waitFor(ui);
    await form.getByTestId('enrol-server').fill(sync.proxy.url);
    await form.getByTestId('enrol-certificate').fill(sync.server.caPem);
    await form.getByTestId('enrol-code').fill(await enrolmentCode(sync.server, userId));
    await form.getByTestId('enrol-submit').click();
    await page.getByTestId('enrol-success').waitFor(ui);
    await directory.arrived;
    const progress = page.getByTestId('sync-server-progress');
    await progress.waitFor(ui);
    directory.release();
    await expect.poll(async () => (await accessibleText(page, pill)).name, ui).toBe('Sync status: Synced');
    await progress.waitFor({ state: 'detached', ...ui });

    const after: SyncStatusEvent = {
      state: 'syncing',
      pendingCount: 0,
      lastSuccessAt: Date.now(),
      lastError: null,
      lastErrorReason: null,
      received: 0,
      total: null,
      openConflicts: 0,
      unsentRecords: 0,
      nextTryAt: null,
      clockSkew: null,
    };
    // A later sync: not the first one.
    await push(after, 'Syncing…');
    expect(await progress.count()).toBe(0);
    // A later failure: not the first sync's.
    await push({ ...after, state: 'error', lastError: 'The sync server refused this device.', nextTryAt: Date.now() + 60_000 }, 'Sync failed');
    expect(await page.getByTestId('enrol-first-sync-failed').count()).toBe(0);
    expect(await page.getByTestId('enrol-success').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
