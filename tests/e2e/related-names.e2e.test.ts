// The names of related records in list cells (a contact's account), in
// Chromium against the real headless shell and vault and a real TLS sync
// server: an account renamed on another laptop reads with its new name in the
// contacts list once a sync brings the rename (the list of contacts itself
// did not change, and the name was remembered for the session), and a name
// whose read failed once reads again the next time the list shows it (it read
// "None" for the rest of the session).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { protocolDevice } from '../support/sync-server';
import { useApp } from './app';
import { openSection, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { call, createdId, enrolThroughProxy, untilSynced, useProxiedServer } from './proxied-server';

const password = 'names that follow the team';

describe('related records’ names in list cells', () => {
  let page: Page;
  const route = new InjectingRoute();
  const sync = useProxiedServer();
  const app = useApp({ context: { viewport: { width: 1440, height: 900 } }, route, password });
  const { pageErrors } = app;
  /** The account cell of the contact's row. */
  const accountOf = (name: string) => page.getByTestId('contact-table-row').filter({ hasText: name }).locator('[data-column="account"]');
  const nameReads = () => route.calls.filter((channel) => channel === 'records.names').length;

  beforeAll(() => {
    ({ page } = app);
  });

  it('shows an account renamed on another laptop with its new name once a sync brings the rename', async () => {
    const userId = await sync.server.createUser('Nia Names');
    const laptop = await protocolDevice(sync.server, userId);
    await enrolThroughProxy(route, sync, userId);
    await untilSynced(route);
    const account = await createdId(route, 'accounts.create', { name: 'Harbour Freight' });
    await call(route, 'contacts.create', { name: 'Ola Quay', accountId: account });
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0 });

    await openSection(page, 'contacts');
    await accountOf('Ola Quay').filter({ hasText: 'Harbour Freight' }).waitFor(ui);

    // The other laptop renames the account only (rawUpsert: it never pulled it).
    await laptop.push([laptop.rawUpsert('accounts', account, { name: 'Harbour Freight Holdings' })]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null });
    await accountOf('Ola Quay').filter({ hasText: 'Harbour Freight Holdings' }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('reads a name again when the list shows it next, after its read failed', async () => {
    const account = await createdId(route, 'accounts.create', { name: 'Quayside Supplies' });
    await call(route, 'contacts.create', { name: 'Pim Pier', accountId: account });
    await openSection(page, 'today');
    route.failing.set('records.names', { code: 'BUSY', message: 'The vault is busy. Try again in a moment.' });
    const reads = nameReads();
    await openSection(page, 'contacts');
    await expect.poll(nameReads, ui).toBeGreaterThan(reads);
    await accountOf('Pim Pier').filter({ hasText: '—' }).waitFor(ui);

    route.failing.delete('records.names');
    await openSection(page, 'today');
    await openSection(page, 'contacts');
    await accountOf('Pim Pier').filter({ hasText: 'Quayside Supplies' }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });
});
