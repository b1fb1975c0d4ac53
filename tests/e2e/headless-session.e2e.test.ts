// A walkthrough defect of the headless shell, checked in Chromium against the
// real shell and vault: the browser's Back left the app, and Forward or a
// reload then showed "This page was opened without its access link", since
// the token had left the address bar. Now the token waits in the tab's
// sessionStorage (never the address bar): a reload and Back/Forward in the
// tab connect again; another origin, even the same shell named localhost,
// has none; a refused token and a stopped shell's are forgotten. And Back
// and Forward move through the app's own pages first, also through the
// pages opened before a reload, and a reload reopens the page it was on.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { fillAndCreate, openSection, ui, unlock } from './crm-steps';
import type { HeadlessShell } from './harness';

const password = 'back and forth all day';
const tokenKey = 'fieldvault.accessToken';

function stored(page: Page): Promise<{ readonly keys: string[]; readonly token: string | null; readonly local: number }> {
  return page.evaluate((key) => ({ keys: Object.keys(sessionStorage), token: sessionStorage.getItem(key), local: localStorage.length }), tokenKey);
}

/** After a reload: the workspace, through the lock screen if the vault locked meanwhile. */
async function reopened(page: Page): Promise<void> {
  await page.locator('[data-testid="workspace"], [data-testid="unlock-form"]').first().waitFor(ui);
  if ((await page.getByTestId('unlock-form').count()) > 0) await unlock(page, password);
  await page.getByTestId('workspace').waitFor(ui);
}

describe('the headless shell across Back, Forward and reloads in one tab', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;
  let shell: HeadlessShell;
  const title = (name: string) => page.getByTestId('detail-title').filter({ hasText: name });
  /** Creates a contact from the contacts list; its page opens. */
  const createContact = async (name: string) => {
    await openSection(page, 'contacts');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'contact', { name });
    await title(name).waitFor(ui);
  };

  beforeAll(() => {
    ({ page, shell } = app);
  });

  it('moves through the app’s pages with Back and Forward, and comes back connected after leaving it', async () => {
    expect(page.url()).toBe(`${shell.origin}/`);
    expect(await stored(page)).toEqual({ keys: [tokenKey], token: shell.token, local: 0 });

    await openSection(page, 'contacts');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'contact', { name: 'Ada Lovelace' });
    await title('Ada Lovelace').waitFor(ui);
    await openSection(page, 'accounts');

    // The browser's Back and Forward: the app's pages, the address bar untouched.
    await page.goBack();
    await title('Ada Lovelace').waitFor(ui);
    await page.goBack();
    await page.getByTestId('list-contacts').waitFor(ui);
    await page.goForward();
    await title('Ada Lovelace').waitFor(ui);
    expect(page.url()).toBe(`${shell.origin}/`);
    // The page's own Back is the same step.
    await page.getByTestId('detail-back').click();
    await page.getByTestId('list-contacts').waitFor(ui);
    await page.goForward();
    await title('Ada Lovelace').waitFor(ui);

    // Back from a page holding unsaved typing asks first; "Keep editing" stays, with the browser on this page.
    await page.getByTestId('composer-subject').fill('Half-typed call');
    await page.goBack();
    await page.getByTestId('discard-changes').waitFor(ui);
    await page.getByTestId('discard-changes-keep').click();
    await page.getByTestId('discard-changes').waitFor({ state: 'detached', ...ui });
    expect(await page.getByTestId('composer-subject').inputValue()).toBe('Half-typed call');
    // (Forward with nothing typed shows the next page: the browser was put back on this one.)
    await page.getByTestId('composer-subject').fill('');
    await page.goForward();
    await page.getByTestId('list-accounts').waitFor(ui);
    await page.goBack();
    await title('Ada Lovelace').waitFor(ui);
    // "Discard" goes on.
    await page.getByTestId('composer-subject').fill('Half-typed call');
    await page.goBack();
    await page.getByTestId('discard-changes-discard').click();
    await page.getByTestId('list-contacts').waitFor(ui);

    // Back from the first page leaves the app; Forward comes back to it, connected.
    for (let step = 0; step < 10 && page.url() !== 'about:blank'; step += 1) await page.goBack();
    expect(page.url()).toBe('about:blank');
    await page.goForward();
    await page.getByTestId('workspace').waitFor(ui);
    expect(await page.getByTestId('connection-failed').count()).toBe(0);
    expect(page.url()).toBe(`${shell.origin}/`);
    expect(pageErrors).toEqual([]);
  });

  it('stays connected through a reload, with the token in no address and no log', async () => {
    await openSection(page, 'contacts');
    await page.reload();
    await page.getByTestId('workspace').waitFor(ui);
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Ada Lovelace' }).waitFor(ui);
    expect(page.url()).toBe(`${shell.origin}/`);
    expect(await stored(page)).toEqual({ keys: [tokenKey], token: shell.token, local: 0 });
    expect(shell.stderr()).not.toContain(shell.token);
    expect(pageErrors).toEqual([]);
  });

  it('reopens the page it was on after a reload, a record deleted meanwhile as its trashed page', async () => {
    await createContact('Rosa Reopened');

    await page.reload();
    await reopened(page);
    await title('Rosa Reopened').waitFor(ui);
    expect(await page.getByTestId('nav-contacts').getAttribute('aria-current')).toBe('page');
    // A lock and an unlock in this page load return to the page shown at the lock, as they did before.
    await openSection(page, 'accounts');
    await page.keyboard.press('Control+l');
    await page.getByTestId('unlock-password').waitFor(ui);
    await unlock(page, password);
    await page.getByTestId('list-accounts').waitFor(ui);

    // A record deleted before the reload: its usual trashed page.
    await createContact('Rita Reloaded');
    await page.getByTestId('detail-delete').click();
    await page.getByTestId('list-contacts').waitFor(ui);
    await page.goBack();
    await title('Rita Reloaded').waitFor(ui);
    await page.getByTestId('trashed-banner').waitFor(ui);
    await page.reload();
    await reopened(page);
    await title('Rita Reloaded').waitFor(ui);
    await page.getByTestId('trashed-banner').waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('opens the pages of the entries from before a reload with Back and Forward, a deleted record as its trashed page', async () => {
    await createContact('Grace Hopper');
    await createContact('Tom Trashed');
    await page.getByTestId('detail-delete').click();
    await page.getByTestId('list-contacts').waitFor(ui);
    await openSection(page, 'accounts');

    await page.reload();
    await page.getByTestId('workspace').waitFor(ui);
    await page.goBack();
    await page.getByTestId('list-contacts').waitFor(ui);
    await page.goBack();
    await title('Tom Trashed').waitFor(ui);
    await page.getByTestId('trashed-banner').waitFor(ui);
    await page.goBack();
    await page.getByTestId('list-contacts').waitFor(ui);
    await page.goBack();
    await title('Grace Hopper').waitFor(ui);
    // Forward, through entries the page has already opened since the reload.
    await page.goForward();
    await page.getByTestId('list-contacts').waitFor(ui);
    await page.goForward();
    await title('Tom Trashed').waitFor(ui);
    // The page's own Back is the browser's, here too.
    await page.getByTestId('detail-back').click();
    await page.getByTestId('list-contacts').waitFor(ui);
    expect(page.url()).toBe(`${shell.origin}/`);
    expect(pageErrors).toEqual([]);
  });

  it('gives the token to no other origin, and forgets one the shell refuses', async () => {
    // The same shell under another name is another origin: its storage holds no token.
    await page.goto(`http://localhost:${shell.port}/`);
    await page.getByTestId('connection-failed').filter({ hasText: 'without its access link' }).waitFor(ui);
    expect(await stored(page)).toEqual({ keys: [], token: null, local: 0 });
    await page.goBack();
    await page.getByTestId('workspace').waitFor(ui);

    // A token the shell refuses (a stale one, say) is forgotten: the next load needs the link.
    await page.evaluate((key) => sessionStorage.setItem(key, 'stale-token-of-another-launch'), tokenKey);
    await page.reload();
    await page.getByTestId('connection-failed').filter({ hasText: 'refused' }).waitFor(ui);
    expect(await stored(page)).toEqual({ keys: [], token: null, local: 0 });
    await page.reload();
    await page.getByTestId('connection-failed').filter({ hasText: 'without its access link' }).waitFor(ui);
    // (From another document: a link that differs only in its fragment would not load the page again.)
    await page.goto('about:blank');
    await page.goto(shell.url);
    await page.getByTestId('workspace').waitFor(ui);
    expect(await stored(page)).toEqual({ keys: [tokenKey], token: shell.token, local: 0 });
    expect(pageErrors).toEqual([]);
  });

  it('forgets the token when the shell stops', async () => {
    await shell.stop();
    await page.getByTestId('connection-failed').waitFor(ui);
    expect(await stored(page)).toEqual({ keys: [], token: null, local: 0 });
  });
});
