// Settings → Rotate encryption key in Chromium against the real headless
// shell and vault: the first click only asks (what will happen, "Rotate now",
// Cancel), and neither it, Cancel nor Esc rotates anything: the vault header's
// key generation and the IPC calls say so. "Rotate now", reached by the
// keyboard, rotates once. In both languages. (Before, the first click rotated.)
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { readHeader } from '../../src-main/vault/vault-header';
import { focusedTestId, openSection, ui } from './crm-steps';
import { useRoutedApp } from './ipc-route';
import { setLanguage } from './layout-steps';

const password = 'ask before a long rotation';

/** The question the card asks (its group's accessible name) and its buttons. */
async function asked(page: Page): Promise<{ question: string; buttons: string[] }> {
  const group = page.getByTestId('rotate-key-confirm');
  return {
    question: await group.evaluate((element) => document.getElementById(element.getAttribute('aria-labelledby') ?? '')?.textContent ?? ''),
    buttons: await group.getByRole('button').allTextContents(),
  };
}

describe('the rotate-key card asks first', () => {
  const { route, app } = useRoutedApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  /** The generation of the data key the vault's header says is current. */
  async function keyGeneration(): Promise<number> {
    const header = await readHeader(app.shell.dataDir);
    if (header === null) throw new Error('no vault header');
    return header.current.generation;
  }

  const rotations = () => route.calls.filter((channel) => channel === 'vault.rotateKey').length;

  it('does not rotate on the first click, nor on Cancel or Esc, and puts the focus back on the button', async () => {
    await openSection(page, 'settings');
    const before = await keyGeneration();

    await page.getByTestId('rotate-key-button').click();
    await route.quiet(page, ui.timeout);
    expect(rotations()).toBe(0);
    expect(await keyGeneration()).toBe(before);
    expect(await page.getByTestId('rotate-key-done').count()).toBe(0);
    const question = page.getByTestId('rotate-key-confirm');
    await question.waitFor(ui);
    expect(await page.getByTestId('rotate-key-progress').count()).toBe(0);
    // The question has the focus, so a second Enter or click does not start the rotation unread.
    expect(await focusedTestId(page)).toBe('rotate-key-confirm');
    expect(await asked(page)).toEqual({
      question: 'FieldVault will now re-encrypt every record with a new key. Keep FieldVault open until it says it is done.',
      buttons: ['Rotate now', 'Cancel'],
    });

    await page.getByTestId('rotate-key-cancel').click();
    await question.waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await focusedTestId(page)).toBe('rotate-key-button');

    await page.keyboard.press('Enter');
    await question.waitFor(ui);
    await page.keyboard.press('Tab');
    expect(await focusedTestId(page)).toBe('rotate-key-confirmed');
    await page.keyboard.press('Escape');
    await question.waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await focusedTestId(page)).toBe('rotate-key-button');

    await route.quiet(page, ui.timeout);
    expect(rotations()).toBe(0);
    expect(await keyGeneration()).toBe(before);
    expect(await page.getByTestId('rotate-key-done').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('rotates once on "Rotate now", from the keyboard, and keeps the focus on the card', async () => {
    const before = await keyGeneration();
    await page.getByTestId('rotate-key-button').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('rotate-key-confirm').waitFor(ui);
    // Its end is said through a region the card held before it started (one inserted with its text is often not read).
    const said = page.getByTestId('rotate-key-said');
    expect(await said.count()).toBe(1);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByTestId('rotate-key-done').waitFor(ui);
    expect(await page.getByTestId('rotate-key-done').innerText()).toBe('The vault now uses a new encryption key.');
    await expect.poll(() => said.textContent(), ui).toBe('The vault now uses a new encryption key.');
    expect(rotations()).toBe(1);
    expect(await keyGeneration()).toBe(before + 1);
    expect(await focusedTestId(page)).toBe('rotate-key-button');
    expect(pageErrors).toEqual([]);
  });

  it('asks in Chinese when the UI is in Chinese', async () => {
    await setLanguage(page, 'zh-CN');
    try {
      await page.getByTestId('rotate-key-button').click();
      const question = page.getByTestId('rotate-key-confirm');
      await question.waitFor(ui);
      expect(await asked(page)).toEqual({ question: 'FieldVault 将立即用新的密钥重新加密所有记录。请保持 FieldVault 打开，直到它显示已完成。', buttons: ['立即轮换', '取消'] });
      await page.keyboard.press('Escape');
      await question.waitFor({ state: 'detached', timeout: ui.timeout });
    } finally {
      await setLanguage(page, 'en');
    }
    expect(rotations()).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
