// The lock screen's countdown after a THROTTLED answer, in Chromium against
// the real headless shell, with the page's clock under the test's control:
// however long the lock screen had been open before the wrong password, the
// countdown's first render says the wait the answer gave, not that wait plus
// the time since the screen opened.
//
// `watchFrames` (first-frames.ts) cannot show that first render here: the
// effect that used to correct it runs, with its re-render, in the same task
// as the commit, so the DOM holds the wrong text only between two of the
// observer's calls. `watchTexts` keeps every text the element held, from the
// records' old values; whether a browser would paint such a text depends on
// when React runs the effect, which this test does not rely on.
//
// While a wait runs, the screen says one number of seconds (the countdown's),
// Unlock is disabled and described by the countdown, and when the wait ends
// the countdown and the "too many attempts" message go. A wrong password that
// starts a wait (the vault's third) starts the countdown at once, without a
// refused attempt first.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { lockVault, sendUnlock, ui, unlock } from './crm-steps';
import { followThrottledWait, followWaitStartedByWrongPasswords, pauseClock } from './countdown-steps';
import { useRoutedApp } from './ipc-route';

const password = 'a wait that starts when it is set';

const unlockForm = { form: 'unlock-form', countdown: 'unlock-countdown', submit: 'unlock-submit', error: 'unlock-error' } as const;

/** Starts keeping every text the element `selector` (a single-text element) is given; the returned function stops and gives them in order. */
async function watchTexts(page: Page, selector: string): Promise<() => Promise<string[]>> {
  await page.evaluate((selector) => {
    const texts: string[] = [];
    const keep = (text: string | null) => {
      if (text !== null && texts.at(-1) !== text) texts.push(text);
    };
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        const element = record.target instanceof Element ? record.target : record.target.parentElement;
        if (element?.matches(selector) !== true) continue;
        if (record.type === 'characterData') keep(record.oldValue);
        else record.removedNodes.forEach((node) => keep(node.textContent));
      }
      keep(document.querySelector(selector)?.textContent ?? null);
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true, characterDataOldValue: true });
    Reflect.set(window, '__texts', { texts, observer });
  }, selector);
  return () =>
    page.evaluate(() => {
      const { texts, observer } = Reflect.get(window, '__texts') as { texts: string[]; observer: MutationObserver };
      observer.disconnect();
      Reflect.deleteProperty(window, '__texts');
      return texts;
    });
}

describe('the unlock countdown', () => {
  const { route, app } = useRoutedApp({
    context: { viewport: { width: 900, height: 700 } },
    // The page's timers run on a clock the test can stop and move on.
    beforeLoad: (page) => page.clock.install(),
    password,
  });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('counts from when the wait was set, not from when the lock screen opened', async () => {
    await lockVault(page);
    // The lock screen has been open for six seconds when the answer comes.
    await pauseClock(page, 6_000);
    route.failing.set('vault.unlock', { code: 'THROTTLED', message: 'Too many attempts. Try again shortly.', retryAfterMs: 2_000 });

    const texts = await watchTexts(page, '[data-testid="unlock-countdown"]');
    await sendUnlock(page, 'not the password');
    const countdown = page.getByTestId('unlock-countdown');
    // The wait the answer gave (where an effect correcting a first render would also end).
    await countdown.filter({ hasText: 'Try again in 2 s' }).waitFor(ui);
    expect(await texts()).toEqual(['Try again in 2 s']);
    expect(await page.getByTestId('unlock-submit').isDisabled()).toBe(true);

    // It counts down on the page's clock and lets the form be used again.
    await page.clock.runFor(1_000);
    await countdown.filter({ hasText: 'Try again in 1 s' }).waitFor(ui);
    await page.clock.runFor(1_000);
    await countdown.waitFor({ state: 'detached', ...ui });
    route.clear();
    await page.clock.resume();
    await unlock(page, password);
    expect(pageErrors).toEqual([]);
  });

  it('says one number of seconds while the wait runs, keeps Unlock disabled for it, and clears both when it ends', async () => {
    await lockVault(page);
    await pauseClock(page, 1_000);
    route.failing.set('vault.unlock', { code: 'THROTTLED', message: 'Too many failed attempts. Try again in 3 s.', retryAfterMs: 3_000 });
    await sendUnlock(page, 'not the password');
    await followThrottledWait(page, unlockForm);
    route.clear();
    await page.clock.resume();
    await unlock(page, password);
    expect(pageErrors).toEqual([]);
  });

  it('disables Unlock with the countdown as soon as a wrong password starts a wait', async () => {
    await lockVault(page);
    await pauseClock(page, 1_000);
    await followWaitStartedByWrongPasswords(page, unlockForm, (wrong) => sendUnlock(page, wrong));
    await unlock(page, password);
    expect(pageErrors).toEqual([]);
  });
});
