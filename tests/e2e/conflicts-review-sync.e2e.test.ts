// The review of sync conflicts kept up to date by a sync whose pull went
// through and whose push was refused (a clock ahead of the server's): the
// pull changed the field under review: the entry's server side is the value
// the server holds now, the review shows it, and "Keep the server's" keeps
// it. A sensitive value shown with Show is masked again when the pull
// brings another; one of a record no longer on this device offers no Show
// (its reveal was refused) and says why. Before, the entry kept the server value it was recorded with, so
// keeping the server's wrote that older value back over the newer one (and
// synced it), and the review was read again only when a sync succeeded or
// the count changed. In Chromium against the real headless shell and vault
// and a real TLS sync server behind a proxy. "Show more" that fails keeps the
// conflicts shown (before, the list gave way to a failure and the focus fell
// to the page); the last page gives its focus to the first conflict it adds
// (before, to the page).
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { contactValues, type TestDevice } from '../support/sync-server';
import { editOnBothSides, openReview, sideText, useEnrolledConflictSuite } from './conflict-steps';
import { ui } from './crm-steps';
import { call } from './proxied-server';

describe('the conflicts review over a sync whose push was refused', () => {
  let laptop: TestDevice;
  let userId: string;
  let page: Page;
  const suite = useEnrolledConflictSuite('a review that hears the pull');
  const { route, app, closeConflictsAfterTest, sync } = suite;
  const { pageErrors } = app;

  beforeAll(() => {
    ({ page } = app);
    ({ userId, laptop } = suite.enrolled());
  });

  it('shows the value a pull brought for the field under review', async () => {
    const id = randomUUID();
    closeConflictsAfterTest(id);
    await laptop.push([laptop.upsert('contacts', id, contactValues(userId, { name: 'Ada Pull', title: 'Analyst' }))]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, openConflicts: 0 });
    await editOnBothSides(
      suite,
      () => call(route, 'contacts.update', { id, patch: { title: 'Mine' } }),
      () => laptop.push([laptop.upsert('contacts', id, { title: 'Theirs' })]),
    );
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, openConflicts: 1 });
    const review = await openReview(page);
    const item = review.locator('[data-testid="conflict-item"][data-field="title"]');
    await expect.poll(() => sideText(item.getByTestId('conflict-theirs')), ui).toBe('On the serverIn the record nowTheirs');

    // A change of this device's waits to be pushed; the server refuses the push (its clock behind), the pull passes
    // and brings the other laptop's newer title.
    await call(route, 'contacts.create', { name: 'Pending Pia' });
    await laptop.push([laptop.upsert('contacts', id, { title: 'Theirs again' })]);
    sync.proxy.rule = (path) => (path === '/v1/push' ? 'clock-skew' : 'pass');
    const status = (await call(route, 'sync.now', {})) as { lastError: unknown; openConflicts: number };
    expect(status.lastError).not.toBeNull();
    expect(status.openConflicts).toBe(1);
    await expect.poll(() => sideText(item.getByTestId('conflict-theirs')), ui).toBe('On the serverIn the record nowTheirs again');
    sync.proxy.rule = () => 'pass';

    // Keeping the server's keeps what the server holds now: the record is left as it is.
    await item.getByTestId('conflict-keep-remote').click();
    await item.waitFor({ state: 'detached', timeout: ui.timeout });
    expect(((await call(route, 'contacts.get', { id })) as { contact: { title: string } }).contact.title).toBe('Theirs again');
    expect(pageErrors).toEqual([]);
  });

  it('masks a sensitive server value shown with Show again once a pull brings another', async () => {
    const id = randomUUID();
    closeConflictsAfterTest(id);
    await laptop.push([laptop.upsert('contacts', id, contactValues(userId, { name: 'Nell Notes', notes: 'First note' }))]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, openConflicts: 0 });
    await editOnBothSides(
      suite,
      () => call(route, 'contacts.update', { id, patch: { notes: 'My note' } }),
      () => laptop.push([laptop.upsert('contacts', id, { notes: 'Their note' })]),
    );
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, openConflicts: 1 });
    const review = await openReview(page);
    const theirs = review.locator('[data-testid="conflict-item"][data-field="notes"]').getByTestId('conflict-theirs');
    await theirs.getByTestId('reveal-notes').click();
    await expect.poll(() => sideText(theirs), ui).toContain('Their note');

    // The other laptop writes newer notes; the pull brings them to the entry under review.
    await call(route, 'contacts.create', { name: 'Pending Pat' });
    await laptop.push([laptop.upsert('contacts', id, { notes: 'Their newer note' })]);
    sync.proxy.rule = (path) => (path === '/v1/push' ? 'clock-skew' : 'pass');
    await call(route, 'sync.now', {});
    sync.proxy.rule = () => 'pass';
    // Shown once is that value only: the newer one is masked until Show is pressed for it.
    await theirs.getByTestId('reveal-notes').waitFor(ui);
    expect(await sideText(theirs)).not.toContain('Their newer note');
    await theirs.getByTestId('reveal-notes').click();
    await expect.poll(() => sideText(theirs), ui).toContain('Their newer note');
    expect(pageErrors).toEqual([]);
  });

  it('offers no Show for a hidden value of a record no longer on this device, and says why', async () => {
    const id = randomUUID();
    closeConflictsAfterTest(id);
    await laptop.push([laptop.upsert('contacts', id, contactValues(userId, { name: 'Gwen Gone', notes: 'First note' }))]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, openConflicts: 0 });
    await editOnBothSides(
      suite,
      () => call(route, 'contacts.update', { id, patch: { notes: 'My note' } }),
      () => laptop.push([laptop.upsert('contacts', id, { notes: 'Their note' })]),
    );
    // The page cannot read the record (as once it is erased here): records.reveal would refuse it NOT_FOUND.
    route.failing.set('contacts.get', { code: 'NOT_FOUND', message: 'Not found.' });
    try {
      expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, openConflicts: 1 });
      const review = await openReview(page);
      const item = review.locator('[data-testid="conflict-item"][data-field="notes"]');
      await expect.poll(() => item.getByTestId('conflict-record').textContent(), ui).toBe('A record no longer on this device');
      const theirs = item.getByTestId('conflict-theirs');
      await expect.poll(() => theirs.getByTestId('conflict-masked-gone').textContent(), ui).toBe('Cannot be shown: the record is no longer on this device.');
      expect(await theirs.getByTestId('reveal-notes').count()).toBe(0);
      expect(await item.getByTestId('conflict-yours').getByTestId('reveal-notes').count()).toBe(0);
      expect(await sideText(theirs)).not.toContain('Their note');
    } finally {
      route.failing.delete('contacts.get');
    }
    expect(pageErrors).toEqual([]);
  });

  it('keeps the conflicts shown when "Show more" fails, and gives its focus to the first one the last page adds', async () => {
    const ids = Array.from({ length: 21 }, () => randomUUID());
    for (const id of ids) closeConflictsAfterTest(id);
    await laptop.push(ids.map((id, index) => laptop.upsert('contacts', id, contactValues(userId, { name: `More ${String(index).padStart(2, '0')}`, title: 'Analyst' }))));
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, openConflicts: 0 });
    await editOnBothSides(
      suite,
      async () => {
        for (const id of ids) await call(route, 'contacts.update', { id, patch: { title: 'Mine' } });
      },
      () => laptop.push(ids.map((id) => laptop.upsert('contacts', id, { title: 'Theirs' }))),
    );
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, openConflicts: 21 });
    const review = await openReview(page);
    const items = review.getByTestId('conflict-item');
    await expect.poll(() => items.count(), ui).toBe(20);
    const more = review.getByTestId('conflicts-more');

    route.failing.set('sync.conflicts.list', { code: 'BUSY', message: 'The vault is busy. Try again in a moment.' });
    await more.focus();
    await page.keyboard.press('Enter');
    await review.getByTestId('conflicts-more-failed').filter({ hasText: 'The vault is busy. Try again in a moment.' }).waitFor(ui);
    expect(await items.count()).toBe(20);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('conflicts-more');

    route.failing.clear();
    await page.keyboard.press('Enter');
    await expect.poll(() => items.count(), ui).toBe(21);
    expect(await more.count()).toBe(0);
    expect(await review.getByTestId('conflicts-more-failed').count()).toBe(0);
    // The focus is on the heading of the conflict the last page added.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('conflict-title');
    expect(await items.last().getByTestId('conflict-title').evaluate((heading) => heading === document.activeElement)).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
