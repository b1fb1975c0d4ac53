// Settings → Rotate encryption key, left while the rotation runs, in Chromium
// against the real headless shell and vault. Met again, the card says the
// rotation is running and offers no second start, then says how it ended.
// Before, the card forgot it on leaving Settings: it came back idle with
// "Rotate key" ready, never said "done", and a second click queued another
// rotation. The shell's answer to the page's rotateKey is held to keep the
// rotation running for the page; a rotation the page did not start (after a
// reload, or another window's) is learnt from vault.status's `rotating`,
// answered by the route since a real one ends too soon on a small vault.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { VaultStatus } from '../../src-shared/ipc/contract';
import { readHeader } from '../../src-main/vault/vault-header';
import { openSection, ui } from './crm-steps';
import { useRoutedApp } from './ipc-route';

const password = 'a rotation outlives its card';

describe('the rotate-key card met again while a rotation runs', () => {
  const { route, app } = useRoutedApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  async function keyGeneration(): Promise<number> {
    const header = await readHeader(app.shell.dataDir);
    if (header === null) throw new Error('no vault header');
    return header.current.generation;
  }

  const rotations = () => route.calls.filter((channel) => channel === 'vault.rotateKey').length;

  /** What the card shows: its progress line, its button's state, and whether it said "done". */
  async function card(): Promise<{ progress: string | null; buttonDisabled: string | null; done: number; asking: number }> {
    const progress = page.getByTestId('rotate-key-progress');
    return {
      progress: (await progress.count()) === 0 ? null : await progress.innerText(),
      buttonDisabled: await page.getByTestId('rotate-key-button').getAttribute('aria-disabled'),
      done: await page.getByTestId('rotate-key-done').count(),
      asking: await page.getByTestId('rotate-key-confirm').count(),
    };
  }

  it('says the rotation this page started still runs after Settings was left, offers no second start, then says it is done', async () => {
    await openSection(page, 'settings');
    const before = await keyGeneration();
    route.holding.add('vault.rotateKey');
    await page.getByTestId('rotate-key-button').click();
    await page.getByTestId('rotate-key-confirmed').click();
    await expect.poll(() => route.heldAnswers, ui).toBe(1);

    await openSection(page, 'contacts');
    await openSection(page, 'settings');
    await page.getByTestId('rotate-key-progress').waitFor(ui);
    expect(await card()).toEqual({ progress: 'Rotating the encryption key…', buttonDisabled: 'true', done: 0, asking: 0 });
    await expect.poll(() => page.getByTestId('rotate-key-said').textContent(), ui).toBe('Rotating the encryption key…');

    // No second start: the button (aria-disabled, so still focusable) neither asks nor rotates.
    await page.getByTestId('rotate-key-button').focus();
    await page.keyboard.press('Enter');
    await route.quiet(page, ui.timeout);
    expect(await card()).toEqual({ progress: 'Rotating the encryption key…', buttonDisabled: 'true', done: 0, asking: 0 });
    expect(rotations()).toBe(1);

    route.releaseAnswers();
    await page.getByTestId('rotate-key-done').waitFor(ui);
    expect(await card()).toEqual({ progress: null, buttonDisabled: 'false', done: 1, asking: 0 });
    expect(await page.getByTestId('rotate-key-done').innerText()).toBe('The vault now uses a new encryption key.');
    expect(rotations()).toBe(1);
    expect(await keyGeneration()).toBe(before + 1);
    expect(pageErrors).toEqual([]);
  });

  it('says a rotation the vault reports running (started before a reload) runs, and that it is done once the vault says it ended', async () => {
    const unlocked: VaultStatus = { state: 'unlocked', failedAttempts: 0, maxFailedAttempts: 10, retryAfterMs: 0 };
    route.answering.set('vault.status', { ...unlocked, rotating: true });
    try {
      await page.reload();
      await page.getByTestId('workspace').waitFor(ui);
      await openSection(page, 'settings');
      await page.getByTestId('rotate-key-progress').waitFor(ui);
      expect(await card()).toEqual({ progress: 'Rotating the encryption key…', buttonDisabled: 'true', done: 0, asking: 0 });
      await page.getByTestId('rotate-key-button').focus();
      await page.keyboard.press('Enter');
      await route.quiet(page, ui.timeout);
      expect(await card()).toEqual({ progress: 'Rotating the encryption key…', buttonDisabled: 'true', done: 0, asking: 0 });

      route.answering.set('vault.status', { ...unlocked, rotating: false });
      await page.getByTestId('rotate-key-done').waitFor(ui);
      expect(await card()).toEqual({ progress: null, buttonDisabled: 'false', done: 1, asking: 0 });
    } finally {
      route.answering.delete('vault.status');
    }
    expect(rotations()).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
