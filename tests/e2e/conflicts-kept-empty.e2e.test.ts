// An empty value of mine is a choice in the review (reviewer, conflicts #1),
// in Chromium against the real headless shell and vault and a real TLS sync
// server (a proxy in between). This device restores a contact, or clears a
// task's due time, while it cannot push; the other laptop trashes the
// contact, or sets another due time, later. Before, "Yours: Empty" came with
// no Keep mine, and the restore or the clearing was lost. A trash against a
// restore reads Restore / Keep it in the trash, in English and in Chinese.
// Each test works on a record of its own and closes what it left open.
import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { contactValues, taskValues, type TestDevice } from '../support/sync-server';
import { editOnBothSides, openReview, sideText, useEnrolledConflictSuite } from './conflict-steps';
import { ui } from './crm-steps';
import { setLanguage } from './layout-steps';
import { call } from './proxied-server';

describe('sync conflicts: keeping an empty value of mine', () => {
  let laptop: TestDevice;
  let userId: string;
  let page: Page;
  const suite = useEnrolledConflictSuite('an empty value kept');
  const { route, app, closeConflictsAfterTest } = suite;
  const { pageErrors } = app;

  beforeAll(() => {
    ({ page } = app);
    ({ userId, laptop } = suite.enrolled());
  });

  /** The review's one item, once the sync that kept it has reached the page. */
  async function reviewItem(field: string): Promise<Locator> {
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 1 });
    await expect.poll(() => page.getByTestId('sync-review-count').textContent(), ui).toBe('1');
    const review = await openReview(page);
    const item = review.locator(`[data-testid="conflict-item"][data-field="${field}"]`);
    await item.waitFor(ui);
    return item;
  }

  const choices = (item: Locator) => item.locator('[data-testid^="conflict-keep-"]').allTextContents();

  it('offers to restore a contact restored here and trashed there, and restores it, synced', async () => {
    const id = randomUUID();
    closeConflictsAfterTest(id);
    await laptop.push([laptop.upsert('contacts', id, contactValues(userId, { name: 'Ada Lovelace', deletedAt: Date.now() }))]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, openConflicts: 0 });
    await editOnBothSides(
      suite,
      () => call(route, 'contacts.restore', { id }),
      () => laptop.push([laptop.upsert('contacts', id, { deletedAt: Date.now() + 10, updatedAt: Date.now() + 10, updatedBy: userId })]),
    );
    const item = await reviewItem('deletedAt');
    await expect.poll(() => sideText(item.getByTestId('conflict-yours')), ui).toBe('YoursNot in the trash');
    await expect.poll(() => choices(item), ui).toEqual(['Restore', 'Keep it in the trash']);

    await setLanguage(page, 'zh-CN');
    const zh = await openReview(page);
    await expect.poll(() => choices(zh.locator('[data-testid="conflict-item"][data-field="deletedAt"]')), ui).toEqual(['恢复', '保留在回收站中']);
    await setLanguage(page, 'en');
    await openReview(page);

    await item.getByTestId('conflict-keep-local').click();
    await page.getByTestId('conflicts-empty').waitFor(ui);
    expect(((await call(route, 'contacts.get', { id })) as { contact: { deletedAt: number | null } }).contact.deletedAt).toBeNull();
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 0 });
    await laptop.pullAll();
    expect(laptop.replica.get(`contacts/${id}`)?.get('deletedAt')).toBeNull();
    expect(pageErrors).toEqual([]);
  });

  it('offers Keep mine for a due time cleared here and set there, and keeps it cleared', async () => {
    const id = randomUUID();
    closeConflictsAfterTest(id);
    const due = Date.UTC(2030, 0, 15, 9);
    await laptop.push([laptop.upsert('tasks', id, taskValues(userId, { title: 'Call back Ada', dueAt: due }))]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, openConflicts: 0 });
    await editOnBothSides(
      suite,
      () => call(route, 'tasks.update', { id, patch: { dueAt: null } }),
      () => laptop.push([laptop.upsert('tasks', id, { dueAt: due + 86_400_000 })]),
    );
    const item = await reviewItem('dueAt');
    await expect.poll(() => sideText(item.getByTestId('conflict-yours')), ui).toBe('YoursEmpty');
    await expect.poll(() => choices(item), ui).toEqual(['Keep mine', 'Keep the server’s']);

    await item.getByTestId('conflict-keep-local').click();
    await page.getByTestId('conflicts-empty').waitFor(ui);
    expect(((await call(route, 'tasks.get', { id })) as { task: { dueAt: number | null } }).task.dueAt).toBeNull();
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 0 });
    await laptop.pullAll();
    expect(laptop.replica.get(`tasks/${id}`)?.get('dueAt')).toBeNull();
    expect(pageErrors).toEqual([]);
  });
});
