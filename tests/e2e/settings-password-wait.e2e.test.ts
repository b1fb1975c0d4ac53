// Settings → Change password and Delete this vault while the vault asks for
// a wait, in Chromium against the real headless shell, with the page's clock
// under the test's control. Wrong passwords in either form count toward the
// lock screen's wait, and each form counts it down as the lock screen does:
// one number of seconds on the form (the countdown's), ticking on the clock;
// its button disabled and described by the countdown until the wait ends;
// then the countdown and a THROTTLED message go. The wait is one: a wait
// started in one form shows in the other too.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { focusedTestId, openSection, ui } from './crm-steps';
import { followThrottledWait, followWaitStartedByWrongPasswords, pauseClock } from './countdown-steps';
import { useRoutedApp } from './ipc-route';

const password = 'a wait in the settings too';
const newPassword = 'the password after the wait';

const changeForm = { form: 'change-password-form', countdown: 'change-countdown', submit: 'change-submit', error: 'change-error' } as const;
const destroyForm = { form: 'destroy-form', countdown: 'destroy-countdown', submit: 'destroy-submit', error: 'destroy-error' } as const;

describe('The password forms of Settings during a wait', () => {
  const { route, app } = useRoutedApp({
    context: { viewport: { width: 1280, height: 800 } },
    beforeLoad: (page) => page.clock.install(),
    password,
  });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  /** Fills the form with `current` and the new password, and sends it. */
  async function send(current: string): Promise<void> {
    await page.getByTestId('change-current').fill(current);
    await page.getByTestId('change-next').fill(newPassword);
    await page.getByTestId('change-confirm').fill(newPassword);
    await page.getByTestId('change-confirm').press('Enter');
  }

  /** Fills Delete this vault with `password`, ticks its box, and presses Delete (which the answer may disable). */
  async function sendDestroy(password: string): Promise<void> {
    await page.getByTestId('destroy-password').fill(password);
    await page.getByTestId('destroy-confirm').check();
    await page.getByTestId('destroy-submit').click();
  }

  it('counts a THROTTLED wait down, with Change password disabled, and clears both when it ends', async () => {
    await openSection(page, 'settings');
    await pauseClock(page, 1_000);
    route.failing.set('vault.changePassword', { code: 'THROTTLED', message: 'Too many failed attempts. Try again in 3 s.', retryAfterMs: 3_000 });
    await send('not the password');
    await followThrottledWait(page, changeForm);
    route.clear();
    await page.clock.resume();
    expect(pageErrors).toEqual([]);
  });

  it('starts the countdown at the wrong current password that starts a wait, and takes the right one after it', async () => {
    await openSection(page, 'settings');
    await pauseClock(page, 1_000);
    await followWaitStartedByWrongPasswords(page, changeForm, send);
    await send(password);
    await page.getByTestId('change-success').waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('counts a THROTTLED wait of Delete this vault down there and in Change password, with the password field focused', async () => {
    await openSection(page, 'settings');
    await pauseClock(page, 1_000);
    route.failing.set('vault.destroy', { code: 'THROTTLED', message: 'Too many failed attempts. Try again in 3 s.', retryAfterMs: 3_000 });
    await sendDestroy('not the password');
    await page.getByTestId('destroy-countdown').filter({ hasText: 'Try again in 3 s' }).waitFor(ui);
    // One wait: Change password waits with it.
    await page.getByTestId('change-countdown').filter({ hasText: 'Try again in 3 s' }).waitFor(ui);
    expect(await page.getByTestId('change-submit').isDisabled()).toBe(true);
    // Delete is disabled now, so the focus is where the next try is typed, not on the page.
    expect(await focusedTestId(page)).toBe('destroy-password');
    await followThrottledWait(page, destroyForm);
    expect(await page.getByTestId('change-countdown').count()).toBe(0);
    expect(await page.getByTestId('change-submit').isEnabled()).toBe(true);
    route.clear();
    await page.clock.resume();
    expect(pageErrors).toEqual([]);
  });

  it('shows a wait started before Settings was opened, with both forms waiting', async () => {
    await openSection(page, 'contacts');
    await pauseClock(page, 1_000);
    // The vault asks for a wait (wrong passwords here, then another page): its status says so.
    route.answering.set('vault.status', { state: 'unlocked', failedAttempts: 3, maxFailedAttempts: 10, retryAfterMs: 3_000 });
    await openSection(page, 'settings');
    await page.getByTestId('change-countdown').filter({ hasText: 'Try again in 3 s' }).waitFor(ui);
    expect(await page.getByTestId('change-submit').isDisabled()).toBe(true);
    await page.getByTestId('destroy-countdown').filter({ hasText: 'Try again in 3 s' }).waitFor(ui);
    route.clear();
    await page.clock.runFor(3_100);
    await expect.poll(() => page.getByTestId('change-countdown').count(), ui).toBe(0);
    await page.clock.resume();
    expect(pageErrors).toEqual([]);
  });

  it('starts the countdown at the wrong password in Delete this vault that starts a wait, in Change password too', async () => {
    await openSection(page, 'settings');
    await pauseClock(page, 1_000);
    await followWaitStartedByWrongPasswords(page, destroyForm, async (typed) => {
      await sendDestroy(typed);
      if (typed.endsWith('3')) {
        await page.getByTestId('change-countdown').filter({ hasText: 'Try again in 1 s' }).waitFor(ui);
        expect(await page.getByTestId('change-submit').isDisabled()).toBe(true);
      }
    });
    expect(await focusedTestId(page)).toBe('destroy-password');
    expect(await page.getByTestId('destroy-password').inputValue()).toBe('');
    expect(pageErrors).toEqual([]);
  });
});
