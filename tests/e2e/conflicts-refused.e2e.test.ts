// Sync conflicts the server answers for a value it would not take, in
// Chromium against the real headless shell and vault and a real TLS sync
// server (a proxy in between): a teammate's record this user may not change,
// and a new record the server took in part. A value the server left out of a
// new record reads as the field's empty value: "Empty" and Empty the field
// for a blank one (a title) while the record holds a value (before, Leave it
// empty, as if choosing it changed nothing), the value as the field shows it and Take the
// server's for one that is not (a preferred channel empties to Any). Tags, a
// set, where each side added one the other lacks, can keep both (the
// record's order first). Each test works on a record of its own and closes,
// passed or failed, any conflict it left open, so one failure does not fail
// the tests after it.
import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { contactValues, reassign, setMemberships, type TestDevice } from '../support/sync-server';
import { editOnBothSides, sideText, useEnrolledConflictSuite } from './conflict-steps';
import { openSection, ui } from './crm-steps';
import { setLanguage } from './layout-steps';
import { call, createdId } from './proxied-server';

describe('sync conflicts over values the server refused', () => {
  let laptop: TestDevice;
  let userId: string;
  let page: Page;
  const suite = useEnrolledConflictSuite('conflicts the server refused');
  const { sync, route, app, closeConflictsAfterTest } = suite;
  const { pageErrors } = app;

  beforeAll(() => {
    ({ page } = app);
    ({ userId, laptop } = suite.enrolled());
  });

  /** Once the pill counts one change to review, opens the review from the sync dialog: its item, named `heading`. */
  async function reviewTheOne(heading: string): Promise<Locator> {
    await expect.poll(() => page.getByTestId('sync-review-count').textContent(), ui).toBe('1');
    await page.getByTestId('sync-status').click();
    await page.getByTestId('sync-details-review').click();
    const item = page.getByTestId('conflicts-page').getByTestId('conflict-item');
    await expect.poll(() => item.getByTestId('conflict-title').textContent(), ui).toBe(heading);
    return item;
  }

  it('words a refusal: a teammate’s record this user may not change, settled by taking the server’s value', async () => {
    const tess = await sync.server.createUser('Tess Teammate');
    await setMemberships(sync.server, tess, ['team-east']);
    await setMemberships(sync.server, userId, ['team-east']);
    const teamContactId = await createdId(route, 'contacts.create', { name: 'Team Contact', title: 'Buyer' });
    closeConflictsAfterTest(teamContactId);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 0 });
    // An administrator gives it to Tess. Before this device hears of it, it edits the contact (a record whose owner
    // it knows is refused at once, as the end shows): the server refuses the edit and sends its own value back.
    await reassign(sync.server, { entity: 'contacts', recordId: teamContactId }, tess, 'team-east');
    await call(route, 'contacts.update', { id: teamContactId, patch: { title: 'Chief Buyer' } });
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 1 });

    const item = await reviewTheOne('Job title of Team Contact');
    expect(await item.getByTestId('conflict-reason').textContent()).toBe('You may not change this record: it belongs to someone else, or your access changed.');
    expect(await sideText(item.getByTestId('conflict-yours'))).toBe('YoursChief Buyer');
    await expect.poll(() => sideText(item.getByTestId('conflict-theirs')), ui).toBe('On the serverIn the record nowBuyer');
    expect(await item.getByTestId('conflict-yours').getByTestId('conflict-now').count()).toBe(0);
    // Yours is not offered: sent again, it would be refused again and this item come back.
    await item.getByTestId('conflict-keep-remote').waitFor(ui);
    expect(await item.getByTestId('conflict-keep-local').count()).toBe(0);
    await item.getByTestId('conflict-keep-remote').click();
    await page.getByTestId('conflicts-empty').waitFor(ui);
    const contact = (await call(route, 'contacts.get', { id: teamContactId })) as { contact: { title: string } };
    expect(contact.contact.title).toBe('Buyer');
    // Now the device knows the contact is Tess's: a new edit is refused here, before any push.
    expect(await route.invoke('contacts.update', { id: teamContactId, patch: { title: 'Chief Buyer' } })).toMatchObject({
      ok: false,
      error: { code: 'NOT_PERMITTED', reason: { code: 'not_owner', entity: 'contacts' } },
    });
    // Its page says so, in English and in Chinese, and offers no field edit and no Delete.
    const openTeamContact = async () => {
      await openSection(page, 'contacts');
      await page.getByTestId('contact-table-row').filter({ hasText: 'Team Contact' }).click(ui);
    };
    await openSection(page, 'today');
    await openTeamContact();
    const detail = page.getByTestId('contact-detail');
    await expect.poll(() => detail.getByTestId('teammate-notice').textContent(), ui).toBe('This record belongs to a teammate. Only its owner can change it.');
    await detail.getByTestId('fields-card').waitFor(ui);
    expect(await detail.getByTestId('fields-card').locator('.inline-field__pencil').count()).toBe(0);
    expect(await detail.getByTestId('detail-delete').count()).toBe(0);
    await setLanguage(page, 'zh-CN');
    await openTeamContact();
    await expect.poll(() => detail.getByTestId('teammate-notice').textContent(), ui).toBe('此记录属于同事，只有负责人才能更改。');
    await setLanguage(page, 'en');
    expect(pageErrors).toEqual([]);
  });

  it('offers no stage move, contact link or Mark done on a teammate’s deal and task', async () => {
    const tina = await sync.server.createUser('Tina Teammate');
    await setMemberships(sync.server, tina, ['team-east']);
    await setMemberships(sync.server, userId, ['team-east']);
    const buyer = await createdId(route, 'contacts.create', { name: 'Wendy Buyer' });
    const dealId = await createdId(route, 'deals.create', { name: 'Teammate Retrofit', stageId: 'proposal', currency: 'EUR', amount: 5_000, expectedCloseDate: '2027-05-31', contactIds: [buyer] });
    // Assigned to Tina too: a task's assignee may still mark it done (task-assignee-teammate.e2e).
    const taskId = await createdId(route, 'tasks.create', { title: 'Teammate Follow-up', dealId, assigneeId: tina });
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 0 });
    // An administrator gives both to Tina, within the team: the device still holds them and hears whose they are.
    await reassign(sync.server, { entity: 'deals', recordId: dealId }, tina, 'team-east');
    await reassign(sync.server, { entity: 'tasks', recordId: taskId }, tina, 'team-east');
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 0 });
    expect(await call(route, 'deals.get', { id: dealId })).toMatchObject({ ownedByTeammate: true });
    expect(await call(route, 'tasks.get', { id: taskId })).toMatchObject({ ownedByTeammate: true });

    await openSection(page, 'today');
    await openSection(page, 'deals');
    await page.getByTestId('deal-table-row').filter({ hasText: 'Teammate Retrofit' }).click(ui);
    const deal = page.getByTestId('deal-detail');
    await deal.getByTestId('teammate-notice').waitFor(ui);
    // The stage path shows the stage but moves nothing (Won would ask, then be refused), and the contacts stay linked.
    await deal.getByTestId('stage-path').waitFor(ui);
    const steps = deal.getByTestId('stage-path').getByRole('button');
    expect(await steps.count()).toBeGreaterThan(1);
    expect(await steps.evaluateAll((buttons) => buttons.every((button) => (button as HTMLButtonElement).disabled))).toBe(true);
    expect(await deal.getByTestId('stage-step-won').isDisabled()).toBe(true);
    await deal.getByTestId('related-contacts').getByText('Wendy Buyer').waitFor(ui);
    expect(await deal.getByTestId('related-contacts-add').count()).toBe(0);
    expect(await deal.getByTestId('related-contacts-remove').count()).toBe(0);

    // Its task, linked from the deal, opens; it is Tina's too, so it offers no Mark done.
    await deal.getByTestId('related-tasks').getByRole('button', { name: 'Teammate Follow-up' }).click();
    const task = page.getByTestId('task-detail');
    await task.getByTestId('teammate-notice').waitFor(ui);
    await task.getByTestId('fields-card').waitFor(ui);
    expect(await task.getByTestId('task-mark-done').count()).toBe(0);
    expect(await task.getByTestId('detail-delete').count()).toBe(0);
    const stored = (await call(route, 'tasks.get', { id: taskId })) as { task: { status: string } };
    expect(stored.task.status).toBe('open');
    expect(pageErrors).toEqual([]);
  });

  /**
   * Creates a contact here with `values` whose create reaches the server with `field` set to `refused`: the shell's
   * forms accept only values the server takes, and the proxy stands in for an older FieldVault that let such a value
   * through. The server creates the contact without the field, and this device keeps the refusal for review, closed
   * once the test is over. Answers the contact's id.
   */
  async function createTakenInPart(values: Record<string, string>, field: string, refused: string): Promise<string> {
    const { id } = (await call(route, 'contacts.create', values)) as { id: string };
    closeConflictsAfterTest(id);
    sync.proxy.rewriteRequest = (path, body) => {
      if (path !== '/v1/push') return body;
      const push = JSON.parse(body) as { operations: { recordId: string; fields: Record<string, { value: unknown }> }[] };
      for (const operation of push.operations) {
        const sent = operation.fields[field];
        if (operation.recordId === id && sent !== undefined) sent.value = refused;
      }
      return JSON.stringify(push);
    };
    try {
      expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 1, unsentRecords: 0 });
    } finally {
      sync.proxy.rewriteRequest = null;
    }
    return id;
  }

  /** Switches the page to `language` and opens the review again from the sync dialog. */
  async function reopenReviewIn(language: 'en' | 'zh-CN'): Promise<void> {
    await setLanguage(page, language);
    await page.getByTestId('sync-status').click();
    await page.getByTestId('sync-details-review').click();
  }

  it('offers to empty a field the server left out of a new record it took in part, in English and in Chinese', async () => {
    // An older FieldVault let a too-long title through (sync-unsent.test.ts writes one into the vault).
    const created = await createTakenInPart({ name: 'Katherine Johnson', title: 'Mathematician' }, 'title', `Head of ${'R'.repeat(210)}`);
    const item = await reviewTheOne('Job title of Katherine Johnson');
    expect(await item.getByTestId('conflict-reason').textContent()).toBe('The server did not accept this value.');
    await expect.poll(() => sideText(item.getByTestId('conflict-yours')), ui).toBe('YoursIn the record nowMathematician');
    expect(await sideText(item.getByTestId('conflict-theirs'))).toBe('On the serverEmpty');
    // The refusal sent no value of the field back, so nothing says when the server's side was written.
    expect(await item.getByTestId('conflict-theirs').getByTestId('conflict-when').count()).toBe(0);
    expect(await item.getByTestId('conflict-yours').getByTestId('conflict-when').count()).toBe(1);
    // The server's side is a choice too, worded for an empty value that clears the title the record holds.
    const choices = item.getByRole('group', { name: 'Job title of Katherine Johnson' }).getByRole('button');
    expect(await choices.allTextContents()).toEqual(['Keep mine', 'Empty the field']);
    await reopenReviewIn('zh-CN');
    await expect.poll(() => item.getByTestId('conflict-title').textContent(), ui).toBe('Katherine Johnson 的职位');
    expect(await sideText(item.getByTestId('conflict-theirs'))).toBe('服务器上的值空');
    expect(await item.getByRole('group', { name: 'Katherine Johnson 的职位' }).getByRole('button').allTextContents()).toEqual(['保留我的', '清空此字段']);
    await reopenReviewIn('en');

    // Emptied: the contact holds the empty title the other devices hold, and nothing is left to send or review.
    await item.getByTestId('conflict-keep-remote').click();
    await page.getByTestId('conflicts-empty').waitFor(ui);
    const contact = (await call(route, 'contacts.get', { id: created })) as { contact: { title: string } };
    expect(contact.contact.title).toBe('');
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 0 });
    await laptop.pullAll();
    expect(laptop.replica.get(`contacts/${created}`)?.get('name')).toBe('Katherine Johnson');
    expect(laptop.replica.get(`contacts/${created}`)?.has('title')).toBe(false);
    expect(pageErrors).toEqual([]);
  });

  it('shows a refused preferred channel’s server side as the channel it empties to, and takes it like any server value, in English and in Chinese', async () => {
    // The server creates the contact without a channel: a contact without one has the channel Any.
    const created = await createTakenInPart({ name: 'Annie Easley', preferredChannel: 'email' }, 'preferredChannel', 'pigeon');

    // The server's side reads as the channel Any, not as "Empty", and is taken as the server's.
    const item = await reviewTheOne('Preferred channel of Annie Easley');
    await expect.poll(() => sideText(item.getByTestId('conflict-yours')), ui).toBe('YoursIn the record nowEmail');
    expect(await sideText(item.getByTestId('conflict-theirs'))).toBe('On the serverAny');
    const choices = item.getByRole('group', { name: 'Preferred channel of Annie Easley' }).getByRole('button');
    expect(await choices.allTextContents()).toEqual(['Keep mine', 'Take the server’s']);
    await reopenReviewIn('zh-CN');
    await expect.poll(() => item.getByTestId('conflict-title').textContent(), ui).toBe('Annie Easley 的首选联系方式');
    expect(await sideText(item.getByTestId('conflict-theirs'))).toBe('服务器上的值不限');
    expect(await item.getByRole('group', { name: 'Annie Easley 的首选联系方式' }).getByRole('button').allTextContents()).toEqual(['保留我的', '采用服务器的']);
    await reopenReviewIn('en');

    // Taken: the contact holds Any, as the other devices hold it, and nothing is left to send or review.
    await item.getByTestId('conflict-keep-remote').click();
    await page.getByTestId('conflicts-empty').waitFor(ui);
    const contact = (await call(route, 'contacts.get', { id: created })) as { contact: { preferredChannel: string } };
    expect(contact.contact.preferredChannel).toBe('any');
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 0 });
    await laptop.pullAll();
    expect(laptop.replica.get(`contacts/${created}`)?.get('name')).toBe('Annie Easley');
    expect(laptop.replica.get(`contacts/${created}`)?.has('preferredChannel')).toBe(false);
    expect(pageErrors).toEqual([]);
  });

  it('keeps both sides of a tags conflict: a third choice, by keyboard, in English and in Chinese, and the union syncs', async () => {
    // The other laptop adds one tag while this device, unable to push, adds another (walkthrough 4, #11).
    const id = randomUUID();
    closeConflictsAfterTest(id);
    await laptop.push([laptop.upsert('contacts', id, contactValues(userId, { name: 'Evelyn Boyd', tags: ['renewal'] }))]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null });
    await editOnBothSides(
      suite,
      () => call(route, 'contacts.update', { id, patch: { tags: ['renewal', '来自B'] } }),
      () => laptop.push([laptop.upsert('contacts', id, { tags: ['renewal', 'from-A'] })]),
    );
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 1 });

    // The record holds the server's tags; besides each side, both can be kept.
    const item = await reviewTheOne('Tags of Evelyn Boyd');
    const choices = item.getByRole('group', { name: 'Tags of Evelyn Boyd' }).getByRole('button');
    await expect.poll(() => choices.allTextContents(), ui).toEqual(['Keep mine', 'Keep the server’s', 'Keep both']);
    await reopenReviewIn('zh-CN');
    await expect.poll(() => item.getByTestId('conflict-title').textContent(), ui).toBe('Evelyn Boyd 的标签');
    expect(await item.getByRole('group', { name: 'Evelyn Boyd 的标签' }).getByRole('button').allTextContents()).toEqual(['保留我的', '保留服务器的', '两者都保留']);
    await reopenReviewIn('en');

    // Keyboard: Keep both is a button like the others; the last conflict gone, the focus goes to the top of the page.
    await expect.poll(() => choices.allTextContents(), ui).toEqual(['Keep mine', 'Keep the server’s', 'Keep both']);
    await item.getByTestId('conflict-keep-both').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('conflicts-empty').waitFor(ui);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')), ui).toBe('conflicts-top');
    // The record's order first (the server's tags), then this device's missing one; sent like any edit, to the other laptop.
    const contact = (await call(route, 'contacts.get', { id })) as { contact: { tags: string[] } };
    expect(contact.contact.tags).toEqual(['renewal', 'from-A', '来自B']);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 0 });
    await laptop.pullAll();
    expect(laptop.replica.get(`contacts/${id}`)?.get('tags')).toEqual(['renewal', 'from-A', '来自B']);
    expect(pageErrors).toEqual([]);
  });
});
