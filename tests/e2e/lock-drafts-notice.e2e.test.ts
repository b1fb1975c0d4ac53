// A lock that drops unsaved typing says so afterwards, in Chromium against the
// real headless shell and vault: a lock never asks (it locks at once, and the
// drafts go with the workspace), and before, a rep who typed a long composer
// note and came back to the lock screen found the note gone without a word.
// Now the lock screen names the page (never what was typed) until the unlock;
// a lock with nothing typed says nothing. The lock the page did not ask for is
// made by the test's own vault.lock call, which reaches the page only as the
// vault.didLock push, as an idle lock does.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createContacts, ui, unlock } from './crm-steps';
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
});
