// A rep's quick moves do what they look like, in Chromium against the real
// headless shell and vault, the page's IPC socket routed through Playwright
// (which holds answers back and lets the test make records): Enter in
// Ctrl+K pressed before the answer to what was typed opens that answer's
// hit, not the previous text's still on screen, and the keys and mouse do
// not choose among those; the kind of the best hit is listed first, so Enter
// opens it; the chosen hit stays in view, a failed search is
// said, a subject-less activity is named; "Mark done" on a task's page
// offers Undo and leaves the focus on Status; two edits of one field leave
// one Undo, which goes back one edit; the first click on Due sorts soonest
// first; a contact removed from a deal comes back by Undo, which leaves a
// contact removed after it off.
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { focusedTestId, openSection, ui } from './crm-steps';
import { z } from 'zod';
import { call, createdId } from './proxied-server';
import { useInjectingApp } from './injecting-route';

const password = 'quick moves in a hotel lobby';
const day = 24 * 60 * 60 * 1000;

function rowOf(page: Page, text: string): Locator {
  return page.getByTestId('task-table-row').filter({ hasText: text });
}

describe('a rep’s quick moves', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;
  let deal = '';

  beforeAll(async () => {
    ({ page } = app);
    const orchard = await createdId(route, 'contacts.create', { name: 'Orchard Lane' });
    const orbit = await createdId(route, 'contacts.create', { name: 'Orbit Works' });
    deal = await createdId(route, 'deals.create', { name: 'Cold room retrofit', stageId: 'proposal', currency: 'EUR', amount: 100_000, expectedCloseDate: '2027-03-31', contactIds: [orchard, orbit] });
    await createdId(route, 'tasks.create', { title: 'Send the price list' });
    await createdId(route, 'tasks.create', { title: 'Book the demo room' });
    await createdId(route, 'tasks.create', { title: 'Call before the audit', dueAt: Date.now() + day });
  }, 120_000);

  async function openTask(title: string): Promise<void> {
    await openSection(page, 'tasks');
    await rowOf(page, title).click();
    await page.getByTestId('task-detail').getByRole('heading', { name: title }).waitFor(ui);
  }

  it('opens the hit of what was typed when Enter came before its answer, not the previous text’s hit', async () => {
    await openSection(page, 'today');
    await page.keyboard.press('Control+k');
    await page.getByTestId('search-input').fill('Orc');
    await page.getByTestId('search-hit').filter({ hasText: 'Orchard Lane' }).waitFor(ui);

    route.holding.add('search.query');
    const asked = route.calls.filter((channel) => channel === 'search.query').length;
    await page.getByTestId('search-input').fill('Orbi');
    // Within the debounce, then with the answer held: the previous text's hit still shows, selected.
    await page.keyboard.press('Enter');
    await expect.poll(() => route.held, ui).toBe(1);
    expect(route.calls.filter((channel) => channel === 'search.query').length).toBe(asked + 1);
    expect(await page.getByTestId('search-hit').filter({ hasText: 'Orchard Lane' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('search-dialog').isVisible()).toBe(true);
    expect(await page.getByTestId('contact-detail').count()).toBe(0);

    route.release();
    await page.getByTestId('contact-detail').getByRole('heading', { name: 'Orbit Works' }).waitFor(ui);
    expect(await page.getByTestId('search-dialog').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('does not choose among the previous text’s hits while the answer is on its way, and a waiting Enter opens the new answer’s first hit', async () => {
    for (const name of ['Quill Point', 'Quince Farm', 'Quiet Bay']) await createdId(route, 'contacts.create', { name });
    await page.keyboard.press('Control+k');
    const input = page.getByTestId('search-input');
    // The order the answer for "Qui" ranks them in.
    await input.fill('Qui');
    await expect.poll(() => page.getByTestId('search-hit').count(), ui).toBe(3);
    const first = ((await page.getByTestId('search-hit').first().locator('.search__hit-title').textContent()) ?? '').trim();
    await input.fill('Qu');
    await expect.poll(() => page.getByTestId('search-hit').count(), ui).toBe(3);
    await page.keyboard.press('Escape');
    await page.getByTestId('search-dialog').waitFor({ state: 'detached', ...ui });

    await page.keyboard.press('Control+k');
    await page.getByTestId('search-input').fill('Qu');
    await expect.poll(() => page.getByTestId('search-hit').count(), ui).toBe(3);
    route.holding.add('search.query');
    await page.getByTestId('search-input').fill('Qui');
    await expect.poll(() => route.held, ui).toBe(1);
    // Down twice over the previous text's hits, the mouse over the last: nothing chosen among them.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.getByTestId('search-hit').nth(2).hover();
    expect(await page.getByTestId('search-hit').first().getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    route.release();
    await page.getByTestId('contact-detail').getByRole('heading', { name: first }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('keeps the hit the arrow keys reach in view, says a failed search, and names an activity without a subject', async () => {
    for (let n = 1; n <= 12; n += 1) await createdId(route, 'contacts.create', { name: `Zephyr Stall ${String(n).padStart(2, '0')}` });
    await createdId(route, 'activities.create', { kind: 'call', subject: '', outcome: 'Voicemail xylophone', occurredAt: Date.now() });
    await page.keyboard.press('Control+k');
    const input = page.getByTestId('search-input');
    await input.fill('Zephyr');
    await expect.poll(() => page.getByTestId('search-hit').count(), ui).toBe(12);
    for (let n = 0; n < 11; n += 1) await page.keyboard.press('ArrowDown');
    const chosen = page.locator('[data-testid="search-hit"][aria-selected="true"]');
    expect(await chosen.getAttribute('id')).toBe('search-hit-11');
    const inView = await chosen.evaluate((hit) => {
      const box = hit.getBoundingClientRect();
      const pane = document.querySelector('[data-testid="search-results"]')?.getBoundingClientRect();
      return pane !== undefined && box.top >= pane.top - 1 && box.bottom <= pane.bottom + 1;
    });
    expect(inView).toBe(true);

    await input.fill('xylophone');
    await expect.poll(() => page.getByTestId('search-hit').count(), ui).toBe(1);
    const hit = page.getByTestId('search-hit');
    expect(((await hit.locator('.search__hit-title').textContent()) ?? '').trim()).toBe('Activity');

    route.failing.set('search.query', { code: 'INTERNAL', message: 'Something went wrong.' });
    await input.fill('xylophon');
    await page.getByTestId('search-failed').waitFor(ui);
    await expect.poll(() => page.getByTestId('search-announcement').textContent(), ui).toMatch(/^Search failed\./);
    // The message is beside the listbox, which holds options and groups only.
    expect(await page.getByTestId('search-results').getByTestId('search-failed').count()).toBe(0);
    // Enter asks again for the same text (before, it stayed failed until the text changed), as the message says.
    expect(await page.getByTestId('search-failed').textContent()).toContain('Press Enter to try again.');
    route.release();
    await input.press('Enter');
    await page.getByTestId('search-failed').waitFor({ state: 'detached', ...ui });
    await expect.poll(() => page.getByTestId('search-hit').count(), ui).toBe(1);
    await page.keyboard.press('Escape');
    // Closed before the next test's Ctrl+K, which would close a palette still open (a loaded CI run got there first).
    await input.waitFor({ state: 'detached', ...ui });
    expect(pageErrors).toEqual([]);
  });

  it('lists the kind of the best hit first, so Enter opens the account named by the word, not a contact whose e-mail has it', async () => {
    await createdId(route, 'contacts.create', { name: 'Anna Berg', emails: ['anna@quillfeather.example'] });
    await createdId(route, 'accounts.create', { name: 'Quillfeather' });
    await page.keyboard.press('Control+k');
    await page.getByTestId('search-input').fill('quillfeather');
    await expect.poll(() => page.getByTestId('search-hit').count(), ui).toBe(2);
    expect((await page.getByTestId('search-hit').locator('.search__hit-title').allTextContents()).map((title) => title.trim())).toEqual(['Quillfeather', 'Anna Berg']);
    await page.keyboard.press('Enter');
    await page.getByTestId('account-detail').getByRole('heading', { name: 'Quillfeather' }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('deletes once when Delete on a record’s page is pressed again while the delete is on its way', async () => {
    await createdId(route, 'contacts.create', { name: 'Twice Pressed' });
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Twice Pressed' }).click();
    await page.getByTestId('contact-detail').waitFor(ui);
    const deletes = () => route.calls.filter((channel) => channel === 'contacts.delete').length;
    const before = deletes();
    route.holding.add('contacts.delete');
    await page.getByTestId('detail-delete').click();
    await expect.poll(() => route.held, ui).toBe(1);
    await page.getByTestId('detail-delete').click();
    route.release();
    await page.getByTestId('deleted-toast').waitFor(ui);
    // Before, the second call was refused "not found" beside the first one's Deleted toast.
    expect(deletes()).toBe(before + 1);
    expect(await page.locator('.toast--error').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('leaves the page the user moved to, and its typing, alone when a delete answers after they left', async () => {
    await createdId(route, 'contacts.create', { name: 'Gone Later' });
    await createdId(route, 'contacts.create', { name: 'Kept Typing' });
    // The previous case's Deleted toast gone first (it lives 8 s): the one waited for below is this delete's.
    await page.getByTestId('deleted-toast').waitFor({ state: 'detached', timeout: 20_000 });
    // Opened afresh (the list on screen was read before these two were made).
    await openSection(page, 'today');
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Gone Later' }).click();
    await page.getByTestId('contact-detail').waitFor(ui);
    route.holding.add('contacts.delete');
    await page.getByTestId('detail-delete').click();
    await expect.poll(() => route.held, ui).toBe(1);
    // Meanwhile the user opens another contact and starts a note there.
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Kept Typing' }).click();
    await page.getByTestId('detail-title').filter({ hasText: 'Kept Typing' }).waitFor(ui);
    const subject = page.getByTestId('composer-subject');
    await subject.fill('Call back on Monday');
    route.release();
    await page.getByTestId('deleted-toast').waitFor(ui);
    expect(await page.getByTestId('detail-title').textContent()).toBe('Kept Typing');
    expect(await subject.inputValue()).toBe('Call back on Monday');
    // Still guarded: leaving asks.
    await page.getByTestId('nav-accounts').click();
    await page.getByTestId('discard-changes').waitFor(ui);
    await page.getByTestId('discard-changes-discard').click();
    await page.getByTestId('list-accounts').waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('offers Undo after "Mark done" on a task’s page and leaves the focus on its Status', async () => {
    await openTask('Send the price list');
    await page.getByTestId('task-mark-done').click();
    const toast = page.getByTestId('task-done-toast').filter({ hasText: 'Task completed' });
    await toast.waitFor(ui);
    await page.getByTestId('inline-status').getByText('Done', { exact: true }).waitFor(ui);
    expect(await page.getByTestId('task-mark-done').count()).toBe(0);
    expect(await focusedTestId(page)).toBe('inline-status-edit');

    await toast.getByTestId('task-done-toast-action').click();
    await page.getByTestId('task-reopened-toast').waitFor(ui);
    await page.getByTestId('inline-status').getByText('Open', { exact: true }).waitFor(ui);
    await page.getByTestId('task-mark-done').waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('leaves one Undo for two edits of one field, and that Undo goes back one edit', async () => {
    await openTask('Book the demo room');
    for (const title of ['Book the big demo room', 'Book the small demo room']) {
      await page.getByTestId('inline-title-edit').click();
      await page.getByTestId('inline-title-input').fill(title);
      await page.getByTestId('inline-title-input').press('Enter');
      await page.getByTestId('inline-title').getByText(title, { exact: true }).waitFor(ui);
    }
    // The second edit's toast took the first one's place as it came (the first would linger 8 s more).
    const saved = page.getByTestId('saved-field-toast');
    expect(await saved.count()).toBe(1);

    await saved.getByTestId('saved-field-toast-action').click();
    await page.getByTestId('restored-field-toast').waitFor(ui);
    await page.getByTestId('inline-title').getByText('Book the big demo room', { exact: true }).waitFor(ui);
    expect(await focusedTestId(page)).toBe('inline-title-edit');
    expect(pageErrors).toEqual([]);
  });

  it('puts a time back to the second it held when an edit of it is undone, not to the minute the editor shows', async () => {
    const loggedAt = new Date(2026, 9, 14, 9, 41, 27, 345).getTime();
    const id = await createdId(route, 'activities.create', { kind: 'call', subject: 'Seconds matter', occurredAt: loggedAt });
    await page.keyboard.press('Control+k');
    await page.getByTestId('search-input').fill('Seconds matter');
    await page.getByTestId('search-hit').filter({ hasText: 'Seconds matter' }).waitFor(ui);
    await page.keyboard.press('Enter');
    await page.getByTestId('activity-detail').waitFor(ui);
    await page.getByTestId('inline-occurredAt-edit').click();
    await page.getByTestId('inline-occurredAt-input').fill('2026-10-14T10:15');
    await page.getByTestId('inline-occurredAt-input').press('Enter');
    const saved = page.getByTestId('saved-field-toast');
    await saved.waitFor(ui);
    await saved.getByTestId('saved-field-toast-action').click();
    const stored = async () => z.object({ activity: z.object({ occurredAt: z.number() }) }).parse(await call(route, 'activities.get', { id })).activity.occurredAt;
    // Before, 09:41:00.000: the editor's minute.
    await expect.poll(stored, ui).toBe(loggedAt);
    expect(pageErrors).toEqual([]);
  });

  it('shows a record page reading again when Retry is pressed after its first read failed', async () => {
    await createdId(route, 'contacts.create', { name: 'Rita Retry' });
    await openSection(page, 'today');
    await openSection(page, 'contacts');
    route.failing.set('contacts.get', { code: 'INTERNAL', message: 'Something went wrong.' });
    await page.getByTestId('contact-table-row').filter({ hasText: 'Rita Retry' }).click();
    const failed = page.getByTestId('detail-error');
    await failed.waitFor(ui);
    route.failing.delete('contacts.get');
    route.holding.add('contacts.get');
    await failed.getByRole('button').click();
    // While the read is on its way: reading, not the failure still (which looked as if Retry did nothing).
    await page.getByTestId('detail-loading').waitFor(ui);
    expect(await failed.count()).toBe(0);
    route.release();
    await page.getByTestId('detail-title').filter({ hasText: 'Rita Retry' }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('sorts by Due soonest first on its first click, the tasks without a due date last', async () => {
    await openSection(page, 'tasks');
    await page.getByTestId('sort-title').click();
    await page.locator('[role="columnheader"][data-column="title"][aria-sort="ascending"]').waitFor(ui);
    await page.getByTestId('sort-dueAt').click();
    await page.locator('[role="columnheader"][data-column="dueAt"][aria-sort="ascending"]').waitFor(ui);
    await expect.poll(() => page.getByTestId('task-table-row').first().innerText(), ui).toContain('Call before the audit');
    expect(pageErrors).toEqual([]);
  });

  it('removes a contact from a deal with Undo, the focus going to the next contact’s Remove', async () => {
    await openSection(page, 'deals');
    await page.getByTestId('deal-table-row').filter({ hasText: 'Cold room retrofit' }).click();
    const card = page.getByTestId('related-contacts');
    await card.getByText('Orbit Works').waitFor(ui);
    const removes = card.getByTestId('related-contacts-remove');
    expect(await removes.count()).toBe(2);
    const first = await card.locator('.related-list__primary').first().innerText();
    const second = first === 'Orchard Lane' ? 'Orbit Works' : 'Orchard Lane';
    expect(await removes.first().getAttribute('aria-label')).toBe(`Remove ${first} from this deal`);

    await removes.first().click();
    const toast = page.getByTestId('contact-unlinked-toast').filter({ hasText: `${first} removed from this deal` });
    await toast.waitFor(ui);
    await card.getByText(first).waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await removes.count()).toBe(1);
    expect(await focusedTestId(page)).toBe('related-contacts-remove');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Remove ${second} from this deal`);

    await toast.getByTestId('contact-unlinked-toast-action').click();
    await page.getByTestId('contact-relinked-toast').filter({ hasText: `${first} is on this deal again` }).waitFor(ui);
    await card.getByText(first).waitFor(ui);
    expect(await removes.count()).toBe(2);

    // In the trash the deal's contacts show without Remove.
    expect(await route.invoke('deals.delete', { id: deal })).toMatchObject({ ok: true });
    await openSection(page, 'deals');
    await page.getByTestId('trash-toggle').click();
    await page.getByTestId('deal-table-row').filter({ hasText: 'Cold room retrofit' }).click();
    await page.getByTestId('trashed-banner').waitFor(ui);
    await card.getByText(second).waitFor(ui);
    expect(await removes.count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('undoes one contact’s removal from a deal without bringing back one removed after it', async () => {
    const anna = await createdId(route, 'contacts.create', { name: 'Anna Berg' });
    const ben = await createdId(route, 'contacts.create', { name: 'Ben Cole' });
    const freezer = await createdId(route, 'deals.create', { name: 'Walk-in freezer', stageId: 'proposal', currency: 'EUR', amount: 40_000, expectedCloseDate: '2027-04-30', contactIds: [anna, ben] });
    await openSection(page, 'deals');
    await page.getByTestId('deal-table-row').filter({ hasText: 'Walk-in freezer' }).click();
    const card = page.getByTestId('related-contacts');
    for (const name of ['Anna Berg', 'Ben Cole']) {
      await card.getByRole('button', { name: `Remove ${name} from this deal` }).click();
      await page.getByTestId('contact-unlinked-toast').filter({ hasText: `${name} removed from this deal` }).waitFor(ui);
      await card.getByText(name).waitFor({ state: 'detached', timeout: ui.timeout });
    }

    await page.getByTestId('contact-unlinked-toast').filter({ hasText: 'Anna Berg removed from this deal' }).getByTestId('contact-unlinked-toast-action').click();
    await page.getByTestId('contact-relinked-toast').filter({ hasText: 'Anna Berg is on this deal again' }).waitFor(ui);
    await card.getByText('Anna Berg').waitFor(ui);
    const stored = z.object({ deal: z.object({ contactIds: z.array(z.string()) }) }).parse(await call(route, 'deals.get', { id: freezer }));
    expect(stored.deal.contactIds).toEqual([anna]);
    expect(await card.getByText('Ben Cole').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('keeps both removals when a second contact is removed before the first removal has answered', async () => {
    const [cara, dev, eli] = [
      await createdId(route, 'contacts.create', { name: 'Cara Dunn' }),
      await createdId(route, 'contacts.create', { name: 'Dev Ekwe' }),
      await createdId(route, 'contacts.create', { name: 'Eli Fry' }),
    ];
    const chiller = await createdId(route, 'deals.create', { name: 'Blast chiller', stageId: 'proposal', currency: 'EUR', amount: 9_000, expectedCloseDate: '2027-05-31', contactIds: [cara, dev, eli] });
    await openSection(page, 'deals');
    await page.getByTestId('deal-table-row').filter({ hasText: 'Blast chiller' }).click();
    const card = page.getByTestId('related-contacts');
    await card.getByText('Eli Fry').waitFor(ui);
    route.holding.add('deals.update');
    await card.getByRole('button', { name: 'Remove Cara Dunn from this deal' }).click();
    await expect.poll(() => route.held, ui).toBe(1);
    await card.getByRole('button', { name: 'Remove Dev Ekwe from this deal' }).click();
    route.release();
    await page.getByTestId('contact-unlinked-toast').filter({ hasText: 'Dev Ekwe removed from this deal' }).waitFor(ui);
    // Before, the second removal was built from the page's list, Cara still on it, and put her back.
    const stored = z.object({ deal: z.object({ contactIds: z.array(z.string()) }) }).parse(await call(route, 'deals.get', { id: chiller }));
    expect(stored.deal.contactIds).toEqual([eli]);
    expect(pageErrors).toEqual([]);
  });

});
