// Items of the sync-conflicts review that change while the user works on
// them, in Chromium against the real headless shell and vault and a real TLS
// sync server behind a proxy:
//   - each item is busy on its own while its choice is sent: the answer to
//     one item's choice does not free another's still waiting (before, one
//     busy slot was shared, and the first answer re-enabled every item);
//   - a read that takes away the conflict holding the focus (settled
//     elsewhere) gives the focus to the next item's heading (before, it fell
//     to the page's body);
//   - a refusal said on an item goes when a sync brings that conflict with
//     another value, and the choices it took away come back (before, "That
//     value is no longer available" outlived the change);
//   - a choice made on an entry a sync rewrote since the review read it is
//     refused (conflict_changed), nothing written, and the entry read again
//     (before, main wrote whatever the entry held by then);
//   - a record edited since, holding neither side, shows what it holds, which
//     "Keep as it is now" keeps (before, the item did not say it);
//   - a deal's linked contacts read by their names under "Contacts" (before,
//     Field “contactIds” and their ids);
//   - a record moved to the trash since says so (before, nothing told that a
//     choice writes into a record that stays in the trash), and one restored
//     by this window's Ctrl+Z while the review is open offers its choices
//     again (before, only a sync's changes read the review again).
import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { contactValues, type TestDevice } from '../support/sync-server';
import { editOnBothSides, openReview, sideText, useEnrolledConflictSuite } from './conflict-steps';
import { openSection, ui } from './crm-steps';
import { call } from './proxied-server';

describe('the conflicts review while its items change', () => {
  let laptop: TestDevice;
  let userId: string;
  let page: Page;
  const suite = useEnrolledConflictSuite('items that change under review');
  const { route, app, closeConflictsAfterTest } = suite;
  const { pageErrors } = app;

  beforeAll(() => {
    ({ page } = app);
    ({ userId, laptop } = suite.enrolled());
  });

  /** Contacts named `names`, whose titles were changed on both sides: one conflict each, their ids by name. */
  async function titleConflicts(names: readonly string[]): Promise<Map<string, string>> {
    const ids = new Map(names.map((name) => [name, randomUUID()]));
    for (const id of ids.values()) closeConflictsAfterTest(id);
    await laptop.push([...ids].map(([name, id]) => laptop.upsert('contacts', id, contactValues(userId, { name, title: 'Analyst' }))));
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, openConflicts: 0 });
    await editOnBothSides(
      suite,
      async () => {
        for (const id of ids.values()) await call(route, 'contacts.update', { id, patch: { title: 'Mine' } });
      },
      () => laptop.push([...ids.values()].map((id) => laptop.upsert('contacts', id, { title: 'Theirs' }))),
    );
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, openConflicts: names.length });
    return ids;
  }

  /** The open conflict of the record `recordId`: its id in the vault. */
  async function conflictOf(recordId: string): Promise<number> {
    const { items } = (await call(route, 'sync.conflicts.list', { recordId })) as { items: { id: number }[] };
    const [first] = items;
    if (first === undefined) throw new Error('No conflict is open for that record');
    return first.id;
  }

  const itemOf = (review: Locator, name: string) => review.getByTestId('conflict-item').filter({ has: page.getByTestId('conflict-record').filter({ hasText: name }) });

  /** A contact named `name` with a title conflict, and its item in the review, opened: the contact's id and the item. */
  async function reviewOne(name: string): Promise<{ readonly id: string; readonly item: Locator }> {
    const id = (await titleConflicts([name])).get(name);
    if (id === undefined) throw new Error(`No contact ${name}`);
    const item = itemOf(await openReview(page), name);
    await item.waitFor(ui);
    return { id, item };
  }

  it('keeps an item busy until its own answer, and moves the focus on when a read takes the focused item away', async () => {
    const ids = await titleConflicts(['Busy Ann', 'Busy Ben', 'Busy Cat', 'Busy Dan']);
    const review = await openReview(page);
    const [ann, ben, cat, dan] = ['Busy Ann', 'Busy Ben', 'Busy Cat', 'Busy Dan'].map((name) => itemOf(review, name));
    if (ann === undefined || ben === undefined || cat === undefined || dan === undefined) throw new Error('four items');
    await expect.poll(() => review.getByTestId('conflict-item').count(), ui).toBe(4);

    // Two choices sent, neither answered yet: both items busy.
    route.gated.add('sync.conflicts.resolve');
    await ann.getByTestId('conflict-keep-local').click();
    await ben.getByTestId('conflict-keep-local').click();
    await expect.poll(() => route.gatedRequests, ui).toBe(2);
    expect(await ann.getAttribute('aria-busy')).toBe('true');
    expect(await ben.getAttribute('aria-busy')).toBe('true');

    // Ann's choice goes through; Ben's still waits, and his item stays busy.
    route.releaseRequest();
    await ann.waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await ben.getAttribute('aria-busy')).toBe('true');
    route.release();
    await ben.waitFor({ state: 'detached', timeout: ui.timeout });

    // Cat's conflict is settled elsewhere (another window) while the focus is on one of its choices.
    await cat.getByTestId('conflict-keep-local').focus();
    const catId = ids.get('Busy Cat');
    if (catId === undefined) throw new Error('Cat');
    await call(route, 'sync.conflicts.resolve', { id: await conflictOf(catId), keep: 'current' });
    await cat.waitFor({ state: 'detached', timeout: ui.timeout });
    await expect.poll(() => dan.getByTestId('conflict-title').evaluate((heading) => heading === document.activeElement), ui).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('takes a refusal away when a sync brings the conflict with another server value', async () => {
    const { id: gil, item } = await reviewOne('Gone Gil');

    // The server's value is no longer available: the item says so and offers only to keep the record as it is.
    route.failing.set('sync.conflicts.resolve', { code: 'BAD_INPUT', message: 'That value is no longer available; keep the current one.', reason: { code: 'conflict_value_gone' } });
    await item.getByTestId('conflict-keep-remote').click();
    await item.getByTestId('conflict-problem').waitFor(ui);
    expect(await item.getByTestId('conflict-keep-remote').count()).toBe(0);
    route.release();

    // The other laptop writes the title again; the next sync brings it into the conflict.
    await laptop.push([laptop.upsert('contacts', gil, { title: 'Theirs again' })]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, openConflicts: 1 });
    await expect.poll(() => sideText(item.getByTestId('conflict-theirs')), ui).toContain('Theirs again');
    await item.getByTestId('conflict-problem').waitFor({ state: 'detached', timeout: ui.timeout });
    await item.getByTestId('conflict-keep-remote').click();
    await item.waitFor({ state: 'detached', timeout: ui.timeout });
    expect(((await call(route, 'contacts.get', { id: gil })) as { contact: { title: string } }).contact.title).toBe('Theirs again');
    expect(pageErrors).toEqual([]);
  });

  it('shows what a record edited since holds when it is neither side, and Keep as it is now keeps it', async () => {
    const { id: tia, item } = await reviewOne('Third Tia');
    // The server's (newer) value is in the record: no third row.
    await expect.poll(() => sideText(item.getByTestId('conflict-theirs')), ui).toBe('On the serverIn the record nowTheirs');
    expect(await item.getByTestId('conflict-current').count()).toBe(0);

    // Edited again on its page meanwhile: back in the review, the record holds neither side.
    await call(route, 'contacts.update', { id: tia, patch: { title: 'Third way' } });
    await openSection(page, 'contacts');
    const again = itemOf(await openReview(page), 'Third Tia');
    const current = again.getByTestId('conflict-current');
    await expect.poll(() => current.textContent(), ui).toBe('In the record nowThird way');
    expect(await again.getByTestId('conflict-now').count()).toBe(0);
    await again.getByTestId('conflict-keep-current').click();
    await current.waitFor({ state: 'detached', timeout: ui.timeout });
    expect(((await call(route, 'contacts.get', { id: tia })) as { contact: { title: string } }).contact.title).toBe('Third way');
    expect(pageErrors).toEqual([]);
  });

  it('names the contacts of a deal whose links changed on both sides', async () => {
    const [ada, bob, cy, deal] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    closeConflictsAfterTest(deal);
    await laptop.push([
      laptop.upsert('contacts', ada, contactValues(userId, { name: 'Ada Lovelace' })),
      laptop.upsert('contacts', bob, contactValues(userId, { name: 'Bob Noyce' })),
      laptop.upsert('contacts', cy, contactValues(userId, { name: 'Cy Young' })),
      laptop.upsert('deals', deal, { name: 'Linked Deal', stageId: 'lead', probability: 10, contactIds: [ada] }),
    ]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, openConflicts: 0 });
    await editOnBothSides(
      suite,
      () => call(route, 'deals.update', { id: deal, patch: { contactIds: [ada, bob] } }),
      () => laptop.push([laptop.upsert('deals', deal, { contactIds: [ada, cy] })]),
    );
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, openConflicts: 1 });
    const item = itemOf(await openReview(page), 'Linked Deal');
    await expect.poll(() => item.getByTestId('conflict-title').textContent(), ui).toBe('Contacts of Linked Deal');
    await expect.poll(() => sideText(item.getByTestId('conflict-yours')), ui).toBe('YoursAda Lovelace, Bob Noyce');
    await expect.poll(() => sideText(item.getByTestId('conflict-theirs')), ui).toBe('On the serverIn the record nowAda Lovelace, Cy Young');
    expect(pageErrors).toEqual([]);
  });

  it('says that a record moved to the trash since is in the trash', async () => {
    const { id: tom, item } = await reviewOne('Trashed Tom');
    expect(await item.getByTestId('conflict-in-trash').count()).toBe(0);
    await call(route, 'contacts.delete', { id: tom });
    await openSection(page, 'contacts');
    const again = itemOf(await openReview(page), 'Trashed Tom');
    await expect.poll(() => again.getByTestId('conflict-in-trash').textContent(), ui).toBe('In the trash');
    expect(await again.getByTestId('conflict-trash-note').textContent()).toBe(
      'This record is in the trash. To keep either side, restore it from its page first; or keep it as it is now.',
    );
    // Kept there, a side would be out of sight (the vault refuses it, conflict_record_trashed): only "as it is" is offered.
    expect(await again.getByRole('button').allTextContents()).toEqual(['Trashed Tom', 'Keep as it is now']);
    expect(pageErrors).toEqual([]);
  });

  it('refuses a choice made on values a sync changed since, and shows the entry as it is now', async () => {
    const ids = await titleConflicts(['Changed Carl']);
    const carl = ids.get('Changed Carl') ?? '';
    // The page's reads answer the entry as it was, until the choice is sent: the review goes on showing the old
    // values after the sync below.
    let shown: unknown = null;
    let frozen = true;
    route.rewriting.set('sync.conflicts.list', (result) => (frozen ? (shown ??= result) : result));
    const item = itemOf(await openReview(page), 'Changed Carl');
    await expect.poll(() => sideText(item.getByTestId('conflict-theirs')), ui).toBe('On the serverIn the record nowTheirs');
    await laptop.push([laptop.upsert('contacts', carl, { title: 'Theirs again' })]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, openConflicts: 1 });
    // The page read the review again after the sync: the record holds the server's newer title, neither side shown.
    await expect.poll(() => item.getByTestId('conflict-current').textContent(), ui).toBe('In the record nowTheirs again');
    await item.getByTestId('conflict-keep-local').click();
    frozen = false;
    await expect.poll(() => item.getByTestId('conflict-problem').textContent(), ui).toBe(
      'This conflict changed while you were looking at it. Check the values shown now and choose again.',
    );
    await expect.poll(() => sideText(item.getByTestId('conflict-theirs')), ui).toBe('On the serverIn the record nowTheirs again');
    // Nothing written: the server's newer title stands, and the entry stays open.
    expect(((await call(route, 'contacts.get', { id: carl })) as { contact: { title: string } }).contact.title).toBe('Theirs again');
    expect(await call(route, 'sync.status', {})).toMatchObject({ openConflicts: 1 });
    route.rewriting.delete('sync.conflicts.list');
    expect(pageErrors).toEqual([]);
  });

  it('offers the choices again when Ctrl+Z restores the record while its review is open', async () => {
    await reviewOne('Restored Rita');
    // No sync goes through from here on: its end would read the review again, with or without the Undo heard.
    suite.sync.proxy.rule = () => 'refuse';
    try {
      await openSection(page, 'contacts');
      await page.getByTestId('contact-table-row').filter({ hasText: 'Restored Rita' }).click();
      await page.getByTestId('contact-detail').getByTestId('detail-title').filter({ hasText: 'Restored Rita' }).waitFor(ui);
      await page.getByTestId('detail-delete').click();
      await page.getByTestId('deleted-toast').waitFor(ui);
      const item = itemOf(await openReview(page), 'Restored Rita');
      await expect.poll(() => item.getByRole('button').allTextContents(), ui).toEqual(['Restored Rita', 'Keep as it is now']);
      // This window's own Undo, written away from the review (before, only a sync's changes read it again).
      await page.keyboard.press('Control+z');
      await page.getByTestId('restored-toast').waitFor(ui);
      await expect.poll(() => item.getByTestId('conflict-in-trash').count(), ui).toBe(0);
      await expect.poll(() => item.getByTestId('conflict-keep-local').count(), ui).toBe(1);
      expect(await page.getByTestId('conflicts-page').count()).toBe(1);
    } finally {
      suite.sync.proxy.rule = () => 'pass';
    }
    expect(pageErrors).toEqual([]);
  });
});
