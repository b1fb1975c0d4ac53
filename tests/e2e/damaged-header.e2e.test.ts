// The lock screen when the vault's header (vault.json) is damaged, in Chromium
// against the real headless shell, its real SQLCipher files and the real OS
// keychain. Before, the status read failed and the screen said "The vault on
// this device is damaged." with only Retry, which failed the same way
// forever. Now the lock screen says it is damaged and offers to erase it, with
// the usual confirmation and no password (none can be tried against it); then
// a new vault is set up.
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { lockVault, ui } from './crm-steps';

const password = 'header torn, files kept';

describe('a vault whose header is damaged, on the lock screen', () => {
  let page: Page;
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;

  beforeAll(() => {
    ({ page } = app);
  });

  it('offers only an erase, which asks first, and then sets up a new vault', async () => {
    await lockVault(page);
    await writeFile(path.join(app.shell.dataDir, 'vault.json'), '{');
    await page.reload();

    await page.getByTestId('unlock-header-damaged').waitFor(ui);
    expect(await page.getByTestId('vault-status-retry').count()).toBe(0);
    expect(await page.getByTestId('unlock-password').count()).toBe(0);
    const erase = page.getByTestId('unlock-unopenable');
    expect(await erase.textContent()).toContain('This vault’s settings file (vault.json) is damaged, so no password can open it.');

    // Cancel erases nothing.
    await erase.getByTestId('unlock-erase').click();
    await erase.getByTestId('unlock-erase-cancel').click();
    await erase.getByTestId('unlock-erase').waitFor(ui);
    expect(await readdir(app.shell.dataDir)).toContain('vault.json');

    await erase.getByTestId('unlock-erase').click();
    await erase.getByTestId('unlock-erase-confirmed').click();
    await page.getByTestId('create-vault').waitFor(ui);
    expect((await readdir(app.shell.dataDir)).filter((name) => name.startsWith('vault.'))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
