// What the lock screen says on the way to a wipe after failed unlocks, in
// Chromium against the real headless shell, in English and Chinese. The
// vault's answers are the real errors' wire forms, sent by the route instead
// of the shell (ten real wrong passwords would wait minutes between them).
// In the last three attempts the count also says that changes not yet synced
// would go with the vault (the lock screen cannot read how many wait). After
// the wipe the screen says what is true: there is no sign-in; a new vault gets
// the synced records back from the organisation's sync server with a new
// enrolment code (the old enrolment was inside the wiped vault), and what was
// never synced is gone. While an attempt is checked, the warning says the
// count the last wrong password gave, not the one the screen opened with.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { VaultWipedError, WrongPasswordError } from '../../src-shared/ipc/errors';
import { sendUnlock, ui, unlock } from './crm-steps';
import { useRoutedApp } from './ipc-route';
import { setLanguage } from './layout-steps';

const password = 'ten tries and then nothing';

const expected = {
  en: {
    four: '4 attempts left before the vault on this device is wiped.',
    three: '3 attempts left before the vault on this device is wiped, with any changes not yet synced.',
    one: '1 attempt left before the vault on this device is wiped, with any changes not yet synced.',
    wiped:
      'Too many failed attempts: the vault on this device was wiped. Set up a new vault; the records that were synced come back when you connect it to your organisation’s sync server with a new enrolment code from your administrator. Changes that were never synced are lost.',
    unsynced: 'not yet synced',
  },
  'zh-CN': {
    four: '再输错 4 次密码，此设备上的保险库就会被清除。',
    three: '再输错 3 次密码，此设备上的保险库就会被清除，尚未同步的更改也会一并丢失。',
    one: '再输错 1 次密码，此设备上的保险库就会被清除，尚未同步的更改也会一并丢失。',
    wiped: '失败次数过多：此设备上的保险库已被清除。请设置新的保险库；用管理员提供的新登记码将它连接到组织的同步服务器后，已同步的记录会恢复。从未同步的更改已丢失。',
    unsynced: '尚未同步',
  },
} as const;

describe('the lock screen on the way to a wipe', () => {
  const { route, app } = useRoutedApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  /** The lock screen's error once it says `shows`, after one attempt that the vault answers with `answer`. */
  async function errorAfter(answer: WrongPasswordError | VaultWipedError, shows: string): Promise<string> {
    route.failing.set('vault.unlock', answer.toWire());
    await sendUnlock(page, 'not the password');
    const error = page.getByTestId('unlock-error');
    await error.filter({ hasText: shows }).waitFor(ui);
    return error.innerText();
  }

  for (const language of ['en', 'zh-CN'] as const) {
    it(`warns of unsynced changes in the last attempts and says how to get the synced records back after the wipe (${language})`, async () => {
      const words = expected[language];
      await setLanguage(page, language);
      await page.keyboard.press('Control+l');
      await page.getByTestId('unlock-password').waitFor(ui);

      expect(await errorAfter(new WrongPasswordError(4), words.four)).not.toContain(words.unsynced);
      expect(await errorAfter(new WrongPasswordError(3), words.three)).toContain(words.unsynced);
      expect(await errorAfter(new WrongPasswordError(1), words.one)).toContain(words.unsynced);

      const wiped = await errorAfter(new VaultWipedError(), words.wiped.slice(0, 12));
      expect(wiped).toBe(words.wiped);
      expect(wiped).not.toMatch(/sign in|登录/i);
      await page.getByTestId('unlock-start-over').waitFor(ui);
      // The only way on takes the focus, rather than the page (the password field is disabled).
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('unlock-start-over');

      // Nothing was wiped: the real vault opens again.
      route.clear();
      await page.reload();
      await unlock(page, password);
      await setLanguage(page, 'en');
      expect(pageErrors).toEqual([]);
    });
  }

  it('keeps saying the count the last wrong password gave while the next attempt is checked', async () => {
    await page.keyboard.press('Control+l');
    await page.getByTestId('unlock-password').waitFor(ui);
    await errorAfter(new WrongPasswordError(4), expected.en.four);
    // The next attempt on its way: the error goes, and the warning says the count as it stands. Before, it said
    // the count of the status the screen opened with (here none at all; after a restart with failures, more than left).
    route.holding.add('vault.unlock');
    await sendUnlock(page, 'still not the password');
    await page.getByTestId('unlock-submit').and(page.locator('[aria-busy="true"]')).waitFor(ui);
    expect(await page.getByTestId('unlock-error').count()).toBe(0);
    expect(await page.getByTestId('unlock-attempts').textContent()).toBe(expected.en.four);
    route.releaseAnswers();
    await page.getByTestId('unlock-error').filter({ hasText: expected.en.four }).waitFor(ui);

    route.clear();
    await page.reload();
    await unlock(page, password);
    expect(pageErrors).toEqual([]);
  });
});
