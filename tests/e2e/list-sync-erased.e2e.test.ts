// A list over a sync that takes a record away, in Chromium against the real
// headless shell and vault and a real TLS sync server: a contact erased on
// the server leaves the list (its name with it) as soon as the device has
// synced, without Refresh, and leaves the selection; the rows after it move
// up, and the notice still offers Refresh for what else may have changed.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { erase } from '../support/sync-server';
import { useApp } from './app';
import { openSection, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { call, createdId, enrolThroughProxy, useProxiedServer } from './proxied-server';

const password = 'the list forgets the erased';

describe('a list over an erasure', () => {
  let page: Page;
  const route = new InjectingRoute();
  const sync = useProxiedServer();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password });
  const { pageErrors } = app;

  beforeAll(() => {
    ({ page } = app);
  });

  it('takes an erased contact out of the list and the selection when the device syncs, without Refresh', async () => {
    const userId = await sync.server.createUser('Una Erase');
    await enrolThroughProxy(route, sync, userId);
    await createdId(route, 'contacts.create', { name: 'Ada Quay' });
    const erased = await createdId(route, 'contacts.create', { name: 'Bruno Gone', emails: ['bruno@example.test'] });
    await createdId(route, 'contacts.create', { name: 'Cem Pier' });
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0 });

    await openSection(page, 'contacts');
    const rows = page.getByTestId('contact-table-row');
    await expect.poll(() => rows.count(), ui).toBe(3);
    expect(await rows.nth(1).getAttribute('aria-label')).toBe('Bruno Gone');
    await rows.nth(1).getByTestId('row-select').click();
    await rows.nth(2).getByTestId('row-select').click();
    await expect.poll(() => page.getByTestId('bulk-count').textContent(), ui).toBe('2 selected · 3 in this view');

    expect((await erase(sync.server, { entity: 'contacts', recordId: erased })).existed).toBe(true);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null });
    // Gone at once: no Refresh pressed, and the page holds the name nowhere.
    await expect.poll(() => rows.count(), ui).toBe(2);
    expect(await Promise.all([rows.nth(0).getAttribute('aria-label'), rows.nth(1).getAttribute('aria-label')])).toEqual(['Ada Quay', 'Cem Pier']);
    await expect.poll(() => page.evaluate(() => document.body.innerText.includes('Bruno')), ui).toBe(false);
    await page.getByTestId('list-sync-changed').waitFor(ui);
    // The selection keeps the row that is still there.
    await expect.poll(() => page.getByTestId('bulk-count').textContent(), ui).toMatch(/^1 selected/);
    expect(pageErrors).toEqual([]);
  });
});
