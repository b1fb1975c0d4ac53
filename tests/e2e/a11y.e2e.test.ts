// What a screen reader gets from the CRM screens, in Chromium against the real
// headless shell and vault: inline fields are buttons named by their label and
// value with nothing interactive inside; a list's count after a filter, the
// global search's result count and an import's progress are said through one
// polite live region each (once the text settles, not per keystroke); the
// activity composer's and the forecast's messages are tied to their controls;
// the review of sync conflicts (with a real TLS sync server on loopback) is a
// list of named regions with a heading each, its choices a named group of
// buttons, and what is left to review (as the vault counts it once the choice
// is made) is said once per choice, again when the words are the same as the
// last choice's; a record's notice of its conflicts is said from a live
// region that was in its page before the notice.
// The page's WebSocket passes through Playwright so a test can hold one
// channel's answers back and look at the screen in between.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contactValues, enrolmentCode, protocolDevice, type TestDevice } from '../support/sync-server';
import { contactCsv } from './crm-fixtures';
import { useApp } from './app';
import { closeDialogs, createContacts, fillAndCreate, openSection, ui } from './crm-steps';
import { watchFrames } from './first-frames';
import { chooseMonth } from './forecast-steps';
import { InjectingRoute } from './injecting-route';
import { IpcRoute } from './ipc-route';
import { call, untilSynced, useProxiedServer } from './proxied-server';

const password = 'screen readers read everything';
/** Long enough for a live region's settle delay, short enough to fail fast. */
const said = { timeout: 10_000 } as const;

/** Every text a live region (by test id) was given from now on, recorded in the page. */
async function recordAnnouncements(page: Page, testId: string): Promise<() => Promise<string[]>> {
  await page.evaluate((id) => {
    const region = document.querySelector(`[data-testid="${id}"]`);
    const seen: string[] = [];
    Reflect.set(window, '__announced', seen);
    if (region === null) return;
    new MutationObserver(() => {
      const text = region.textContent;
      if (text !== '') seen.push(text);
    }).observe(region, { childList: true, characterData: true, subtree: true });
  }, testId);
  return () => page.evaluate(() => [...(Reflect.get(window, '__announced') as string[])]);
}

describe('what a screen reader gets', () => {
  const holds = new IpcRoute();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route: holds, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  // A test that failed half-way leaves nothing held and no dialog over the next one.
  beforeEach(async () => {
    holds.release();
    await closeDialogs(page);
  });

  afterAll(() => {
    holds.release();
  });

  it('names an inline field by its label and value, with no button inside another', async () => {
    await openSection(page, 'accounts');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'account', { name: 'Northwind Robotics' });
    await page.getByTestId('account-detail').waitFor(ui);
    await page.getByTestId('detail-add-contact').click();
    await fillAndCreate(page, 'contact', { name: 'Priya Raman', title: 'Purchasing manager', tags: 'vip', notes: 'Prefers calls after 6 pm.' });
    await page.getByTestId('related-contacts').getByText('Priya Raman').click();
    const detail = page.getByTestId('contact-detail');
    await detail.waitFor(ui);

    // The value is part of the name, for a plain text, a related record and a hidden note.
    const title = detail.getByRole('button', { name: 'Edit Job title: Purchasing manager', exact: true });
    expect(await title.count()).toBe(1);
    expect(await detail.getByRole('button', { name: 'Edit Account: Northwind Robotics', exact: true }).count()).toBe(1);
    expect(await detail.getByRole('button', { name: 'Edit Notes: Hidden', exact: true }).count()).toBe(1);
    // The related record's link and "Show" are buttons of their own, beside the edit button, not inside it.
    const nested = await detail.evaluate(
      (root) => root.querySelectorAll(':is(button, [role="button"], a[href]) :is(button, [role="button"], a[href], input, select, textarea)').length,
    );
    expect(nested).toBe(0);
    expect(await page.getByTestId('inline-accountId').getByRole('button', { name: 'Northwind Robotics', exact: true }).count()).toBe(1);
    expect(await page.getByTestId('inline-accountId').ariaSnapshot()).toContain('button "Northwind Robotics"');

    // The keyboard edits through the button (Enter or F2), and Esc gives the focus back to it.
    await title.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('inline-title-input').waitFor(ui);
    await page.keyboard.press('Escape');
    await page.getByTestId('inline-title-input').waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await title.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('F2');
    await page.getByTestId('inline-title-input').fill('Head of Purchasing');
    await page.keyboard.press('Enter');
    await detail.getByRole('button', { name: 'Edit Job title: Head of Purchasing', exact: true }).waitFor(ui);
    // A click on the row's value still edits, as before.
    await page.getByTestId('inline-title').getByText('Head of Purchasing').click();
    await page.getByTestId('inline-title-input').waitFor(ui);
    await page.keyboard.press('Escape');
    expect(pageErrors).toEqual([]);
  });

  it('says how many records a filtered list holds, once', async () => {
    await createContacts(page, ['Lena Fischer']);
    await openSection(page, 'contacts');
    const region = page.getByTestId('list-announcement');
    await expect.poll(() => region.textContent(), said).toBe('2 contacts');
    expect(await region.getAttribute('role')).toBe('status');
    expect(await region.getAttribute('aria-live')).toBe('polite');

    const announced = await recordAnnouncements(page, 'list-announcement');
    await page.getByTestId('filter-toggle').click();
    await page.getByTestId('filter-tags').fill('vip');
    await page.getByTestId('filter-apply').click();
    await page.getByTestId('contact-table-row').filter({ hasText: 'Lena Fischer' }).waitFor({ state: 'detached', timeout: ui.timeout });
    await expect.poll(() => region.textContent(), said).toBe('1 contact');
    await page.waitForTimeout(1_000);
    expect(await announced()).toEqual(['1 contact']);
  });

  it('says how many results the global search found once typing stops', async () => {
    await page.keyboard.press('Control+k');
    await page.getByTestId('search-dialog').waitFor(ui);
    const region = page.getByTestId('search-announcement');
    expect(await region.getAttribute('aria-live')).toBe('polite');
    const announced = await recordAnnouncements(page, 'search-announcement');
    await page.getByTestId('search-input').pressSequentially('Priya', { delay: 60 });
    await page.getByTestId('search-hit').filter({ hasText: 'Priya Raman' }).waitFor(ui);
    await expect.poll(() => region.textContent(), said).toBe('1 result');
    await page.getByTestId('search-input').fill('zzqx');
    await expect.poll(() => region.textContent(), said).toBe('Nothing matches “zzqx”.');
    // One announcement per settled query, none per keystroke.
    expect(await announced()).toEqual(['1 result', 'Nothing matches “zzqx”.']);
    await page.keyboard.press('Escape');
    await page.getByTestId('search-dialog').waitFor({ state: 'detached', timeout: ui.timeout });
  });

  it('shows upload and import progress as named progress bars and says it politely', async () => {
    await openSection(page, 'transfer');
    const region = page.getByTestId('import-announcement');
    expect(await region.getAttribute('aria-live')).toBe('polite');

    // While the first chunk's answer is held, the upload is a progress bar at 0 %.
    holds.holding.add('import.upload');
    const file = contactCsv(50);
    await page.getByTestId('import-file').setInputFiles({ name: 'leads.csv', mimeType: 'text/csv', buffer: Buffer.from(file.csv, 'utf8') });
    const upload = page.getByRole('progressbar', { name: 'Reading and sending the file…', exact: true });
    await upload.waitFor(ui);
    expect(await upload.getAttribute('aria-valuenow')).toBe('0');
    expect(await upload.getAttribute('aria-valuemax')).toBe('100');
    await expect.poll(() => region.textContent(), said).toBe('Reading and sending the file…');
    holds.release();
    await page.getByTestId('import-ready').waitFor(ui);

    // While the run's first answer is held, the import is a named progress bar and the region says so.
    holds.holding.add('import.run');
    await page.getByTestId('import-run').click();
    await page.getByRole('progressbar', { name: 'Importing…', exact: true }).waitFor(ui);
    await expect.poll(() => region.textContent(), said).toBe('Importing…');
    // The progress block itself is no live region (its count would be read at every step).
    expect(await page.getByTestId('import-progress').getAttribute('role')).toBeNull();
    holds.release();
    await page.getByTestId('import-report').waitFor({ timeout: 60_000 });
    await expect.poll(() => region.textContent(), said).toBe('');

    // Its undo: while the answer is held (every record moved), a named bar, and its own region says where it stands.
    const undoRegion = page.getByTestId('import-undo-announcement');
    expect(await undoRegion.getAttribute('aria-live')).toBe('polite');
    holds.holding.add('import.undo');
    await page.getByTestId('import-undo-button').click();
    await page.getByTestId('import-undo-confirmed').click();
    // The 50 contacts and the accounts made for their companies, all moved.
    await page.getByRole('progressbar', { name: /^Moving ([\d,]+) of \1 records to the trash…$/ }).waitFor(ui);
    await expect.poll(() => undoRegion.textContent(), said).toBe('Moving records to the trash… 100% done');
    holds.release();
    await page.getByTestId('import-undone').waitFor(ui);
    await expect.poll(() => undoRegion.textContent(), said).toBe('');
  });

  it('ties the composer’s and the forecast’s messages to their controls', async () => {
    await openSection(page, 'deals');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'deal', { name: 'Robots for Q3' });
    await page.getByTestId('deal-detail').waitFor(ui);

    await page.getByTestId('composer-subject').fill('x'.repeat(201));
    await page.getByTestId('composer-submit').click();
    const message = page.getByTestId('composer-error');
    await message.waitFor(ui);
    const messageId = await message.getAttribute('id');
    expect(messageId).toMatch(/\S/);
    const subject = page.getByTestId('composer-subject');
    expect(await subject.getAttribute('aria-invalid')).toBe('true');
    expect(await subject.getAttribute('aria-describedby')).toBe(messageId);
    expect(await subject.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await page.getByTestId('composer-body').getAttribute('aria-invalid')).toBeNull();
    // Fixed and logged: the message goes, and so does the mark.
    await subject.fill('Intro call');
    await page.getByTestId('composer-submit').click();
    await page.getByTestId('timeline-item').filter({ hasText: 'Intro call' }).waitFor(ui);
    expect(await message.count()).toBe(0);
    expect(await subject.getAttribute('aria-invalid')).toBeNull();

    await openSection(page, 'deals');
    await page.getByTestId('deals-view-forecast').click();
    await page.getByTestId('forecast').waitFor(ui);
    await chooseMonth(page, 'forecast-from', '2026-06');
    await chooseMonth(page, 'forecast-to', '2026-03');
    const rangeError = page.getByTestId('forecast-range-error');
    await rangeError.waitFor(ui);
    const rangeErrorId = await rangeError.getAttribute('id');
    expect(rangeErrorId).toMatch(/\S/);
    // Both selects of the end's month picker carry the mark; the start's carry none.
    const marks = (picker: string) => page.getByTestId(picker).locator('select').evaluateAll((selects) => selects.map((select) => [select.getAttribute('aria-invalid'), select.getAttribute('aria-describedby')]));
    expect(await marks('forecast-to')).toEqual([['true', rangeErrorId], ['true', rangeErrorId]]);
    expect(await marks('forecast-from')).toEqual([[null, null], [null, null]]);
    await chooseMonth(page, 'forecast-to', '2026-08');
    await rangeError.waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await marks('forecast-to')).toEqual([[null, null], [null, null]]);
    expect(pageErrors).toEqual([]);
  });
});

describe('what a screen reader gets from the review of sync conflicts', () => {
  const route = new InjectingRoute();
  const backend = useProxiedServer();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password });
  const { pageErrors } = app;
  const [ada, grace] = [randomUUID(), randomUUID()];
  let laptop: TestDevice;

  /** Edits these contacts here while this device cannot push and on the other laptop meanwhile, then syncs: a clash each. */
  async function clash(field: string, ids: readonly string[]): Promise<unknown> {
    const { proxy } = backend;
    proxy.rule = (path) => (path === '/v1/push' ? 'refuse' : 'pass');
    for (const id of ids) await call(route, 'contacts.update', { id, patch: { [field]: `Mine ${randomUUID()}` } });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await laptop.push(ids.map((id) => laptop.upsert('contacts', id, { [field]: `Theirs ${randomUUID()}` })));
    proxy.rule = () => 'pass';
    return call(route, 'sync.now', {});
  }

  it('names each conflict, its choices and its record, and says what is left once per choice', async () => {
    const { page } = app;
    const { server, proxy } = backend;
    // Three clashes: this device edits one contact's title and notes and another's title while it cannot
    // push, the other laptop changes them all meanwhile.
    const rep = await server.createUser('Rita Rep');
    laptop = await protocolDevice(server, rep);
    await laptop.push([
      laptop.upsert('contacts', ada, contactValues(rep, { name: 'Ada Lovelace', title: 'Analyst', notes: 'First' })),
      laptop.upsert('contacts', grace, contactValues(rep, { name: 'Grace Hopper', title: 'Officer' })),
    ]);
    await call(route, 'sync.enrol', { serverUrl: proxy.url, caCertificatePem: server.caPem, enrolmentCode: await enrolmentCode(server, rep) });
    await untilSynced(route);
    proxy.rule = (path) => (path === '/v1/push' ? 'refuse' : 'pass');
    await call(route, 'contacts.update', { id: ada, patch: { title: 'Mine', notes: 'Mine too' } });
    await call(route, 'contacts.update', { id: grace, patch: { title: 'Admiral' } });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await laptop.push([laptop.upsert('contacts', ada, { title: 'Theirs', notes: 'Theirs too' }), laptop.upsert('contacts', grace, { title: 'Commodore' })]);
    proxy.rule = () => 'pass';
    expect(await call(route, 'sync.now', {})).toMatchObject({ openConflicts: 3 });

    // From the sync dialog by its named button.
    await page.getByTestId('sync-review-count').waitFor(ui);
    await page.getByTestId('sync-status').click();
    await page.getByTestId('sync-details').getByRole('button', { name: 'Review changes', exact: true }).click();
    const review = page.getByTestId('conflicts-page');
    await review.waitFor(ui);
    expect(await review.getByRole('heading', { level: 1 }).textContent()).toBe('Changes to review');
    const list = review.getByRole('list', { name: 'Changes to review', exact: true });
    await expect.poll(() => list.getByRole('listitem').count(), ui).toBe(3);

    // Each conflict is a region named by its heading, with its choices in a group of the same name.
    const title = list.getByRole('region', { name: 'Job title of Ada Lovelace', exact: true });
    await title.waitFor(ui);
    expect(await title.getByRole('heading', { level: 2 }).textContent()).toBe('Job title of Ada Lovelace');
    expect(await title.getByRole('group', { name: 'Job title of Ada Lovelace', exact: true }).getByRole('button').allTextContents()).toEqual([
      'Keep mine',
      'Keep the server’s',
    ]);
    expect(await title.getByRole('button', { name: 'Open Ada Lovelace', exact: true }).count()).toBe(1);
    expect(await list.getByRole('region', { name: 'Notes of Ada Lovelace', exact: true }).count()).toBe(1);
    // Nothing interactive inside another.
    const nested = await review.evaluate(
      (root) => root.querySelectorAll(':is(button, [role="button"], a[href]) :is(button, [role="button"], a[href], input, select, textarea)').length,
    );
    expect(nested).toBe(0);

    // One polite live region says how many are left, once per choice.
    const region = review.getByTestId('conflicts-announcement');
    expect(await region.getAttribute('role')).toBe('status');
    expect(await region.getAttribute('aria-live')).toBe('polite');
    const announced = await recordAnnouncements(page, 'conflicts-announcement');
    await title.getByRole('button', { name: 'Keep mine', exact: true }).focus();
    await page.keyboard.press('Enter');
    await title.waitFor({ state: 'detached', timeout: ui.timeout });
    await expect.poll(() => region.textContent(), said).toBe('Done. 2 changes left to review.');
    await page.waitForTimeout(1_000);
    expect(await announced()).toEqual(['Done. 2 changes left to review.']);
    // The focus is on the next conflict's heading, which names it.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H2');

    // The review of one record's changes (from its page's notice, a named button) counts what is left of that record's.
    // The notice is said from a live region in the record's page from the start, empty until the notice shows.
    const noticeFrames = await watchFrames(page, '[data-testid="contact-detail"] [data-testid="record-conflicts-announcement"]');
    await list.getByRole('region', { name: 'Job title of Grace Hopper', exact: true }).getByRole('button', { name: 'Open Grace Hopper', exact: true }).click();
    const notice = page.getByTestId('contact-detail').getByTestId('record-conflicts');
    await notice.waitFor(ui);
    const noticeRegion = page.getByTestId('contact-detail').getByTestId('record-conflicts-announcement');
    await expect.poll(() => noticeRegion.allTextContents(), said).toEqual(['A change to this record needs your review.']);
    expect(await noticeRegion.getAttribute('role')).toBe('status');
    expect(await noticeRegion.getAttribute('aria-live')).toBe('polite');
    expect(await notice.getAttribute('role')).toBeNull();
    expect([...new Set((await noticeFrames()).map((frame) => frame.text))]).toEqual([null, '', 'A change to this record needs your review.']);
    await notice.getByRole('button', { name: 'Review', exact: true }).click();
    await expect.poll(() => review.getByTestId('conflicts-count').textContent(), ui).toBe('Only the changes to Grace Hopper.');
    const mine = review.getByRole('region', { name: 'Job title of Grace Hopper', exact: true }).getByRole('button', { name: 'Keep mine', exact: true });
    await mine.waitFor(ui);
    const scoped = review.getByTestId('conflicts-announcement');
    const announcedHere = await recordAnnouncements(page, 'conflicts-announcement');
    await mine.click();
    await review.getByTestId('conflicts-empty').waitFor(ui);
    // Nothing is left of Grace Hopper's, though Ada Lovelace's notes still wait (the pill still counts them).
    await expect.poll(() => scoped.textContent(), said).toBe('Done. 0 changes left to review.');
    expect(await announcedHere()).toEqual(['Done. 0 changes left to review.']);
    expect(await page.getByTestId('sync-review-count').textContent()).toBe('1');
    expect(await review.getByTestId('conflicts-empty').textContent()).toBe('Nothing left to review of Grace Hopper. 1 change of other records still needs your review.');
    expect(pageErrors).toEqual([]);
  });

  it('says what is left as the vault counts it once the choice is made, and the same words again after another choice', async () => {
    const { page } = app;
    // Ada Lovelace's notes wait from the test before; a clash of each contact's title makes three.
    expect(await clash('title', [ada, grace])).toMatchObject({ openConflicts: 3 });
    await page.getByTestId('sync-status').click();
    await page.getByTestId('sync-details').getByRole('button', { name: 'Review changes', exact: true }).click();
    const review = page.getByTestId('conflicts-page');
    const list = review.getByRole('list', { name: 'Changes to review', exact: true });
    await expect.poll(() => list.getByRole('listitem').count(), ui).toBe(3);
    const region = review.getByTestId('conflicts-announcement');
    const announced = await recordAnnouncements(page, 'conflicts-announcement');

    // While the vault's answer to Keep mine is on its way, another window settles Grace Hopper's title: one is left, not two.
    route.holding.add('sync.conflicts.resolve');
    await list.getByRole('region', { name: 'Notes of Ada Lovelace', exact: true }).getByRole('button', { name: 'Keep mine', exact: true }).click();
    await expect.poll(() => route.held, ui).toBe(1);
    const { items } = (await call(route, 'sync.conflicts.list', { recordId: grace })) as { items: { id: number }[] };
    expect(items).toHaveLength(1);
    await call(route, 'sync.conflicts.resolve', { id: items[0]?.id, keep: 'current' });
    route.release();
    await expect.poll(() => region.textContent(), said).toBe('Done. 1 change left to review.');
    await expect.poll(() => list.getByRole('listitem').count(), ui).toBe(1);

    // A new clash makes two again; the next choice leaves one again, and says so again.
    expect(await clash('title', [grace])).toMatchObject({ openConflicts: 2 });
    await expect.poll(() => list.getByRole('listitem').count(), ui).toBe(2);
    await list.getByRole('region', { name: 'Job title of Ada Lovelace', exact: true }).getByRole('button', { name: 'Keep mine', exact: true }).click();
    await expect.poll(() => announced(), said).toEqual(['Done. 1 change left to review.', 'Done. 1 change left to review.']);
    await page.waitForTimeout(1_000);
    expect(await announced()).toEqual(['Done. 1 change left to review.', 'Done. 1 change left to review.']);
    expect(pageErrors).toEqual([]);
  });
});
