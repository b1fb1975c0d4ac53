// First-run defects from a UI walkthrough, checked in Chromium against the
// real headless shell and vault, enrolled with a real sync server over TLS on
// loopback that holds 3,000 contacts (a first sync of several pages):
// - the screens before the vault is open had no language choice (they
//   followed the OS language only);
// - after Connect the enrolment form collapsed, the page kept a scroll
//   position that left "Destroy vault" in view, the server was named (and
//   took the focus) only when the first sync had ended, and the sync pill said
//   "Syncing…" with no count until nearly the end;
// - the count had no total, so the rep could not tell a minute from an hour:
//   it now reads "500 of 3,000" with a progress bar.
// The tests run in order: the vault is created in the first, the device is
// enrolled in the second, the vault is locked in the third.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuid7 } from '../../src-main/vault/uuid7';
import { contactValues, enrolmentCode, protocolDevice, startTestServer, type TestServer } from '../support/sync-server';
import { useApp } from './app';
import { accessibleText, createVault, openSection, ui, unlock } from './crm-steps';
import { watchFrames } from './first-frames';

const password = 'first run in two languages';
const contacts = 3000;
const englishCreate = 'Create your vault';
const chineseCreate = '创建你的保险库';

/** The numbers of changes received a text names ("2,500 changes received"), in order. */
function countsIn(texts: readonly (string | null)[], pattern: RegExp): number[] {
  return texts.flatMap((text) => {
    const found = text === null ? null : pattern.exec(text);
    return found?.[1] === undefined ? [] : [Number(found[1].replaceAll(',', ''))];
  });
}

const title = (page: Page, screen: string) => page.getByTestId(screen).locator('h1').textContent();

interface Bar {
  readonly now: string | null;
  readonly max: string | null;
  readonly text: string | null;
}

/** Starts recording each different value of the first progressbar under `selector`; the returned function stops and gives them in order. */
async function watchProgressbar(page: Page, selector: string): Promise<() => Promise<Bar[]>> {
  await page.evaluate((selector) => {
    const bars: Bar[] = [];
    const record = () => {
      const bar = document.querySelector(`${selector} [role="progressbar"]`);
      if (bar === null) return;
      const seen: Bar = { now: bar.getAttribute('aria-valuenow'), max: bar.getAttribute('aria-valuemax'), text: bar.getAttribute('aria-valuetext') };
      const last = bars.at(-1);
      if (last?.now !== seen.now || last.max !== seen.max || last.text !== seen.text) bars.push(seen);
    };
    const observer = new MutationObserver(record);
    observer.observe(document.body, { childList: true, subtree: true, attributes: true });
    Reflect.set(window, '__progressbars', { bars, observer });
  }, selector);
  return () =>
    page.evaluate(() => {
      const { bars, observer } = Reflect.get(window, '__progressbars') as { bars: Bar[]; observer: MutationObserver };
      observer.disconnect();
      return bars;
    });
}

describe('first run: the language before the vault exists, and the first sync after Connect', () => {
  let server: TestServer | undefined;
  let userId: string;

  // Registered before the app's hooks: the server starts before the shell and stops after it.
  beforeAll(async () => {
    server = await startTestServer();
    userId = await server.createUser('Rep');
    // Another device of the rep fills the organisation: six commits of 500.
    const laptop = await protocolDevice(server, userId);
    for (let start = 0; start < contacts; start += 500) {
      await laptop.push(Array.from({ length: 500 }, (_, index) => laptop.upsert('contacts', uuid7(), contactValues(userId, { name: `Rep contact ${start + index}` }))));
    }
  });

  afterAll(async () => {
    await server?.close();
  });

  // No vault yet: the first test chooses the language on the Create vault screen.
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } } });
  const { pageErrors } = app;

  it('offers English and 简体中文 on the Create vault screen, and keeps the choice before a vault exists', async () => {
    const { page } = app;
    await page.getByTestId('create-vault-form').waitFor(ui);
    const language = page.getByTestId('auth-language');
    expect(await language.inputValue()).toBe('en');
    expect(await language.locator('option').allTextContents()).toEqual(['English', '简体中文']);
    expect(await title(page, 'create-vault')).toBe(englishCreate);

    await language.selectOption('zh-CN');
    await page.getByTestId('create-vault').getByText(chineseCreate).waitFor(ui);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await language.getAttribute('id')).not.toBeNull();
    expect(await page.locator(`label[for="${await language.getAttribute('id')}"]`).textContent()).toBe('语言');

    // Kept where the app reads it before any vault exists: the page loaded again is in Chinese.
    await page.goto(app.shell.url);
    await page.getByTestId('create-vault').getByText(chineseCreate).waitFor(ui);
    expect(await page.getByTestId('auth-language').inputValue()).toBe('zh-CN');

    await page.getByTestId('auth-language').selectOption('en');
    await page.getByTestId('create-vault').getByText(englishCreate).waitFor(ui);
    await createVault(page, password);
    expect(pageErrors).toEqual([]);
  });

  it('keeps the result of Connect in view with the focus at once, and counts the first sync live in the pill and the card', async () => {
    if (server === undefined) throw new Error('no server');
    const { page } = app;
    await openSection(page, 'settings');
    const form = page.getByTestId('enrol-form');
    await form.getByTestId('enrol-server').fill(server.url);
    await form.getByTestId('enrol-certificate').fill(server.caPem);
    await form.getByTestId('enrol-code').fill(await enrolmentCode(server, userId));
    // The user scrolled down to Connect, as on a laptop screen.
    await form.getByTestId('enrol-submit').scrollIntoViewIfNeeded();

    const cardFrames = await watchFrames(page, '[data-testid="sync-server-card"]', '[data-testid="sync-server-connected"]');
    const pillFrames = await watchFrames(page, '[data-testid="sync-status"]');
    const destroyFrames = await watchFrames(page, '.card--danger');
    const cardBars = await watchProgressbar(page, '[data-testid="sync-server-card"]');
    await form.getByTestId('enrol-submit').click();
    await page.getByTestId('enrol-success').waitFor(ui);
    // The enrolment answers while the first sync runs (the pill reads "Never synced" then): wait for its end.
    await expect.poll(async () => (await accessibleText(page, '[data-testid="sync-status"]')).name, ui).toBe('Sync status: Synced');
    const card = await cardFrames();
    const pill = (await pillFrames()).map((frame) => frame.text);
    const destroy = await destroyFrames();
    const bars = await cardBars();

    // The server is named, in view and with the focus, from the first frame without the form, while the
    // first sync runs (before, only once it had ended), and before the enrolment answers (it answers while that sync runs).
    const connected = card.findIndex((frame) => frame.text?.includes(`This device syncs with the server at ${new URL(server?.url ?? '').origin}.`) === true);
    expect(connected).toBeGreaterThan(0);
    expect(card[connected]).toMatchObject({ focused: true, inView: true });
    expect(card[connected]?.text).toContain('First sync under way');
    expect(card[connected]?.text).not.toContain('Connected. The device now syncs by itself');
    // It keeps the focus and stays in view until the end, and the red "Destroy vault" card never scrolls into view.
    expect(card.slice(connected).filter((frame) => !frame.focused || !frame.inView)).toEqual([]);
    expect(destroy.filter((frame) => frame.inView)).toEqual([]);

    // Counts before the last: the first page (500) is counted long before the end, in the card and the pill,
    // each of the total the server named with its first page.
    const cardCounts = countsIn(
      card.map((frame) => frame.text),
      /First sync under way: ([\d,]+) of 3,000 changes received so far/,
    );
    const pillCounts = countsIn(pill, /([\d,]+) of 3,000 changes received/);
    for (const counts of [cardCounts, pillCounts]) {
      expect(counts.some((count) => count > 0 && count < contacts)).toBe(true);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
      expect(Math.max(...counts)).toBeLessThanOrEqual(contacts);
    }
    expect(pillCounts).toContain(500);
    // The card's progress bar: determinate, out of the total, with the counts as its value text.
    expect(bars.length).toBeGreaterThan(0);
    expect(bars.every((bar) => bar.max === String(contacts))).toBe(true);
    expect(bars).toContainEqual({ now: '500', max: '3000', text: '500 of 3,000 changes received' });
    expect(bars.map((bar) => Number(bar.now))).toEqual(bars.map((bar) => Number(bar.now)).sort((a, b) => a - b));
    expect(pageErrors).toEqual([]);
  });

  it('offers the language on the Unlock screen, the same choice Settings shows', async () => {
    const { page } = app;
    await page.getByTestId('lock-button').click();
    await page.getByTestId('unlock-form').waitFor(ui);
    const language = page.getByTestId('auth-language');
    expect(await language.inputValue()).toBe('en');
    await language.selectOption('zh-CN');
    await page.getByTestId('unlock').getByText('解锁 FieldVault').waitFor(ui);
    await unlock(page, password);
    await openSection(page, 'settings');
    expect(await page.getByTestId('language-select').inputValue()).toBe('zh-CN');
    await page.getByTestId('language-select').selectOption('en');
    await page.getByTestId('settings-panel').getByText('Settings').first().waitFor(ui);
    expect(pageErrors).toEqual([]);
  });
});
