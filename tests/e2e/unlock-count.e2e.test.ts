// The lock screen's count of attempts left after the right password, when the
// vault stays locked all the same (a lock queued behind the unlock, the lid
// closed while it ran, answers "locked"): the right password reset the vault's
// count, so the count the last wrong password gave goes with it, and the next
// wrong password's count is the one said. In Chromium against the real headless
// shell; the vault's answers are sent by the route (the race that answers an
// unlock with "locked" cannot be timed from here, and real wrong passwords wait
// between them).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { VaultStatus } from '../../src-shared/ipc/contract';
import { WrongPasswordError } from '../../src-shared/ipc/errors';
import { sendUnlock, ui, unlock } from './crm-steps';
import { useRoutedApp } from './ipc-route';

const password = 'the right one, too late';

const eightLeft = '8 attempts left before the vault on this device is wiped.';
const nineLeft = '9 attempts left before the vault on this device is wiped.';

describe('the attempts left after an unlock that stayed locked', () => {
  const { route, app } = useRoutedApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('drops the count of the last wrong password once the right one was taken', async () => {
    await page.keyboard.press('Control+l');
    await page.getByTestId('unlock-password').waitFor(ui);

    route.failing.set('vault.unlock', new WrongPasswordError(8).toWire());
    await sendUnlock(page, 'not the password');
    await page.getByTestId('unlock-error').filter({ hasText: eightLeft }).waitFor(ui);
    route.failing.clear();

    // The right password: the vault opened and reset its count, then locked again before the answer was read.
    const stillLocked: VaultStatus = { state: 'locked', failedAttempts: 0, maxFailedAttempts: 10, retryAfterMs: 0 };
    route.answering.set('vault.unlock', stillLocked);
    await sendUnlock(page, password);
    await page.waitForFunction(() => (document.querySelector<HTMLInputElement>('[data-testid="unlock-password"]')?.value ?? '') === '', null, ui);
    await route.quiet(page, ui.timeout);
    expect(route.calls.filter((channel) => channel === 'vault.unlock')).toHaveLength(2);
    await page.getByTestId('unlock-submit').and(page.locator(':not([aria-busy="true"])')).waitFor(ui);
    expect(await page.getByTestId('unlock-error').count()).toBe(0);
    // Before, "8 attempts left…" stayed, from a count the vault no longer had.
    expect(await page.getByTestId('unlock-attempts').allTextContents()).toEqual([]);
    route.answering.clear();

    // The next wrong password says its own count.
    route.failing.set('vault.unlock', new WrongPasswordError(9).toWire());
    await sendUnlock(page, 'wrong again');
    expect(await page.getByTestId('unlock-error').filter({ hasText: nineLeft }).innerText()).toContain(nineLeft);
    route.clear();

    await unlock(page, password);
    expect(pageErrors).toEqual([]);
  });
});
