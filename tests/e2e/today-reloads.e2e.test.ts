// The Today page over syncs, in Chromium against the real headless shell and
// vault and a real TLS sync server: it shows tasks and activities, so a sync
// that changed only other records (contacts, a deal), or that settled a
// contact edited here, reads nothing; a task for today arriving reads Today
// once, and shows.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { contactValues, protocolDevice, taskValues } from '../support/sync-server';
import { useApp } from './app';
import { openSection, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { call, enrolThroughProxy, useProxiedServer } from './proxied-server';

const password = 'today reads what it shows';

describe('Today over syncs', () => {
  let page: Page;
  const route = new InjectingRoute();
  const sync = useProxiedServer();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password });
  const { pageErrors } = app;

  beforeAll(() => {
    ({ page } = app);
  });

  it('reads Today again for a sync that brought a task, not for syncs of contacts and deals', async () => {
    const userId = await sync.server.createUser('Tess Today');
    const laptop = await protocolDevice(sync.server, userId);
    const local = randomUUID();
    await laptop.push([laptop.upsert('contacts', local, contactValues(userId, { name: 'Katherine Johnson' }))]);
    await enrolThroughProxy(route, sync, userId);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null });

    await openSection(page, 'today');
    const today = page.getByTestId('today');
    await today.getByTestId('today-overdue').waitFor(ui);
    const reads = () => route.calls.filter((channel) => channel === 'today.get').length;
    const before = reads();

    // Another laptop adds a contact and a deal, then changes the contact; this device edits a contact and
    // pushes it: none of it is a task or an activity.
    const other = randomUUID();
    await laptop.push([
      laptop.upsert('contacts', other, contactValues(userId, { name: 'Dorothy Vaughan' })),
      laptop.upsert('deals', randomUUID(), { name: 'Langley Deal', amount: 500_000, currency: 'USD' }),
    ]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null });
    await laptop.push([laptop.upsert('contacts', other, { title: 'Supervisor' })]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null });
    await call(route, 'contacts.update', { id: local, patch: { title: 'Mathematician' } });
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0 });

    // Then a task due an hour ago arrives: Today reads once, and lists it. The events reach the page in
    // order, so by the time it shows the task it has seen the others and read nothing for them.
    await laptop.push([laptop.upsert('tasks', randomUUID(), taskValues(userId, { title: 'Check the trajectory', dueAt: Date.now() - 60 * 60 * 1000 }))]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null });
    await today.getByTestId('today-task').filter({ hasText: 'Check the trajectory' }).waitFor(ui);
    expect(reads() - before).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
