// A list over syncs, in Chromium against the real headless shell and vault
// and a real TLS sync server: a change a sync brings does not reorder the
// rows under the user's eyes but says "Changes arrived from sync." with
// Refresh, which reads the list again and gives the focus to its first row
// (the notice goes with the press; before, the focus went to the page).
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { contactValues, protocolDevice } from '../support/sync-server';
import { useApp } from './app';
import { openSection, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { call, createdId, enrolThroughProxy, useProxiedServer } from './proxied-server';

const password = 'the list hears the team';

/** The focused row's name, or the focused element's test id (or tag) when no row has the focus. */
function focusedRowName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = document.activeElement;
    if (active?.getAttribute('data-testid') === 'contact-table-row') return active.getAttribute('aria-label') ?? '';
    return active?.getAttribute('data-testid') ?? active?.tagName.toLowerCase() ?? 'none';
  });
}

describe('a list over syncs', () => {
  let page: Page;
  const route = new InjectingRoute();
  const sync = useProxiedServer();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password });
  const { pageErrors } = app;
  let other: Awaited<ReturnType<typeof protocolDevice>>;
  let userId = '';

  beforeAll(() => {
    ({ page } = app);
  });

  it('says a sync changed the list, and Refresh shows the change with the focus on the first row', async () => {
    userId = await sync.server.createUser('Bea List');
    other = await protocolDevice(sync.server, userId);
    await enrolThroughProxy(route, sync, userId);
    const id = await createdId(route, 'contacts.create', { name: 'Ada Quay' });
    await createdId(route, 'contacts.create', { name: 'Cem Pier' });
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0 });

    await openSection(page, 'contacts');
    const rows = page.getByTestId('contact-table-row');
    await expect.poll(() => rows.count(), ui).toBe(2);
    await rows.first().focus();

    // The other laptop renames the first contact (rawUpsert: it never pulled the contact).
    await other.push([other.rawUpsert('contacts', id, { name: 'Zoe Quay' })]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null });
    const notice = page.getByTestId('list-sync-changed');
    await notice.filter({ hasText: 'Changes arrived from sync.' }).waitFor(ui);
    // The rows stay as they were until the user asks.
    expect(await rows.first().getAttribute('aria-label')).toBe('Ada Quay');

    await page.getByTestId('list-sync-refresh').focus();
    await page.keyboard.press('Enter');
    await notice.waitFor({ state: 'detached', ...ui });
    // Sorted by name again, the renamed contact is last, and the focus is on the first row.
    await expect.poll(() => rows.last().getAttribute('aria-label'), ui).toBe('Zoe Quay');
    await expect.poll(() => focusedRowName(page), ui).toBe('Cem Pier');
    expect(pageErrors).toEqual([]);
  });

  it('takes the notice away once the list is read again another way (here a new sort)', async () => {
    const rows = page.getByTestId('contact-table-row');
    await other.push([other.upsert('contacts', randomUUID(), contactValues(userId, { name: 'Ida Dock' }))]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null });
    const notice = page.getByTestId('list-sync-changed');
    await notice.waitFor(ui);
    expect(await rows.count()).toBe(2);
    // Sorted newest name first: the list is read again, the new contact with it, so it is no longer out of date.
    await page.getByTestId('sort-name').click();
    await page.locator('[aria-sort="descending"]').waitFor(ui);
    await expect.poll(() => rows.count(), ui).toBe(3);
    await notice.waitFor({ state: 'detached', ...ui });
    expect(pageErrors).toEqual([]);
  });
});
