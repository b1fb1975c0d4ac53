// A list over a sync that takes a record away, in Chromium against the real
// headless shell and vault and a real TLS sync server: a contact erased on
// the server leaves the list (its name with it) as soon as the device has
// synced, without Refresh, and leaves the selection; the rows after it move
// up, and the notice still offers Refresh for what else may have changed.
// A contact renamed elsewhere out of the pages the list holds is not gone:
// it stays where it was until Refresh. In the trash list, a contact restored
// elsewhere is gone from it, as a trashed one is from the live list.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { contactValues, erase, protocolDevice } from '../support/sync-server';
import { useApp } from './app';
import { openSection, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { call, createdId, enrolThroughProxy, useProxiedServer } from './proxied-server';

const password = 'the list forgets the erased';

describe('a list over an erasure', () => {
  let page: Page;
  let userId: string;
  const route = new InjectingRoute();
  const sync = useProxiedServer();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password });
  const { pageErrors } = app;

  beforeAll(async () => {
    ({ page } = app);
    userId = await sync.server.createUser('Una Erase');
    await enrolThroughProxy(route, sync, userId);
  });

  it('takes an erased contact out of the list and the selection when the device syncs, without Refresh', async () => {
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

  it('keeps a contact renamed out of the pages the list holds until Refresh, while an erased one goes at once', async () => {
    // Another laptop of the user writes more contacts than a page holds: the list holds the first page only.
    const laptop = await protocolDevice(sync.server, userId);
    const renamed = randomUUID();
    const erased = randomUUID();
    await laptop.push([laptop.upsert('contacts', renamed, contactValues(userId, { name: 'Aaron Able' })), laptop.upsert('contacts', erased, contactValues(userId, { name: 'Abe Erased' }))]);
    // Made after the push above: a device's operations go in the order it numbered them.
    const fillers = Array.from({ length: 110 }, (_, index) => laptop.upsert('contacts', randomUUID(), contactValues(userId, { name: `Mid ${String(index).padStart(3, '0')}` })));
    for (let start = 0; start < fillers.length; start += 50) await laptop.push(fillers.slice(start, start + 50));
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0 });

    await openSection(page, 'today');
    await openSection(page, 'contacts');
    const rows = page.getByTestId('contact-table-row');
    await expect.poll(() => rows.nth(0).getAttribute('aria-label'), ui).toBe('Aaron Able');
    expect(await rows.nth(1).getAttribute('aria-label')).toBe('Abe Erased');
    await expect.poll(() => page.getByTestId('list-count').textContent(), ui).toMatch(/^1\d\d\+? records$/);

    // Renamed last in the name order (out of the pages held), and the other erased, in one sync.
    await laptop.push([laptop.upsert('contacts', renamed, { name: 'Zed Zulu' })]);
    expect((await erase(sync.server, { entity: 'contacts', recordId: erased })).existed).toBe(true);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null });
    await expect.poll(() => page.evaluate(() => document.body.innerText.includes('Abe Erased')), ui).toBe(false);
    await page.getByTestId('list-sync-changed').waitFor(ui);
    // The renamed one is still there, where it was, a while after the erased one went; the rows after it moved up.
    for (let check = 0; check < 10; check += 1) {
      expect(await rows.nth(0).getAttribute('aria-label')).toBe('Aaron Able');
      await page.waitForTimeout(200);
    }
    expect(await rows.nth(1).getAttribute('aria-label')).toBe('Ada Quay');
    // Refresh shows the list as it is now: the contact is no longer first.
    await page.getByTestId('list-sync-refresh').click();
    await expect.poll(() => rows.nth(0).getAttribute('aria-label'), ui).toBe('Ada Quay');
    expect(await rows.filter({ hasText: 'Aaron Able' }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('takes a contact restored elsewhere out of the trash list when the device syncs', async () => {
    const laptop = await protocolDevice(sync.server, userId);
    const restored = randomUUID();
    await laptop.push([laptop.upsert('contacts', restored, contactValues(userId, { name: 'Rhea Restored', deletedAt: Date.now() }))]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null });

    await openSection(page, 'today');
    await openSection(page, 'contacts');
    await page.getByTestId('trash-toggle').click();
    const rows = page.getByTestId('contact-table-row');
    await expect.poll(() => rows.filter({ hasText: 'Rhea Restored' }).count(), ui).toBe(1);

    // Restored on the other laptop: in the trash list it is gone (it was kept there, live, until Refresh).
    const now = Date.now() + 10;
    await laptop.push([laptop.upsert('contacts', restored, { deletedAt: null, updatedAt: now, updatedBy: userId })]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null });
    await expect.poll(() => rows.filter({ hasText: 'Rhea Restored' }).count(), ui).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
