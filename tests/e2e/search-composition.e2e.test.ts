// Ctrl+K while an input method composes, in Chromium against the real
// headless shell and vault, the composition driven through the DevTools
// protocol as an IME drives it (Input.imeSetComposition, then
// Input.insertText to commit). A Korean IME shows each syllable a letter at a
// time (김ㅁ, 김미, 김민) and a Japanese one romaji before kana (やm): those
// steps were searched, the list emptied and "Nothing matches" was said
// between syllables. Now nothing is searched until the composition ends, the
// last hits staying; what is committed is searched. Katakana is found typed
// as hiragana (the search index folds one to the other).
import type { CDPSession, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSection, ui } from './crm-steps';
import { createdId } from './proxied-server';
import { useInjectingApp } from './injecting-route';

const password = 'composed a syllable at a time';
/** Longer than the search's debounce and the live region's delay together: a step searched would have been said by then. */
const settleMs = 1_200;

describe('Ctrl+K while an input method composes', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;
  let ime: CDPSession;

  beforeAll(async () => {
    ({ page } = app);
    ime = await page.context().newCDPSession(page);
  });

  const searches = () => route.calls.filter((channel) => channel === 'search.query').length;
  const hitTitles = () => page.locator('[data-testid="search-hit"] .search__hit-title').allTextContents();
  const announcement = () => page.getByTestId('search-announcement').textContent();

  /** Every text the dialog's live region and empty hint held since the dialog opened. */
  const heard = () => page.evaluate(() => (window as unknown as { heardInSearch?: string[] }).heardInSearch ?? []);
  async function listen(): Promise<void> {
    await page.evaluate(() => {
      const said: string[] = [];
      (window as unknown as { heardInSearch?: string[] }).heardInSearch = said;
      const dialog = document.querySelector('[data-testid="search-dialog"]');
      if (dialog === null) throw new Error('no search dialog');
      new MutationObserver(() => {
        for (const id of ['search-announcement', 'search-empty']) {
          const text = dialog.querySelector(`[data-testid="${id}"]`)?.textContent ?? '';
          if (text !== '' && said.at(-1) !== text) said.push(text);
        }
      }).observe(dialog, { subtree: true, childList: true, characterData: true });
    });
  }

  /** The composition's steps, each left on screen for settleMs, then the text committed. */
  async function compose(steps: readonly string[], committed: string): Promise<void> {
    for (const text of steps) {
      await ime.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
      await page.waitForTimeout(settleMs);
    }
    await ime.send('Input.insertText', { text: committed });
  }

  it('searches 김민수 syllable by syllable as committed, never the letters of one being composed, and keeps the hits meanwhile', async () => {
    await createdId(route, 'contacts.create', { name: '김민수' });
    await createdId(route, 'accounts.create', { name: 'マイクロ商事' });
    await openSection(page, 'contacts');
    await page.keyboard.press('Control+k');
    await page.getByTestId('search-input').waitFor(ui);
    await listen();

    await compose(['ㄱ', '기', '김'], '김');
    await expect.poll(hitTitles, ui).toEqual(['김민수']);
    await expect.poll(announcement, ui).toBe('1 result');
    let asked = searches();
    for (const [steps, syllable, value] of [
      [['ㅁ', '미', '민'], '민', '김민'],
      [['ㅅ', '수'], '수', '김민수'],
    ] as const) {
      await ime.send('Input.imeSetComposition', { text: steps[0], selectionStart: 1, selectionEnd: 1 });
      expect(await page.getByTestId('search-input').inputValue()).toBe(`${value.slice(0, -1)}${steps[0]}`);
      await page.waitForTimeout(settleMs);
      for (const text of steps.slice(1)) {
        await ime.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
        await page.waitForTimeout(settleMs);
      }
      // Composing: nothing asked, the hit still listed.
      expect(searches(), value).toBe(asked);
      expect(await hitTitles()).toEqual(['김민수']);
      await ime.send('Input.insertText', { text: syllable });
      await expect.poll(searches, ui).toBeGreaterThan(asked);
      asked = searches();
      await expect.poll(() => page.getByTestId('search-input').inputValue(), ui).toBe(value);
      await expect.poll(hitTitles, ui).toEqual(['김민수']);
    }
    await page.waitForTimeout(settleMs);
    expect(await heard()).toEqual(['1 result']);
    expect(pageErrors).toEqual([]);
  });

  it('finds マイクロ商事 by まいくろ typed in romaji, saying nothing while the kana are being composed', async () => {
    await page.getByTestId('search-input').fill('');
    await expect.poll(announcement, ui).toBe('');
    await listen();
    const asked = searches();
    await compose(['m', 'ま', 'まi', 'まい', 'まいk', 'まいく', 'まいくr', 'まいくろ'], 'まいくろ');
    expect(searches()).toBeLessThanOrEqual(asked + 1);
    await expect.poll(hitTitles, ui).toEqual(['マイクロ商事']);
    await expect.poll(announcement, ui).toBe('1 result');
    expect(await heard()).toEqual(['1 result']);
    expect(pageErrors).toEqual([]);
  });
});
