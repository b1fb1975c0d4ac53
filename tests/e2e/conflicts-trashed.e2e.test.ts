// A record moved to the trash on another laptop while this device edited it
// (walkthrough 4 #2), in Chromium against the real headless shell and vault
// and a real TLS sync server (a proxy in between). The review says so in
// plain words, naming the fields whose changes were not kept and showing
// their values, in English and in Chinese; Restore with my changes brings the
// record back with them and syncs them, Dismiss leaves it in the trash. Each
// test works on a contact of its own and closes what it left open.
import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { contactValues, type TestDevice } from '../support/sync-server';
import { editOnBothSides, useEnrolledConflictSuite } from './conflict-steps';
import { ui } from './crm-steps';
import { setLanguage } from './layout-steps';
import { call } from './proxied-server';

interface Contact {
  readonly deletedAt: number | null;
  readonly title: string;
  readonly phones: string[];
}

describe('sync conflicts: a record trashed on another device over changes made here', () => {
  let laptop: TestDevice;
  let userId: string;
  let page: Page;
  const suite = useEnrolledConflictSuite('trashed on another laptop');
  const { route, app, closeConflictsAfterTest } = suite;
  const { pageErrors } = app;
  const phones = ['+44 20 7946 0000'];

  beforeAll(() => {
    ({ page } = app);
    ({ userId, laptop } = suite.enrolled());
  });

  const contactOf = async (id: string): Promise<Contact> => ((await call(route, 'contacts.get', { id })) as { contact: Contact }).contact;

  /** A contact `name` from the other laptop; edited here while this device cannot push, then trashed there. The review's item. */
  async function trashedOverMyEdits(name: string): Promise<{ id: string; item: Locator }> {
    const id = randomUUID();
    closeConflictsAfterTest(id);
    await laptop.push([laptop.upsert('contacts', id, contactValues(userId, { name, title: 'Analyst' }))]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, openConflicts: 0 });
    const now = Date.now() + 10;
    await editOnBothSides(
      suite,
      () => call(route, 'contacts.update', { id, patch: { title: 'Head of Buying', phones } }),
      () => laptop.push([laptop.upsert('contacts', id, { deletedAt: now, updatedAt: now, updatedBy: userId })]),
    );
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 1 });
    expect((await contactOf(id)).deletedAt).not.toBeNull();

    await expect.poll(() => page.getByTestId('sync-review-count').textContent(), ui).toBe('1');
    await page.getByTestId('sync-status').click();
    await page.getByTestId('sync-details-review').click();
    const item = page.getByTestId('conflicts-page').getByTestId('conflict-item');
    await expect.poll(() => item.getByTestId('conflict-title').textContent(), ui).toBe(`Your changes to ${name}`);
    return { id, item };
  }

  it('says what was not kept, in English and in Chinese, and restores the record with the changes, synced', async () => {
    const { id, item } = await trashedOverMyEdits('Grace Hopper');
    expect(await item.getByTestId('conflict-reason').textContent()).toBe(
      'Moved to the trash on another device; your changes to Phone numbers, Job title were not kept.',
    );
    const kept = item.getByTestId('conflict-kept');
    expect(await kept.locator('dt').allTextContents()).toEqual(['Phone numbers', 'Job title']);
    expect(await kept.locator('dd').allTextContents()).toEqual(['+44 20 7946 0000', 'Head of Buying']);
    expect(await item.locator('[data-testid^="conflict-keep-"]').allTextContents()).toEqual(['Restore with my changes', 'Dismiss']);

    await setLanguage(page, 'zh-CN');
    await page.getByTestId('sync-status').click();
    await page.getByTestId('sync-details-review').click();
    await expect.poll(() => item.getByTestId('conflict-reason').textContent(), ui).toBe('已在另一台设备上移到回收站；你对电话号码、职位的修改未被保留。');
    expect(await item.locator('[data-testid^="conflict-keep-"]').allTextContents()).toEqual(['恢复并保留我的修改', '忽略']);
    await setLanguage(page, 'en');
    await page.getByTestId('sync-status').click();
    await page.getByTestId('sync-details-review').click();

    await item.getByTestId('conflict-keep-local').click();
    await page.getByTestId('conflicts-empty').waitFor(ui);
    expect(await contactOf(id)).toMatchObject({ deletedAt: null, title: 'Head of Buying', phones });
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 0 });
    await laptop.pullAll();
    const there = laptop.replica.get(`contacts/${id}`);
    expect([there?.get('deletedAt'), there?.get('title'), there?.get('phones')]).toEqual([null, 'Head of Buying', phones]);
    expect(pageErrors).toEqual([]);
  });

  it('dismissing leaves the record in the trash and the review empty', async () => {
    const { id, item } = await trashedOverMyEdits('Alan Turing');
    await item.getByTestId('conflict-keep-current').click();
    await page.getByTestId('conflicts-empty').waitFor(ui);
    expect((await contactOf(id)).deletedAt).not.toBeNull();
    expect(await call(route, 'sync.status', {})).toMatchObject({ pendingCount: 0, openConflicts: 0 });
    expect(pageErrors).toEqual([]);
  });
});
