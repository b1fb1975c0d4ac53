// A computer clock minutes off the sync server's, in Chromium against the real
// headless shell and vault and a real TLS sync server behind a fault proxy,
// whose clock the test moves (TestServer.advanceClock). After a sync that
// heard the server's time 15 minutes ahead, the sync dialog shows a notice
// asking for the clock to be set right, and the pill's details say it too, in
// English and in Chinese; a sync that finds the clocks agreeing takes it away.
// Before, nothing said so: the sync went through, and status reasons are for
// failed syncs only.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { accessibleText, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { setLanguage } from './layout-steps';
import { call, enrolThroughProxy, untilSynced, useProxiedServer } from './proxied-server';

const password = 'a clock set wrong';
const pill = '[data-testid="sync-status"]';
const minute = 60_000;
const behind = "This computer's clock is about 15 minutes behind the server's. Set it right (automatic time) so your edits are ordered correctly.";
const behindZh = '这台电脑的时钟比服务器慢约 15 分钟。请将其校正（开启自动设置时间），以便你的编辑按正确的顺序排列。';

describe('a computer clock off the server’s', () => {
  let page: Page;
  const route = new InjectingRoute();
  const sync = useProxiedServer();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password });
  const { pageErrors } = app;

  beforeAll(() => {
    ({ page } = app);
  });

  async function openDialog(): Promise<void> {
    await page.locator(pill).click();
    await page.getByTestId('sync-details').waitFor(ui);
  }

  async function closeDialog(): Promise<void> {
    await page.keyboard.press('Escape');
    await page.getByTestId('sync-details').waitFor({ state: 'detached', ...ui });
  }

  it('asks for the clock to be set right while it is 15 minutes behind, and no longer once it agrees', async () => {
    const userId = await sync.server.createUser('Rita Rep');
    await enrolThroughProxy(route, sync, userId);
    await untilSynced(route);
    await expect.poll(async () => (await accessibleText(page, pill)).name, ui).toBe('Sync status: Synced');
    await openDialog();
    expect(await page.getByTestId('sync-details-clock').count()).toBe(0);
    await closeDialog();

    // The server's clock 15 minutes on: the sync goes through, and says this clock is behind.
    sync.server.advanceClock(15 * minute);
    await call(route, 'sync.now', {});
    await expect.poll(async () => (await accessibleText(page, pill)).description, ui).toContain(behind);
    expect((await accessibleText(page, pill)).name).toBe('Sync status: Synced');
    await openDialog();
    await expect.poll(async () => page.getByTestId('sync-details-clock').textContent(), ui).toBe(behind);
    await closeDialog();

    // In Chinese, in its words.
    await setLanguage(page, 'zh-CN');
    await openDialog();
    await expect.poll(async () => page.getByTestId('sync-details-clock').textContent(), ui).toBe(behindZh);
    await closeDialog();
    await setLanguage(page, 'en');

    // The clocks agree again: the next sync takes the notice away.
    sync.server.advanceClock(-15 * minute);
    await call(route, 'sync.now', {});
    await expect.poll(async () => (await accessibleText(page, pill)).description, ui).not.toContain("This computer's clock");
    await openDialog();
    expect(await page.getByTestId('sync-details-clock').count()).toBe(0);
    await closeDialog();
    expect(pageErrors).toEqual([]);
  });
});
