// The sync pill's live region when one failed sync follows another, in
// Chromium against the real headless shell and vault, the statuses pushed to
// the page as the shell pushes them (sync.didChangeStatus). A failure says
// why; a later failure for another reason is said again (before, the region
// changed only with the state, so a second, different error was never
// announced), and a retry failing for the same reason is not.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ui } from './crm-steps';
import { watchFrames } from './first-frames';
import { useInjectingApp } from './injecting-route';

const password = 'one failure after another';
const announced = '[data-testid="sync-status-announced"]';

const revoked = 'This device was removed from the organisation. Ask your administrator for a new enrolment code.';
const upgrade = 'The sync server needs a newer version of FieldVault. Update the app to sync again.';

/** A status as the shell pushes it: `state`, and the last error with its reason code. */
function status(state: 'online' | 'syncing' | 'error', error: { message: string; code: 'device_revoked' | 'upgrade_required' } | null) {
  return {
    state,
    pendingCount: 0,
    lastSuccessAt: 1_700_000_000_000,
    lastError: error?.message ?? null,
    lastErrorReason: error === null ? null : { code: error.code },
    received: 0,
    total: null,
    openConflicts: 0,
    unsentRecords: 0,
    nextTryAt: null,
    clockSkew: null,
  };
}

describe('the sync pill announcing failures', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('says a failure for another reason than the one before, and not the same one again', async () => {
    await page.getByTestId('sync-status').waitFor(ui);
    route.emit('sync.didChangeStatus', status('online', null));
    await expect.poll(() => page.getByTestId('sync-status').getAttribute('aria-label'), ui).toBe('Sync status: Synced');
    const said = await watchFrames(page, announced);

    route.emit('sync.didChangeStatus', status('error', { message: revoked, code: 'device_revoked' }));
    await expect.poll(() => page.locator(announced).textContent(), ui).toBe(`Sync failed. ${revoked}`);
    // A retry: "Syncing…" is passed over, and the same failure is not said again.
    route.emit('sync.didChangeStatus', status('syncing', { message: revoked, code: 'device_revoked' }));
    route.emit('sync.didChangeStatus', status('error', { message: revoked, code: 'device_revoked' }));
    // Another failure: said, though the state stays "Sync failed".
    route.emit('sync.didChangeStatus', status('syncing', { message: revoked, code: 'device_revoked' }));
    route.emit('sync.didChangeStatus', status('error', { message: upgrade, code: 'upgrade_required' }));
    await expect.poll(() => page.locator(announced).textContent(), ui).toBe(`Sync failed. ${upgrade}`);
    route.emit('sync.didChangeStatus', status('online', null));
    await expect.poll(() => page.locator(announced).textContent(), ui).toBe('Synced');

    // What the region held before the first failure (the end of "Not connected", or nothing) is not this test's.
    expect((await said()).map((frame) => frame.text).slice(1)).toEqual([`Sync failed. ${revoked}`, `Sync failed. ${upgrade}`, 'Synced']);
    expect(pageErrors).toEqual([]);
  });
});
