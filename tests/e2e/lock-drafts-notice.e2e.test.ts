// A lock that drops unsaved typing says so afterwards, in Chromium against the
// real headless shell and vault: a lock never asks (it locks at once, and the
// drafts go with the workspace), and before, a rep who typed a long composer
// note and came back to the lock screen found the note gone without a word.
// Now the lock screen names the page (never what was typed) until the unlock;
// a lock with nothing typed says nothing. The lock the page did not ask for is
// made by the test's own vault.lock call, which reaches the page only as the
// vault.didLock push, as an idle lock does. Typing in a "New …" dialog counts
// too (before, only the page's drafts did: the dialog's went without a word,
// and a reload did not ask about them either).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createContacts, openSection, ui, unlock } from './crm-steps';
import { useInjectingApp } from './injecting-route';

const password = 'drafts dropped, said so';
const said = 'Unsaved changes on a contact’s page were discarded when FieldVault locked.';

describe('the lock screen after a lock that dropped drafts', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  const notice = () => page.getByTestId('unlock-discarded');

  it('says that Ctrl+L dropped a composer note, and nothing of the note; the unlock ends it', async () => {
    await createContacts(page, ['Nora Notes']);
    await page.getByTestId('detail-title').filter({ hasText: 'Nora Notes' }).waitFor(ui);
    await page.getByTestId('composer-subject').fill('Long note about the renewal terms');
    await page.keyboard.press('Control+l');
    await page.getByTestId('unlock-password').waitFor(ui);
    await notice().waitFor(ui);
    expect(await notice().textContent()).toBe(said);
    expect(await page.content()).not.toContain('renewal terms');

    await unlock(page, password);
    await page.getByTestId('detail-title').filter({ hasText: 'Nora Notes' }).waitFor(ui);
    await page.keyboard.press('Control+l');
    await page.getByTestId('unlock-password').waitFor(ui);
    expect(await notice().count()).toBe(0);
    await unlock(page, password);
    expect(pageErrors).toEqual([]);
  });

  it('says it after a lock the page did not ask for, as the idle lock', async () => {
    await page.getByTestId('detail-title').filter({ hasText: 'Nora Notes' }).waitFor(ui);
    await page.getByTestId('composer-subject').fill('Typed, then left for lunch');
    expect(await route.invoke('vault.lock', {})).toMatchObject({ ok: true, value: { state: 'locked' } });
    await page.getByTestId('unlock-password').waitFor(ui);
    await notice().waitFor(ui);
    expect(await notice().textContent()).toBe(said);
    await unlock(page, password);
    expect(await notice().count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('says it for what was typed into a New dialog, after Ctrl+L and after an idle lock; a reload asks first', async () => {
    const saidOfList = 'Unsaved changes on the Contacts list were discarded when FieldVault locked.';
    /** Whether a beforeunload now would have the browser ask ("Leave site?"). */
    const reloadAsks = () =>
      page.evaluate(() => {
        const event = new Event('beforeunload', { cancelable: true });
        window.dispatchEvent(event);
        return event.defaultPrevented;
      });
    const typeIntoNewContact = async (name: string) => {
      await openSection(page, 'contacts');
      await page.getByTestId('list-new').click();
      await page.getByTestId('new-contact').getByTestId('field-name').fill(name);
    };

    await typeIntoNewContact('Della Dialog');
    expect(await reloadAsks()).toBe(true);
    await page.keyboard.press('Control+l');
    await page.getByTestId('unlock-password').waitFor(ui);
    await notice().waitFor(ui);
    expect(await notice().textContent()).toBe(saidOfList);
    expect(await page.content()).not.toContain('Della Dialog');
    await unlock(page, password);

    await typeIntoNewContact('Ivo Idle');
    expect(await route.invoke('vault.lock', {})).toMatchObject({ ok: true, value: { state: 'locked' } });
    await page.getByTestId('unlock-password').waitFor(ui);
    await notice().waitFor(ui);
    expect(await notice().textContent()).toBe(saidOfList);
    await unlock(page, password);

    // A New dialog with nothing typed holds nothing to drop.
    await openSection(page, 'contacts');
    await page.getByTestId('list-new').click();
    await page.getByTestId('new-contact').waitFor(ui);
    expect(await reloadAsks()).toBe(false);
    await page.keyboard.press('Control+l');
    await page.getByTestId('unlock-password').waitFor(ui);
    expect(await notice().count()).toBe(0);
    await unlock(page, password);
    expect(pageErrors).toEqual([]);
  });
});
