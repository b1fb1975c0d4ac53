// "Forgot password?" on the lock screen, in Chromium against the real headless
// shell, its real SQLCipher files and the real OS keychain: before, a user who
// forgot the password had only Unlock, and the only way to a new vault was ten
// wrong tries and about two minutes of forced waits, with nothing saying so.
// Now the lock screen offers a step, reached by keyboard, that says what is
// lost and what comes back, and erases the vault once ERASE is typed; the
// first-run screen follows and the shell answers that there is no vault.
import { readdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { focusedTestId, lockVault, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';

const password = 'a password long forgotten';

/** Tabs from the password field until `testId` has the focus (at most ten steps). */
async function tabTo(page: Page, testId: string): Promise<void> {
  for (let step = 0; step < 10 && (await focusedTestId(page)) !== testId; step += 1) await page.keyboard.press('Tab');
  expect(await focusedTestId(page)).toBe(testId);
}

describe('forgot password on the lock screen', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('explains, asks for the word, erases the vault and opens the first-run screen', async () => {
    await lockVault(page);
    await page.getByTestId('unlock-password').focus();
    await tabTo(page, 'unlock-forgot');
    await page.keyboard.press('Enter');
    const step = page.getByTestId('unlock-forgot-step');
    await step.waitFor(ui);
    expect(await focusedTestId(page)).toBe('unlock-forgot-step');
    const explainer = (await page.getByTestId('unlock-forgot-explainer').textContent()) ?? '';
    expect(explainer).toContain('No one can recover this vault’s data without its password');
    expect(explainer).toContain('the records already synced come back');
    expect(explainer).toContain('Changes not yet synced are lost for good');

    // Esc gives the focus back to "Forgot password?", and nothing is erased.
    await page.keyboard.press('Escape');
    await page.getByTestId('unlock-forgot').waitFor(ui);
    expect(await focusedTestId(page)).toBe('unlock-forgot');
    await page.keyboard.press('Enter');
    await step.waitFor(ui);

    // Another word is refused on the page: the vault stays.
    await page.getByTestId('unlock-forgot-word').fill('erase it');
    await page.getByTestId('unlock-forgot-word').press('Enter');
    expect(await page.getByTestId('unlock-forgot-form').textContent()).toContain('Type ERASE exactly as shown to erase the vault.');
    expect(await route.invoke('vault.status', {})).toMatchObject({ ok: true, value: { state: 'locked' } });

    await page.getByTestId('unlock-forgot-word').fill('ERASE');
    await page.getByTestId('unlock-forgot-word').press('Enter');
    await page.getByTestId('create-vault-form').waitFor(ui);
    // The user's own choice: no "wiped" notice on the first-run screen.
    expect(await page.getByTestId('create-vault').textContent()).not.toContain('wiped');
    const status = await route.invoke('vault.status', {});
    expect(status).toEqual({ ok: true, value: { state: 'none', failedAttempts: 0, maxFailedAttempts: 10, retryAfterMs: 0, rotating: false } });
    expect((await readdir(app.shell.dataDir)).filter((name) => name.startsWith('vault.'))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
