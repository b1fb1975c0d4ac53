// A key rotation that fails half-way locks the vault (the next unlock settles
// which key the file is under: vault.failures.test.ts), and the window that
// asked loses its workspace and the error with it. The lock says why
// (`vault.didLock` with reason `rotation-failed`), and the lock screen says
// it until the next unlock; a later lock for another reason says nothing of
// it. In Chromium against the real headless shell and vault: the vault is
// really locked, and the lock's push is the one main sends after a failed
// rotation (pushed through the routed socket, as SQLCipher cannot be made to
// fail here on demand). Before, the lock screen said nothing.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { lockVault, ui, unlock } from './crm-steps';
import { useRoutedApp } from './ipc-route';

const password = 'a rotation cut short';

describe('the lock screen after a key rotation that did not finish', () => {
  const { route, app } = useRoutedApp({ password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('says the rotation did not finish until the next unlock', async () => {
    const locks = () => route.events.filter(({ event }) => event === 'vault.didLock').length;
    const before = locks();
    await lockVault(page);
    // The user's own lock has been said first: the push below is the last word, as after a failed rotation.
    await expect.poll(locks, ui).toBe(before + 1);
    route.socket?.send(JSON.stringify({ type: 'event', event: 'vault.didLock', payload: { reason: 'rotation-failed' } }));
    const notice = page.getByTestId('unlock-notice');
    await notice.waitFor(ui);
    expect(await notice.innerText()).toBe(
      'Rotating the encryption key did not finish, so FieldVault locked the vault. Your data is safe: unlock it to go on, then try the rotation again in Settings.',
    );
    await unlock(page, password);
    await lockVault(page);
    await page.getByTestId('unlock-password').waitFor(ui);
    expect(await notice.count()).toBe(0);
    await unlock(page, password);
    expect(pageErrors).toEqual([]);
  });
});
