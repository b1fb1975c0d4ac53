// The lock screen while an unlock brings the vault up to date after an app
// update, in Chromium against the real headless shell: with the unlock's
// answer held back, a vault.didStartMigration push (as the main process sends
// before each pending migration) makes the screen say the vault is being
// updated, step i of n, in English and in Chinese, in a status region, and a
// push with rows done of a total (a long migration's progress) adds a bar
// with the count and the percentage; an unlock without it shows only the
// ordinary busy state.
import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../src-shared/ipc/events';
import { lockVault, sendUnlock, ui, unlock } from './crm-steps';
import { watchFrames } from './first-frames';
import { useRoutedApp } from './ipc-route';
import { setLanguage } from './layout-steps';

const password = 'a vault brought up to date';

describe('the lock screen during an update of the vault', () => {
  const { route, app } = useRoutedApp({ context: { viewport: { width: 900, height: 700 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  // A test that failed half-way leaves no unlock held and the vault open for the next one.
  beforeEach(async () => {
    route.clear();
    if ((await page.getByTestId('unlock-form').count()) > 0) await unlock(page, password);
  });

  function push(step: EventPayload<'vault.didStartMigration'>): void {
    route.socket?.send(JSON.stringify({ type: 'event', event: 'vault.didStartMigration', payload: step }));
  }

  /** Locks, submits `typed` (the password unless told) with the unlock's answer held back, and waits for the call to be made. */
  async function unlockHeld(typed = password): Promise<void> {
    await lockVault(page);
    route.holding.add('vault.unlock');
    const before = route.calls.filter((channel) => channel === 'vault.unlock').length;
    await sendUnlock(page, typed);
    await expect.poll(() => route.calls.filter((channel) => channel === 'vault.unlock').length, ui).toBe(before + 1);
  }

  async function finish(): Promise<void> {
    route.release();
    await page.getByTestId('workspace').waitFor(ui);
  }

  it('says nothing more than its busy state when no migration is announced', async () => {
    await unlockHeld();
    await page.getByTestId('unlock-submit').filter({ hasText: 'Unlocking…' }).waitFor(ui);
    expect(await page.getByTestId('unlock-migrating').count()).toBe(0);
    await finish();
  });

  it('says the vault is being updated, with its step, when the main process announces migrations', async () => {
    await unlockHeld();
    push({ step: 1, steps: 2 });
    const notice = page.getByTestId('unlock-migrating');
    await notice.filter({ hasText: 'step 1 of 2' }).waitFor(ui);
    expect(await notice.innerText()).toBe(
      'Updating the vault for the new version of FieldVault (step 1 of 2). This happens once after an update and can take a minute on a large vault.',
    );
    expect(await notice.getAttribute('role')).toBe('status');
    // No rows reported yet: no bar.
    expect(await page.getByTestId('unlock-migrating-bar').count()).toBe(0);
    push({ step: 2, steps: 2 });
    await notice.filter({ hasText: 'step 2 of 2' }).waitFor(ui);
    await finish();
    expect(await notice.count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('does not show an earlier unlock’s step when the next one starts', async () => {
    // An unlock that hears of a migration, then fails (a wrong password here).
    await unlockHeld('not the password');
    push({ step: 1, steps: 2 });
    const notice = page.getByTestId('unlock-migrating');
    await notice.filter({ hasText: 'step 1 of 2' }).waitFor(ui);
    route.release();
    await page.getByTestId('unlock-error').waitFor(ui);
    expect(await notice.count()).toBe(0);

    // The next unlock says only that it is busy until a step of its own is announced.
    const frames = await watchFrames(page, '[data-testid="unlock-migrating"]');
    route.holding.add('vault.unlock');
    await sendUnlock(page, password);
    await page.getByTestId('unlock-submit').filter({ hasText: 'Unlocking…' }).waitFor(ui);
    expect((await frames()).filter((frame) => frame.text !== null)).toEqual([]);
    await finish();
    expect(pageErrors).toEqual([]);
  });

  it('shows how much of a long migration is done as a bar with the percentage, not its own units', async () => {
    await unlockHeld();
    push({ step: 1, steps: 1 });
    push({ step: 1, steps: 1, done: 250_000, total: 1_000_000 });
    const bar = page.getByTestId('unlock-migrating-bar');
    const count = page.getByTestId('unlock-migrating-count');
    await count.filter({ hasText: '25% done' }).waitFor(ui);
    expect(await count.innerText()).toBe('25% done');
    expect(await page.getByTestId('unlock-migrating').innerText()).toContain('step 1 of 1');
    expect(await bar.getAttribute('role')).toBe('progressbar');
    expect(await bar.getAttribute('aria-label')).toBe('Vault update progress');
    expect([await bar.getAttribute('aria-valuenow'), await bar.getAttribute('aria-valuemax')]).toEqual(['250000', '1000000']);
    expect(await bar.getAttribute('aria-valuetext')).toBe('25% done');
    const fill = async () => bar.locator('.meter__fill').evaluate((element) => element.getBoundingClientRect().width / (element.parentElement?.getBoundingClientRect().width ?? 1));
    // The fill's width eases to its value (a 200 ms transition): read once it has.
    await expect.poll(fill, ui).toBeCloseTo(0.25, 1);
    // Rounded down: not 100 % until the last row.
    push({ step: 1, steps: 1, done: 999_999, total: 1_000_000 });
    await count.filter({ hasText: '99% done' }).waitFor(ui);
    await expect.poll(fill, ui).toBeCloseTo(1, 1);
    await finish();
    expect(await bar.count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('says it in Chinese', async () => {
    await setLanguage(page, 'zh-CN');
    await unlockHeld();
    push({ step: 1, steps: 1 });
    const notice = page.getByTestId('unlock-migrating');
    await notice.filter({ hasText: '第 1 步，共 1 步' }).waitFor(ui);
    expect(await notice.innerText()).toBe('正在为新版 FieldVault 更新保险库（第 1 步，共 1 步）。更新后只需进行一次，保险库较大时可能需要约一分钟。');
    push({ step: 1, steps: 1, done: 12_345, total: 100_000 });
    await page.getByTestId('unlock-migrating-count').filter({ hasText: '已完成 12%' }).waitFor(ui);
    expect(await page.getByTestId('unlock-migrating-bar').getAttribute('aria-label')).toBe('保险库更新进度');
    await finish();
    await setLanguage(page, 'en');
    expect(pageErrors).toEqual([]);
  });
});
