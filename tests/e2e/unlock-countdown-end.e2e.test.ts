// The lock screen's countdown once its wait is over, in Chromium against the
// real headless shell: the timer that ticks it (every 250 ms) stops with the
// wait, not when the lock screen closes. The page's setInterval and
// clearInterval are wrapped before the app loads, so the test can read which
// intervals are still running. A THROTTLED answer keeps the password typed
// (it was never tried), and an unlock answered "locked" (a lock queued
// behind it ran) leaves the form ready for another try. A status that could
// not be read offers Try again.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { lockVault, sendUnlock, ui, unlock } from './crm-steps';
import { useRoutedApp } from './ipc-route';

const password = 'a countdown that stops';

/** The delays of the page's intervals that are still running. */
function runningIntervals(page: Page): Promise<number[]> {
  return page.evaluate(() => (Reflect.get(window, '__runningIntervals') as () => number[])());
}

describe('the unlock countdown once the wait is over', () => {
  const { route, app } = useRoutedApp({
    context: { viewport: { width: 900, height: 700 } },
    beforeLoad: async (page) => {
      await page.addInitScript(() => {
        const running = new Map<number, number>();
        const setInterval = window.setInterval.bind(window);
        const clearInterval = window.clearInterval.bind(window);
        Reflect.set(window, 'setInterval', (handler: TimerHandler, timeout?: number, ...args: unknown[]) => {
          const id = setInterval(handler, timeout, ...args);
          running.set(id, timeout ?? 0);
          return id;
        });
        Reflect.set(window, 'clearInterval', (id?: number) => {
          if (id !== undefined) running.delete(id);
          clearInterval(id);
        });
        Reflect.set(window, '__runningIntervals', () => [...running.values()].sort((a, b) => a - b));
      });
    },
    password,
  });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('stops ticking when the wait ends, while the lock screen stays open', async () => {
    await lockVault(page);
    const before = await runningIntervals(page);

    route.failing.set('vault.unlock', { code: 'THROTTLED', message: 'Too many attempts. Try again shortly.', retryAfterMs: 1_000 });
    await sendUnlock(page, 'not the password');
    const countdown = page.getByTestId('unlock-countdown');
    await countdown.waitFor(ui);
    // While the wait runs, its timer does.
    expect(await runningIntervals(page)).toEqual([...before, 250].sort((a, b) => a - b));

    // THROTTLED never tried the password: it stays typed for when the wait ends.
    expect(await page.getByTestId('unlock-password').inputValue()).toBe('not the password');
    await countdown.waitFor({ state: 'detached', ...ui });
    expect(await page.getByTestId('unlock-submit').isEnabled()).toBe(true);
    // The tick that ended the countdown stopped its timer; the lock screen is still open.
    expect(await runningIntervals(page)).toEqual(before);
    expect(await page.getByTestId('unlock-password').isVisible()).toBe(true);

    route.clear();
    await unlock(page, password);
    expect(pageErrors).toEqual([]);
  });

  it('stays ready for another try when an unlock answers that the vault is locked again (a lock queued behind it ran)', async () => {
    await lockVault(page);
    route.answering.set('vault.unlock', { state: 'locked', failedAttempts: 0, maxFailedAttempts: 10, retryAfterMs: 0 });
    const sent = route.calls.filter((channel) => channel === 'vault.unlock').length;
    await sendUnlock(page, password);
    await expect.poll(() => route.calls.filter((channel) => channel === 'vault.unlock').length, ui).toBe(sent + 1);
    // Not stuck on "Unlocking…": the form takes the next try, and it opens the vault.
    await expect.poll(() => page.getByTestId('unlock-submit').textContent(), ui).toBe('Unlock');
    route.clear();
    await unlock(page, password);
    expect(pageErrors).toEqual([]);
  });

  it('offers Try again when the vault’s status could not be read, and shows the lock screen once it can', async () => {
    await lockVault(page);
    route.failing.set('vault.status', { code: 'INTERNAL', message: 'Something went wrong.' });
    await page.reload();
    await page.getByTestId('vault-status-error').waitFor(ui);
    route.clear();
    await page.getByTestId('vault-status-retry').click();
    await page.getByTestId('unlock-password').waitFor(ui);
    await unlock(page, password);
    expect(pageErrors).toEqual([]);
  });
});
