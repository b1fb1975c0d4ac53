// The review of sync conflicts over a sync that erases a record under
// review, in Chromium against the real headless shell and vault and a real
// TLS sync server: the device's purge takes the record's conflicts with it
// (remove-record.ts), and the review, open meanwhile, takes the record's
// conflict out as soon as the device has synced, holding its values and its
// name nowhere on the page; another record's conflict stays for review.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { contactValues, erase, type TestDevice } from '../support/sync-server';
import { editOnBothSides, openReview, useEnrolledConflictSuite } from './conflict-steps';
import { ui } from './crm-steps';
import { call } from './proxied-server';

describe('the conflicts review over an erasure', () => {
  let laptop: TestDevice;
  let userId: string;
  let page: Page;
  const suite = useEnrolledConflictSuite('a review that forgets the erased');
  const { route, app, closeConflictsAfterTest, sync } = suite;
  const { pageErrors } = app;

  beforeAll(() => {
    ({ page } = app);
    ({ userId, laptop } = suite.enrolled());
  });

  it('takes the conflict of a record erased by a sync out of the open review', async () => {
    const erased = randomUUID();
    const staying = randomUUID();
    closeConflictsAfterTest(staying);
    await laptop.push([
      laptop.upsert('contacts', erased, contactValues(userId, { name: 'Eve Erased', title: 'Analyst' })),
      laptop.upsert('contacts', staying, contactValues(userId, { name: 'Sid Stays', title: 'Analyst' })),
    ]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, openConflicts: 0 });
    await editOnBothSides(
      suite,
      async () => {
        await call(route, 'contacts.update', { id: erased, patch: { title: 'Mine secret' } });
        await call(route, 'contacts.update', { id: staying, patch: { title: 'Mine too' } });
      },
      () => laptop.push([laptop.upsert('contacts', erased, { title: 'Theirs secret' }), laptop.upsert('contacts', staying, { title: 'Theirs too' })]),
    );
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, openConflicts: 2 });
    const review = await openReview(page);
    const items = review.getByTestId('conflict-item');
    await expect.poll(() => items.count(), ui).toBe(2);
    await expect.poll(() => review.innerText(), ui).toContain('Eve Erased');

    expect((await erase(sync.server, { entity: 'contacts', recordId: erased })).existed).toBe(true);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, openConflicts: 1 });
    await expect.poll(() => items.count(), ui).toBe(1);
    const shown = await review.innerText();
    for (const word of ['Eve Erased', 'Mine secret', 'Theirs secret']) expect(shown).not.toContain(word);
    expect(shown).toContain('Sid Stays');
    expect(pageErrors).toEqual([]);
  });
});
