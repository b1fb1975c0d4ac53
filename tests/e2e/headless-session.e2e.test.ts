// A walkthrough defect of the headless shell, checked in Chromium against the
// real shell and vault: the browser's Back left the app, and Forward or a
// reload then showed "This page was opened without its access link", since
// the token had left the address bar. Now the token waits in the tab's
// sessionStorage (never the address bar): a reload and Back/Forward in the
// tab connect again; another origin, even the same shell named localhost,
// has none; a refused token and a stopped shell's are forgotten.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { fillAndCreate, openSection, ui } from './crm-steps';
import type { HeadlessShell } from './harness';

const password = 'back and forth all day';
const tokenKey = 'fieldvault.accessToken';

function stored(page: Page): Promise<{ readonly keys: string[]; readonly token: string | null; readonly local: number }> {
  return page.evaluate((key) => ({ keys: Object.keys(sessionStorage), token: sessionStorage.getItem(key), local: localStorage.length }), tokenKey);
}

describe('the headless shell across Back, Forward and reloads in one tab', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;
  let shell: HeadlessShell;

  beforeAll(() => {
    ({ page, shell } = app);
  });

  it('comes back connected when Forward returns to the app that Back left', async () => {
    expect(page.url()).toBe(`${shell.origin}/`);
    expect(await stored(page)).toEqual({ keys: [tokenKey], token: shell.token, local: 0 });
    await openSection(page, 'contacts');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'contact', { name: 'Ada Lovelace' });
    await page.getByTestId('detail-title').filter({ hasText: 'Ada Lovelace' }).waitFor(ui);

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
