// The idle lock hears the user, not the pages, in Chromium against the real
// headless shell and vault: a key press, a click or a scroll in the workspace
// tells the main process the user is here (session.active), at most once per
// half minute however much they type. Other calls do not count, so a page
// reading the vault by itself after a sync no longer holds the lock off
// (tests/integration/idle-lock.test.ts has the lock itself).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';

const password = 'the user is here';

describe('the activity beat', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;
  const beats = () => route.calls.filter((channel) => channel === 'session.active').length;

  beforeAll(() => {
    ({ page } = app);
  });

  it('says the user is here on their first input, then not again for half a minute however much they type', async () => {
    await openSection(page, 'contacts');
    await expect.poll(beats, ui).toBe(1);
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowUp', 'Shift']) await page.keyboard.press(key);
    await page.mouse.wheel(0, 200);
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(beats()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

});
