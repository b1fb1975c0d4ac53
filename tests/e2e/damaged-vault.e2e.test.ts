// The lock screen when the vault's database is gone while its device key is
// still in the keychain (an antivirus quarantined vault.db, a restore left it
// out), in Chromium against the real headless shell, its real SQLCipher
// files and the real OS keychain. The right password is proven and the vault
// still cannot open; before, every try said "damaged" and nothing led out
// (erase was only for a missing device key, Settings is behind the lock).
// Now the screen offers to erase it with the password typed, and a wrong one
// is refused; then a new vault is set up.
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { lockVault, ui } from './crm-steps';

const password = 'files gone, key kept';

describe('a damaged vault on the lock screen', () => {
  let page: Page;
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;

  beforeAll(() => {
    ({ page } = app);
  });

  it('offers to erase it with its password, refuses a wrong one, and then sets up a new vault', async () => {
    await lockVault(page);
    for (const name of ['vault.db', 'vault.db-wal', 'vault.db-shm']) await rm(path.join(app.shell.dataDir, name), { force: true });

    await page.getByTestId('unlock-password').fill(password);
    await page.getByTestId('unlock-submit').click();
    await page.getByTestId('unlock-error').filter({ hasText: 'damaged' }).waitFor(ui);
    const erase = page.getByTestId('unlock-unopenable');
    await erase.waitFor(ui);
    expect(await erase.textContent()).toContain('This vault’s files are damaged and it cannot be opened, even with the right password.');

    // The password typed is what the erase sends: a wrong one erases nothing.
    await page.getByTestId('unlock-password').fill('not the password');
    await erase.getByTestId('unlock-erase').click();
    await erase.getByTestId('unlock-erase-confirmed').click();
    await erase.getByTestId('unlock-erase-error').waitFor(ui);
    expect(await readdir(app.shell.dataDir)).toContain('vault.json');

    await page.getByTestId('unlock-password').fill(password);
    await erase.getByTestId('unlock-erase-confirmed').click();
    await page.getByTestId('create-vault').waitFor(ui);
    expect((await readdir(app.shell.dataDir)).filter((name) => name.startsWith('vault.'))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
