// The sync dialog's "Sync now" outcome is news only until newer news, in
// Chromium against the real headless shell and vault and a real TLS sync
// server behind a fault proxy: a refused "Sync now" says why, and once a
// later sync succeeds (the engine's own retry, here one the test starts) the
// dialog says Synced without the old failure under it; a "Sync complete."
// gives way to a later sync's failure, which the details then name. Before,
// the old outcome stayed beside the newer state. A "Sync now" started with S
// that the app refuses (a thrown error, which changes no status) is said in a
// toast; before, it was said nowhere while the dialog was closed. Pressed
// again from inside that toast (F6), the new refusal takes the old one's
// place, the focus goes back to the page and the new toast's clock runs
// (before, the clocks the focus had held stayed held, and it never went).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { call, enrolThroughProxy, useProxiedServer } from './proxied-server';

const password = 'old news is no news';

describe('the outcome of "Sync now"', () => {
  let page: Page;
  const route = new InjectingRoute();
  const sync = useProxiedServer();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password });
  const { pageErrors } = app;

  beforeAll(() => {
    ({ page } = app);
  });

  it('gives way to a later sync’s news, a success after a failure and a failure after a success', async () => {
    const userId = await sync.server.createUser('Rita Rep');
    await enrolThroughProxy(route, sync, userId);
    const state = page.getByTestId('sync-status');
    await expect.poll(() => state.getAttribute('aria-label'), ui).toBe('Sync status: Synced');

    await state.click();
    const dialog = page.getByTestId('sync-details');
    await dialog.waitFor(ui);
    sync.proxy.rule = () => 'refuse';
    await dialog.getByTestId('sync-now').click();
    const failed = dialog.getByTestId('sync-now-error');
    await failed.waitFor(ui);

    // The server is back, and a later sync (as the engine's retry) succeeds: the failure is old news.
    sync.proxy.rule = () => 'pass';
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null });
    await expect.poll(() => dialog.getByTestId('sync-details-state').textContent(), ui).toBe('Synced');
    await failed.waitFor({ state: 'detached', timeout: ui.timeout });

    // And the other way: "Sync complete.", then a later sync fails; the details name why.
    await dialog.getByTestId('sync-now').click();
    const done = dialog.getByTestId('sync-now-done');
    await done.waitFor(ui);
    sync.proxy.rule = () => 'refuse';
    expect(((await call(route, 'sync.now', {})) as { lastError: string | null }).lastError).not.toBeNull();
    await done.waitFor({ state: 'detached', timeout: ui.timeout });
    await expect.poll(() => dialog.getByTestId('sync-details-state').textContent(), ui).toBe('Offline');
    await expect.poll(() => dialog.locator('.sync-details__list').textContent(), ui).toContain('The connection to the sync server was interrupted.');
    sync.proxy.rule = () => 'pass';
    expect(pageErrors).toEqual([]);
  });

  it('says in a toast that a "Sync now" started with S was refused', async () => {
    const state = page.getByTestId('sync-status');
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null });
    await expect.poll(() => state.getAttribute('aria-label'), ui).toBe('Sync status: Synced');
    await page.keyboard.press('Escape');
    await page.getByTestId('sync-details').waitFor({ state: 'detached', ...ui });
    route.failing.set('sync.now', { code: 'INTERNAL', message: 'Something went wrong. Try again.' });
    await page.locator('main').focus();
    await page.keyboard.press('s');
    const refused = page.getByTestId('sync-now-refused');
    await refused.waitFor(ui);
    expect(await refused.innerText()).toContain('Sync now did not run. Something went wrong. Try again.');
    // The status is as it was: the refusal was the app's, not a failed sync.
    expect(await state.getAttribute('aria-label')).toBe('Sync status: Synced');

    route.release();
    expect(pageErrors).toEqual([]);
  });

  it('lets a refusal that takes the place of the focused one go in its time', async () => {
    const state = page.getByTestId('sync-status');
    await expect.poll(() => state.getAttribute('aria-busy'), ui).toBe('false');
    const refused = page.getByTestId('sync-now-refused');
    // The last test's refusal gone first.
    await refused.waitFor({ state: 'detached', timeout: 20_000 });
    route.failing.set('sync.now', { code: 'INTERNAL', message: 'Something went wrong. Try again.' });
    await page.locator('main').focus();
    await page.keyboard.press('s');
    await refused.waitFor(ui);
    // Into the toast, and S again from there: a new refusal takes its place, the focus back on the page.
    await page.keyboard.press('F6');
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid="sync-now-refused"]') !== null), ui).toBe(true);
    const calls = route.calls.filter((channel) => channel === 'sync.now').length;
    await page.keyboard.press('s');
    await expect.poll(() => route.calls.filter((channel) => channel === 'sync.now').length, ui).toBe(calls + 1);
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName), ui).toBe('MAIN');
    expect(await refused.count()).toBe(1);
    // An error lingers 8 s, then goes: its clock runs though the focus was in the toast it replaced.
    await refused.waitFor({ state: 'detached', timeout: 20_000 });
    route.release();
    expect(pageErrors).toEqual([]);
  });
});
