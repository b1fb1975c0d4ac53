// After a failed sync the sync dialog and the pill's details say when the
// next try is, in Chromium against the real headless shell and vault and a
// real TLS sync server behind a fault proxy. The proxy answers every request
// as a server refusing this device's clock (clock_skew, which no retry soon
// can mend): the engine retries at its 5-minute cap, so the next try is named
// by its time of day; with the page's clock moved on (page.clock) the dialog,
// still open, counts down in seconds, in English and in Chinese. The pill's
// accessible name stays short. Once the server takes the device's requests
// again, Sync now brings it back and no next try is named.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SyncStatus } from '../../src-shared/sync/client-api';
import { useApp } from './app';
import { accessibleText, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { setLanguage } from './layout-steps';
import { call, enrolThroughProxy, useProxiedServer } from './proxied-server';

const password = 'a next try named';
const pill = '[data-testid="sync-status"]';

describe('the next try after a failed sync', () => {
  let page: Page;
  const route = new InjectingRoute();
  const sync = useProxiedServer();
  // The page's clock starts at the real time and flows on from there until the test moves it.
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password, beforeLoad: (page) => page.clock.install() });
  const { pageErrors } = app;

  beforeAll(() => {
    ({ page } = app);
  });

  /** The dialog's last line, once it reads as `pattern`, and the page's time then. */
  async function lastLine(pattern: RegExp): Promise<{ text: string; now: number }> {
    const items = page.getByTestId('sync-details').locator('.sync-details__list li');
    await expect.poll(async () => (await items.allTextContents()).at(-1) ?? '', ui).toMatch(pattern);
    const text = (await items.allTextContents()).at(-1) ?? '';
    return { text, now: await page.evaluate(() => Date.now()) };
  }

  /** The seconds the countdown `text` names lie within a second of what is left until `at` at `now`. */
  function expectCountdown(text: string, pattern: RegExp, at: number, now: number): void {
    const seconds = Number(pattern.exec(text)?.[1]);
    expect(seconds).toBeGreaterThanOrEqual(Math.ceil((at - now) / 1_000) - 1);
    expect(seconds).toBeLessThanOrEqual(Math.ceil((at - now) / 1_000) + 1);
  }

  it('names the next try in the dialog and the pill, and counts down as the clock moves on', async () => {
    const userId = await sync.server.createUser('Rita Rep');
    await enrolThroughProxy(route, sync, userId);
    await expect.poll(async () => (await accessibleText(page, pill)).name, ui).toBe('Sync status: Synced');
    expect((await accessibleText(page, pill)).description).not.toContain('Next try');

    // Refused for its clock: the retry waits the whole cap, 5 minutes.
    sync.proxy.rule = () => 'clock-skew';
    const failed = SyncStatus.parse(await call(route, 'sync.now', {}));
    expect(failed.state).toBe('error');
    const at = failed.nextTryAt ?? 0;
    expect(at - Date.now()).toBeGreaterThan(4 * 60_000);
    expect(at - Date.now()).toBeLessThanOrEqual(5 * 60_000);

    await page.locator(pill).click();
    await page.getByTestId('sync-details').waitFor(ui);
    const time = await page.evaluate((ms) => new Intl.DateTimeFormat(document.documentElement.lang, { timeStyle: 'short' }).format(ms), at);
    expect((await lastLine(/^Next try at /u)).text).toBe(`Next try at ${time}`);
    // The pill says it too, in its description (read here as text: the open dialog makes the pill inert); its name stays short.
    expect(await page.getByTestId('sync-status-details').textContent()).toMatch(new RegExp(`Next try at ${time}\\.$`, 'u'));
    expect(await page.locator(pill).getAttribute('aria-label')).toBe('Sync status: Sync failed');

    // Under 2 minutes away the open dialog counts down in seconds…
    const inSeconds = /^Next try in (\d+) s$/u;
    await page.clock.fastForward(Math.max(0, at - (await page.evaluate(() => Date.now())) - 90_000));
    const first = await lastLine(inSeconds);
    expectCountdown(first.text, inSeconds, at, first.now);
    // …and follows the clock while it stays open.
    await page.clock.fastForward(30_000);
    const later = await lastLine(new RegExp(`^Next try in (${Number(inSeconds.exec(first.text)?.[1]) - 30}|${Number(inSeconds.exec(first.text)?.[1]) - 31}) s$`, 'u'));
    expectCountdown(later.text, inSeconds, at, later.now);
    await page.keyboard.press('Escape');
    await page.getByTestId('sync-details').waitFor({ state: 'detached', ...ui });
    expect(await accessibleText(page, pill)).toEqual({ name: 'Sync status: Sync failed', description: expect.stringMatching(/Next try in \d+ s\.$/u) as unknown });

    // In Chinese, the same countdown in its words.
    await setLanguage(page, 'zh-CN');
    await page.locator(pill).click();
    await page.getByTestId('sync-details').waitFor(ui);
    const chinese = /^(\d+) 秒后重试$/u;
    const zh = await lastLine(chinese);
    expectCountdown(zh.text, chinese, at, zh.now);
    await page.keyboard.press('Escape');
    await page.getByTestId('sync-details').waitFor({ state: 'detached', ...ui });
    await setLanguage(page, 'en');

    // The server takes the device's requests again: synced, and no next try is named.
    sync.proxy.rule = () => 'pass';
    expect(SyncStatus.parse(await call(route, 'sync.now', {}))).toMatchObject({ state: 'online', nextTryAt: null });
    await expect.poll(async () => (await accessibleText(page, pill)).name, ui).toBe('Sync status: Synced');
    expect((await accessibleText(page, pill)).description).not.toContain('Next try');
    expect(pageErrors).toEqual([]);
  });
});
