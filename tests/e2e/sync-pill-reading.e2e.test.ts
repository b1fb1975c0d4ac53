// What a screen reader reads for the sync pill, in Chromium against the real
// headless shell and vault and a real TLS sync server behind a fault proxy:
// its accessible name is short (what it is and its state), its description
// holds the details once, as sentences in the UI language's punctuation.
// Before, the details were in both (read twice) and joined with " · " after a
// sentence's own stop ("… in Settings. · 0 changes waiting"), and the count of
// changes a sync under way has received was in neither (it now names the
// total the server sent with the snapshot's first page). Checked as Chromium's
// accessibility tree computes them, in English and in Chinese, not connected,
// during a first sync with its count, synced, with a conflict to review, and
// offline after a failed sync (with when the next try is).
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { contactValues, enrolmentCode, protocolDevice, type TestDevice } from '../support/sync-server';
import { useApp } from './app';
import { accessibleText, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { setLanguage } from './layout-steps';
import { call, useProxiedServer } from './proxied-server';

const password = 'a pill read out once';
const pill = '[data-testid="sync-status"]';

interface Reading {
  readonly name: string;
  /** Or, where it names a time that moves on (the next try), a pattern. */
  readonly description: string | RegExp;
}

describe('the sync pill as a screen reader reads it', () => {
  let page: Page;
  let laptop: TestDevice;
  const route = new InjectingRoute();
  const contactId = randomUUID();

  const sync = useProxiedServer();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password });
  const { pageErrors } = app;

  beforeAll(() => {
    ({ page } = app);
  });

  afterEach(async () => {
    sync.proxy.rule = () => 'pass';
    if ((await page.evaluate(() => document.documentElement.lang)) !== 'en') await setLanguage(page, 'en');
  });

  /** Waits until the pill reads `expected` in `language` (the counts arrive by pushes), and checks it says each detail once. */
  async function readsIn(language: 'en' | 'zh-CN', expected: Reading): Promise<void> {
    await setLanguage(page, language);
    const wanted = { name: expected.name, description: typeof expected.description === 'string' ? expected.description : (expect.stringMatching(expected.description) as unknown) };
    await expect.poll(() => accessibleText(page, pill), ui).toEqual(wanted);
    // Playwright's own computation finds the button by the short name.
    expect(await page.getByRole('button', { name: expected.name, exact: true }).count()).toBe(1);
    const { name } = expected;
    const { description } = await accessibleText(page, pill);
    // No separator left over, no doubled or stray stop.
    expect(description).not.toMatch(/·|\.\s*\.|。\s*。|\s[.。]/);
    // The name says nothing the description says.
    expect(description).not.toContain(name.slice(name.indexOf(language === 'en' ? ': ' : '：') + 1).trim());
  }

  it('reads a device not connected to a sync server', async () => {
    await readsIn('en', {
      name: 'Sync status: Not connected to a sync server',
      description: 'To sync, connect this device to your organisation’s sync server in Settings. 0 changes waiting. Never synced.',
    });
    await readsIn('zh-CN', {
      name: '同步状态：未连接同步服务器',
      description: '要同步，请在“设置”中将此设备连接到你的组织的同步服务器。0 项更改待同步。从未同步。',
    });
    expect(pageErrors).toEqual([]);
  });

  it('reads the count a first sync has received while it runs, then the synced state', async () => {
    const userId = await sync.server.createUser('Rita Rep');
    laptop = await protocolDevice(sync.server, userId);
    await laptop.push([
      laptop.upsert('contacts', contactId, contactValues(userId, { name: 'Ada Lovelace', title: 'Analyst' })),
      laptop.upsert('contacts', randomUUID(), contactValues(userId, { name: 'Bo Chen' })),
      laptop.upsert('contacts', randomUUID(), contactValues(userId, { name: 'Mei Lin' })),
    ]);
    // The first sync waits for the people directory, after the records are in: it runs with its count.
    const directory = sync.proxy.hold('/v1/users');
    const enrolled = call(route, 'sync.enrol', { serverUrl: sync.proxy.url, caCertificatePem: sync.server.caPem, enrolmentCode: await enrolmentCode(sync.server, userId) });
    await directory.arrived;
    // The snapshot's first page named its total: the count is "of 3", and the name stays short.
    await readsIn('en', { name: 'Sync status: Syncing…', description: '3 of 3 changes received. 0 changes waiting. Never synced.' });
    await readsIn('zh-CN', { name: '同步状态：正在同步…', description: '已接收 3 / 3 项更改。0 项更改待同步。从未同步。' });
    // The pill draws the bar too (its description reads it): all 3 of 3, a full bar.
    // The fill's share of its bar, both measured in one frame (the dialog grows in as it opens, so two
    // separate measurements could each catch another size), polled while the fill's width transition runs.
    const filled = (bar: string) =>
      page.locator(`${bar} .meter__fill`).evaluate((fill) => fill.getBoundingClientRect().width / (fill.parentElement?.getBoundingClientRect().width ?? 1));
    await expect.poll(() => filled(`${pill} .sync-progress`), ui).toBeCloseTo(1, 2);
    // The sync dialog opened meanwhile lists the count too, with a progress bar a screen reader can query.
    await page.getByTestId('sync-status').click();
    const dialog = page.getByTestId('sync-details');
    await dialog.waitFor(ui);
    expect(await dialog.locator('.sync-details__list li').allTextContents()).toEqual(['已接收 3 / 3 项更改', '0 项更改待同步', '从未同步']);
    const bar = dialog.getByRole('progressbar', { name: '同步进度', exact: true });
    expect(await bar.count()).toBe(1);
    expect({ now: await bar.getAttribute('aria-valuenow'), max: await bar.getAttribute('aria-valuemax'), text: await bar.getAttribute('aria-valuetext') }).toEqual({
      now: '3',
      max: '3',
      text: '已接收 3 / 3 项更改',
    });
    await expect.poll(() => filled('[data-testid="sync-details"] .sync-progress'), ui).toBeCloseTo(1, 2);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', ...ui });
    directory.release();
    await enrolled;

    await readsIn('en', { name: 'Sync status: Synced', description: '0 changes waiting. Last sync just now.' });
    await readsIn('zh-CN', { name: '同步状态：已同步', description: '0 项更改待同步。上次同步：刚刚。' });
    expect(pageErrors).toEqual([]);
  });

  it('reads a conflict waiting for review, and the offline state after a failed sync with its reason', async () => {
    // This device cannot push while the other laptop changes the same field: the next sync keeps both for review.
    sync.proxy.rule = (path) => (path === '/v1/push' ? 'refuse' : 'pass');
    await call(route, 'contacts.update', { id: contactId, patch: { title: 'Mine' } });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await laptop.push([laptop.upsert('contacts', contactId, { title: 'Theirs' })]);
    sync.proxy.rule = () => 'pass';
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 1 });
    await readsIn('en', { name: 'Sync status: Synced', description: '0 changes waiting. 1 change needs your review. Last sync just now.' });
    await readsIn('zh-CN', { name: '同步状态：已同步', description: '0 项更改待同步。1 项更改需要你审阅。上次同步：刚刚。' });

    // The server cannot be reached: offline, with the reason (its own stop kept), then when the next try is, as the last sentences.
    sync.proxy.rule = () => 'refuse';
    expect(await call(route, 'sync.now', {})).toMatchObject({ state: 'offline' });
    await readsIn('en', {
      name: 'Sync status: Offline',
      description: /^0 changes waiting\. 1 change needs your review\. Last sync just now\. The connection to the sync server was interrupted\. Next try in \d+ s\.$/u,
    });
    await readsIn('zh-CN', { name: '同步状态：离线', description: /^0 项更改待同步。1 项更改需要你审阅。上次同步：刚刚。与同步服务器的连接中断了。\d+ 秒后重试。$/u });
    expect(pageErrors).toEqual([]);
  });
});
