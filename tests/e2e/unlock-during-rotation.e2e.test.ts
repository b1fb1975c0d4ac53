// The lock screen after a lock asked for during a key rotation, in Chromium
// against the real headless shell and vault. Main says such a lock at once
// (vault.didLock) but closes the vault, and answers the lock and any unlock,
// only once the rotation settles, minutes on a large vault; meanwhile its
// status says 'locked' with `rotating`. A real rotation ends too soon on a
// small vault, so the route plays the rotation's part: it holds the shell's
// answer to vault.lock back (the vault really locks, and says so) and answers
// vault.status with `rotating` until the rotation "ends". The lock screen says
// the key change is finishing, keeps Unlock disabled (no vault.unlock is sent
// to queue behind it), re-reads the status on its own, and takes the password
// once the rotation has ended. Before, it said nothing, and Unlock hung.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { VaultStatus } from '../../src-shared/ipc/contract';
import { ui, unlock } from './crm-steps';
import { useRoutedApp } from './ipc-route';

const password = 'a lock waits for the rekey';

describe('the lock screen while a key rotation finishes', () => {
  const { route, app } = useRoutedApp({ password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  const count = (channel: string) => route.calls.filter((called) => called === channel).length;

  it('says the key change is finishing, takes no password until it ends, then unlocks', async () => {
    const rotatingLocked: VaultStatus = { state: 'locked', failedAttempts: 0, maxFailedAttempts: 10, retryAfterMs: 0, rotating: true };
    route.answering.set('vault.status', rotatingLocked);
    route.holding.add('vault.lock');
    await page.getByTestId('lock-button').click();
    const notice = page.getByTestId('unlock-rotating');
    await notice.waitFor(ui);
    expect(await notice.innerText()).toBe('Finishing the key change… You can unlock when it ends.');
    const submit = page.getByTestId('unlock-submit');
    expect(await submit.isDisabled()).toBe(true);
    const noticeId = await notice.getAttribute('id');
    expect(await submit.getAttribute('aria-describedby')).toBe(noticeId);

    // The password can be typed, but nothing is sent while the rotation runs; the status is read again meanwhile.
    const reads = count('vault.status');
    await page.getByTestId('unlock-password').fill(password);
    await page.getByTestId('unlock-password').press('Enter');
    await expect.poll(() => count('vault.status'), ui).toBeGreaterThanOrEqual(reads + 2);
    expect(count('vault.unlock')).toBe(0);
    expect(await notice.count()).toBe(1);

    // The rotation ends: the status says so (read by the lock screen on its own), then the lock is answered.
    route.answering.delete('vault.status');
    await expect.poll(() => notice.count(), ui).toBe(0);
    expect(await submit.isDisabled()).toBe(false);
    expect(await submit.getAttribute('aria-describedby')).toBe(null);
    route.releaseAnswers();
    await expect.poll(() => route.answered.get('vault.lock') ?? 0, ui).toBe(1);

    await unlock(page, password);
    expect(count('vault.unlock')).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
