// An open contact page while syncs change its contact, in Chromium against
// the real headless shell and vault and a real TLS sync server (a proxy in
// between): the page shows what a sync brought and a conflict of its contact
// resolved elsewhere, and it re-reads its contact only for a sync that
// changed what it shows (the contact, or a task that joins its card). Each
// test works on a contact of its own and closes, passed or failed, any
// conflict it left open.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { contactValues, taskValues, type TestDevice } from '../support/sync-server';
import { editOnBothSides, useEnrolledConflictSuite } from './conflict-steps';
import { openSection, ui } from './crm-steps';
import { call } from './proxied-server';

describe('an open contact page while syncs change it', () => {
  let laptop: TestDevice;
  let userId: string;
  let page: Page;
  const suite = useEnrolledConflictSuite('conflicts on an open page');
  const { route, app, closeConflictsAfterTest } = suite;
  const { pageErrors } = app;

  beforeAll(() => {
    ({ page } = app);
    ({ userId, laptop } = suite.enrolled());
  });

  /**
   * A contact of this test's own, named `name` with the title `title`, made on the other laptop and synced here;
   * its conflicts closed once the test is over. Opens its page from the contact list: the page and its title's value.
   */
  async function openOwnContact(name: string, title: string) {
    const id = randomUUID();
    closeConflictsAfterTest(id);
    await laptop.push([laptop.upsert('contacts', id, contactValues(userId, { name, title }))]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null });
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: name }).click();
    const detail = page.getByTestId('contact-detail');
    await detail.waitFor(ui);
    return { id, detail, title: detail.getByTestId('inline-title').locator('.inline-field__value') };
  }

  it('keeps an open contact page up to date: a sync that changes it, and a conflict of it resolved elsewhere', async () => {
    const { id, detail, title } = await openOwnContact('Dorothy Vaughan', 'Analyst');
    expect(await title.textContent()).toBe('Analyst');

    // The other laptop renames the title; the sync brings it to the page that stays open.
    await laptop.push([laptop.upsert('contacts', id, { title: 'Lead Analyst' })]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, openConflicts: 0 });
    await expect.poll(() => title.textContent(), ui).toBe('Lead Analyst');

    // A clash on the title: the server's value stands in the record, and the page shows it and the notice.
    await editOnBothSides(
      suite,
      () => call(route, 'contacts.update', { id, patch: { title: 'Head of Analysis' } }),
      () => laptop.push([laptop.upsert('contacts', id, { title: 'Chief Analyst' })]),
    );
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 1 });
    await expect.poll(() => title.textContent(), ui).toBe('Chief Analyst');
    await detail.getByTestId('record-conflicts').waitFor(ui);

    // Resolved elsewhere (not on this page): the page shows the value kept, and the notice goes.
    const { items } = (await call(route, 'sync.conflicts.list', { recordId: id })) as { items: { id: number }[] };
    const [conflict] = items;
    if (conflict === undefined) throw new Error('no conflict listed');
    await call(route, 'sync.conflicts.resolve', { id: conflict.id, keep: 'local' });
    await expect.poll(() => title.textContent(), ui).toBe('Head of Analysis');
    await detail.getByTestId('record-conflicts').waitFor({ state: 'detached', timeout: ui.timeout });
    expect(pageErrors).toEqual([]);
  });

  it('re-reads an open contact page for a sync that changed its contact, not for one that changed only other contacts', async () => {
    const { id, title } = await openOwnContact('Mary Jackson', 'Head of Analysis');
    expect(await title.textContent()).toBe('Head of Analysis');
    const reads = () => route.calls.filter((channel) => channel === 'contacts.get').length;
    const before = reads();

    // Another contact arrives and another changes: nothing this page shows.
    const grace = randomUUID();
    await laptop.push([laptop.upsert('contacts', grace, contactValues(userId, { name: 'Grace Hopper', title: 'Admiral' }))]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null });
    await laptop.push([laptop.upsert('contacts', grace, { title: 'Rear Admiral' })]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null });

    // Then its own contact changes: the page reads it once. The events reach the page in order,
    // so by the time it shows the new title it has seen the other two and read nothing for them.
    await laptop.push([laptop.upsert('contacts', id, { title: 'Director of Analysis' })]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null });
    await expect.poll(() => title.textContent(), ui).toBe('Director of Analysis');
    expect(reads() - before).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it("re-reads an open contact page for a task that joins its card, not for another contact's tasks", async () => {
    const { id, detail } = await openOwnContact('Christine Darden', 'Engineer');
    const tasks = detail.getByTestId('related-tasks');
    await expect.poll(() => tasks.locator('.count-badge').textContent(), ui).toBe('0');
    const reads = () => route.calls.filter((channel) => channel === 'contacts.get').length;
    const before = reads();

    // Tasks of another contact arrive, and one of them changes: the card lists tasks, but not these.
    const [otherContact, otherTask, secondTask] = [randomUUID(), randomUUID(), randomUUID()];
    await laptop.push([
      laptop.upsert('contacts', otherContact, contactValues(userId, { name: 'Melba Roy' })),
      laptop.upsert('tasks', otherTask, taskValues(userId, { title: 'Call about the orbit', contactId: otherContact })),
      laptop.upsert('tasks', secondTask, taskValues(userId, { title: 'Send the tables', contactId: otherContact })),
    ]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null });
    await laptop.push([laptop.upsert('tasks', otherTask, { title: 'Call about the re-entry' })]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null });

    // Then a task linked to this contact arrives: the page reads its contact once, and the card shows it.
    // The events reach the page in order, so by the time it shows the task it has seen the other two and read nothing for them.
    await laptop.push([laptop.upsert('tasks', randomUUID(), taskValues(userId, { title: 'Check the trajectory', contactId: id }))]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null });
    await expect.poll(() => tasks.locator('.related-list__primary').allTextContents(), ui).toEqual(['Check the trajectory']);
    expect(reads() - before).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
