// Typed text and the user's place, checked in Chromium against the real
// headless shell and vault (walkthrough 2, item 5): unlocking returns to the
// page the vault locked on, and leaving a page with unsaved typing (the
// activity composer, an open inline edit) asks first, a reload too (the
// browser's own question); a lock does not ask and
// keeps no draft, nor does deleting the record the drafts were of.
import type { Dialog, Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { closeDialogs, createContacts, createRecord, fillAndCreate, ui, unlock } from './crm-steps';

const password = 'drafts rep keeps notes';

async function newContact(page: Page, name: string): Promise<void> {
  await createContacts(page, [name]);
  await page.getByTestId('detail-title').filter({ hasText: name }).waitFor(ui);
}

/** Ctrl+K, type, and Enter on the hit named `name` (the page may then ask before leaving). */
async function searchAndOpen(page: Page, typed: string, name: string): Promise<void> {
  await page.keyboard.press('Control+k');
  await page.getByTestId('search-input').fill(typed);
  await page.getByTestId('search-hit').filter({ hasText: name }).waitFor(ui);
  await page.keyboard.press('Enter');
}

/** The types of the browser dialogs (a beforeunload "Leave site?") shown while `act` runs, each dismissed (staying). */
async function dialogsDuring(page: Page, act: () => Promise<void>): Promise<string[]> {
  const dialogs: string[] = [];
  const onDialog = (dialog: Dialog) => {
    dialogs.push(dialog.type());
    void dialog.dismiss();
  };
  page.on('dialog', onDialog);
  try {
    await act();
  } finally {
    page.off('dialog', onDialog);
  }
  return dialogs;
}

describe('unsaved typing and the place after unlock', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  beforeEach(() => closeDialogs(page));

  it('returns to the contact page the vault locked on', async () => {
    await newContact(page, 'Lena Lockwood');
    await page.keyboard.press('Control+l');
    await page.getByTestId('unlock-password').waitFor(ui);
    await unlock(page, password);
    await page.getByTestId('contact-detail').waitFor(ui);
    expect(await page.getByTestId('detail-title').textContent()).toBe('Lena Lockwood');
    expect(await page.getByTestId('today').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('asks before the side navigation drops a composer draft: Keep editing keeps it, Discard leaves', async () => {
    await newContact(page, 'Cai Composer');
    const subject = page.getByTestId('composer-subject');
    await subject.fill('Discussed the Q1 order');
    await page.getByTestId('nav-accounts').click();
    const dialog = page.getByTestId('discard-changes');
    await dialog.waitFor(ui);
    expect(await dialog.getByRole('heading').textContent()).toBe('Discard your unsaved changes?');
    // Keeping is the default: it has the focus, so Enter keeps.
    expect(await page.getByTestId('discard-changes-keep').evaluate((button) => button === document.activeElement)).toBe(true);
    await page.getByTestId('discard-changes-keep').click();
    await dialog.waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await page.getByTestId('detail-title').textContent()).toBe('Cai Composer');
    expect(await subject.inputValue()).toBe('Discussed the Q1 order');
    expect(await subject.evaluate((input) => input === document.activeElement)).toBe(true);

    // Esc keeps editing too.
    await page.getByTestId('nav-accounts').click();
    await dialog.waitFor(ui);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await subject.inputValue()).toBe('Discussed the Q1 order');

    await page.getByTestId('nav-accounts').click();
    await page.getByTestId('discard-changes-discard').click();
    await page.getByTestId('list-accounts').waitFor(ui);
    expect(await dialog.count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('asks before a record opened with Ctrl+K drops an inline edit, and not for an edit left unchanged', async () => {
    await newContact(page, 'Sami Searchable');
    await newContact(page, 'Ines Inline');
    await page.getByTestId('inline-notes').click();
    const notes = page.getByTestId('inline-notes-input');
    // Opened but not changed: nothing to lose, so no question.
    await notes.waitFor(ui);
    await page.getByTestId('nav-accounts').click();
    await page.getByTestId('list-accounts').waitFor(ui);
    expect(await page.getByTestId('discard-changes').count()).toBe(0);

    await searchAndOpen(page, 'Ines', 'Ines Inline');
    await page.getByTestId('detail-title').filter({ hasText: 'Ines Inline' }).waitFor(ui);
    await page.getByTestId('inline-notes').click();
    await notes.fill('Prefers calls after 3pm');

    await searchAndOpen(page, 'Sami', 'Sami Searchable');
    const dialog = page.getByTestId('discard-changes');
    await dialog.waitFor(ui);
    await page.getByTestId('discard-changes-keep').click();
    await dialog.waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await page.getByTestId('detail-title').textContent()).toBe('Ines Inline');
    expect(await notes.inputValue()).toBe('Prefers calls after 3pm');
    expect(await notes.evaluate((input) => input === document.activeElement)).toBe(true);

    await searchAndOpen(page, 'Sami', 'Sami Searchable');
    await page.getByTestId('discard-changes-discard').click();
    await page.getByTestId('detail-title').filter({ hasText: 'Sami Searchable' }).waitFor(ui);
    expect(await dialog.count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('stays with a composer draft when a deal is created from the page, and Open asks like any other move', async () => {
    await newContact(page, 'Dora Dealmaker');
    const subject = page.getByTestId('composer-subject');
    await subject.fill('Asked for a quote');
    await page.getByTestId('related-deals-add').click();
    await fillAndCreate(page, 'deal', { name: 'Dora quote' });
    // The deal was asked for, leaving the draft was not: the page stays, the toast offers the new deal.
    const toast = page.getByTestId('created-toast').filter({ hasText: 'Deal created' });
    await toast.waitFor(ui);
    expect(await page.getByTestId('discard-changes').count()).toBe(0);
    await page.getByTestId('related-deals').getByText('Dora quote').waitFor(ui);
    expect(await page.getByTestId('detail-title').textContent()).toBe('Dora Dealmaker');
    expect(await subject.inputValue()).toBe('Asked for a quote');

    // Open is a move the user asks for: it asks, and Discard opens the deal.
    await toast.getByTestId('created-toast-action').click();
    await page.getByTestId('discard-changes').waitFor(ui);
    await page.getByTestId('discard-changes-discard').click();
    await page.getByTestId('deal-detail').waitFor(ui);
    expect(await page.getByTestId('detail-title').textContent()).toBe('Dora quote');
    expect(pageErrors).toEqual([]);
  });

  it('stays with an inline edit when a deal is created from the page, and opens the deal when nothing is typed', async () => {
    await newContact(page, 'Ivo Inline');
    await page.getByTestId('inline-notes').click();
    const notes = page.getByTestId('inline-notes-input');
    await notes.fill('Budget approved in March');
    await page.getByTestId('related-deals-add').click();
    await fillAndCreate(page, 'deal', { name: 'Ivo renewal' });
    await page.getByTestId('created-toast').filter({ hasText: 'Deal created' }).waitFor(ui);
    expect(await page.getByTestId('discard-changes').count()).toBe(0);
    await page.getByTestId('related-deals').getByText('Ivo renewal').waitFor(ui);
    expect(await page.getByTestId('detail-title').textContent()).toBe('Ivo Inline');
    expect(await notes.inputValue()).toBe('Budget approved in March');

    // With nothing unsaved the new deal opens on its own page, as before.
    await notes.press('Escape');
    await notes.waitFor({ state: 'detached', timeout: ui.timeout });
    await page.getByTestId('related-deals-add').click();
    await fillAndCreate(page, 'deal', { name: 'Ivo upsell' });
    await page.getByTestId('deal-detail').waitFor(ui);
    expect(await page.getByTestId('detail-title').textContent()).toBe('Ivo upsell');
    expect(await page.getByTestId('discard-changes').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('drops the drafts of a record the user deletes without asking, and Undo brings the record back without them', async () => {
    await newContact(page, 'Della Deleted');
    await page.getByTestId('inline-notes').click();
    await page.getByTestId('inline-notes-input').fill('Wants the contract redone');
    await page.getByTestId('composer-subject').fill('Call about the contract');
    await page.getByTestId('detail-delete').click();
    // Deleting the record was the decision: the list opens, with no question about the record's drafts.
    await page.getByTestId('list-contacts').or(page.getByTestId('discard-changes')).first().waitFor(ui);
    expect(await page.getByTestId('discard-changes').count()).toBe(0);
    await page.getByTestId('list-contacts').waitFor(ui);

    await page.getByTestId('deleted-toast-action').click();
    await page.getByTestId('restored-toast').waitFor(ui);
    await page.getByTestId('detail-title').filter({ hasText: 'Della Deleted' }).waitFor(ui);
    // The drafts went with the delete.
    expect(await page.getByTestId('inline-notes-input').count()).toBe(0);
    expect(await page.getByTestId('composer-subject').inputValue()).toBe('');
    // And ask nothing when the page is left.
    await page.getByTestId('nav-accounts').click();
    await page.getByTestId('list-accounts').waitFor(ui);
    expect(await page.getByTestId('discard-changes').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('asks before a reload drops a composer draft, staying keeps it, and reloads without asking once nothing is typed', async () => {
    await newContact(page, 'Rhea Reload');
    const subject = page.getByTestId('composer-subject');
    // Typed keys: Chromium asks before unloading only a page the user has interacted with.
    await subject.click();
    await page.keyboard.type('Promised a callback');
    const asked = page.waitForEvent('dialog', ui);
    // Not page.reload(): that waits for a load that staying never brings. Nor awaited before the answer:
    // the page's script waits for it.
    const reloading = page.evaluate(() => {
      window.location.reload();
    });
    const question = await asked;
    expect(question.type()).toBe('beforeunload');
    await question.dismiss();
    await reloading;
    expect(await page.getByTestId('detail-title').textContent()).toBe('Rhea Reload');
    expect(await subject.inputValue()).toBe('Promised a callback');

    // Nothing typed any more: the reload goes ahead with no question.
    await subject.fill('');
    expect(
      await dialogsDuring(page, async () => {
        await page.reload();
        await page.getByTestId('workspace').waitFor(ui);
      }),
    ).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('writes an e-mail from a contact with a composer draft open without asking, and keeps the draft', async () => {
    await createRecord(page, 'contacts', 'contact', { name: 'Mara Mailto', emails: 'mara@mailto.example' });
    const subject = page.getByTestId('composer-subject');
    await subject.click();
    await page.keyboard.type('Sent the price list');
    const dialogs = await dialogsDuring(page, async () => {
      await page.getByTestId('inline-emails').getByTestId('link-emails').click();
      // The click's own answer on the page (the offer to log the e-mail), then time for a question to come.
      await page.getByTestId('log-after-link').waitFor(ui);
      await page.waitForTimeout(500);
    });
    expect(dialogs).toEqual([]);
    expect(await subject.inputValue()).toBe('Sent the price list');
    // No draft left for the next case's moves to ask about.
    await subject.fill('');
    expect(pageErrors).toEqual([]);
  });

  it('locks at once with a draft open, and the draft is gone after unlocking', async () => {
    await newContact(page, 'Lou Locked');
    await page.getByTestId('composer-subject').fill('Half-written call note');
    await page.keyboard.press('Control+l');
    // Security first: no question stands between the user and the lock.
    await page.getByTestId('unlock-password').waitFor(ui);
    expect(await page.getByTestId('discard-changes').count()).toBe(0);
    await unlock(page, password);
    await page.getByTestId('detail-title').filter({ hasText: 'Lou Locked' }).waitFor(ui);
    expect(await page.getByTestId('composer-subject').inputValue()).toBe('');
    expect(pageErrors).toEqual([]);
  });
});
