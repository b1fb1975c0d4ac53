// Settings → Change password while the vault asks for a wait, in Chromium
// against the real headless shell, with the page's clock under the test's
// control. Wrong current passwords count toward the lock screen's wait, and
// the form counts it down as the lock screen does: one number of seconds
// on the form (the countdown's), ticking on the clock; Change password
// disabled and described by the countdown until the wait ends; then the
// countdown and a THROTTLED message go.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSection, ui } from './crm-steps';
import { followThrottledWait, followWaitStartedByWrongPasswords, pauseClock } from './countdown-steps';
import { useRoutedApp } from './ipc-route';

const password = 'a wait in the settings too';
const newPassword = 'the password after the wait';

const changeForm = { form: 'change-password-form', countdown: 'change-countdown', submit: 'change-submit', error: 'change-error' } as const;

describe('Change password during a wait', () => {
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
});
