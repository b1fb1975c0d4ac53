// The activity composer by keyboard (walkthrough 6, #6), checked in Chromium
// against the real headless shell and vault: its kinds are one radio group
// (one Tab stop, arrow keys choose), and "l" goes to its subject from
// anywhere on a contact's page, but types an "l" in a field, and does nothing
// with a modifier, under a dialog, or on a page in the trash.
import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { closeDialogs, fillAndCreate, focusedTestId, openSection, ui } from './crm-steps';
import { setLanguage } from './layout-steps';

const password = 'log it from the keyboard';
const kindRadios = ['composer-kind-call', 'composer-kind-meeting', 'composer-kind-email', 'composer-kind-note'];

/** Presses Tab until the focus is on `testId`, and answers every stop on the way (the test id, or the tag). */
async function tabStopsTo(page: Page, testId: string): Promise<string[]> {
  const stops: string[] = [];
  for (let press = 0; press < 60; press += 1) {
    await page.keyboard.press('Tab');
    stops.push(await focusedTestId(page));
    if (stops.at(-1) === testId) return stops;
  }
  throw new Error(`Tab never reached ${testId}: ${stops.join(', ')}`);
}

/** The kind radios' aria-checked, in order. */
function checkedKinds(page: Page): Promise<(string | null)[]> {
  return Promise.all(kindRadios.map((testId) => page.getByTestId(testId).getAttribute('aria-checked')));
}

/** Whether all of the composer's subject field shows in the page's scrolling area. */
function subjectInView(page: Page): Promise<boolean> {
  return page.getByTestId('composer-subject').evaluate((element) => {
    const box = element.getBoundingClientRect();
    const area = element.closest('main')?.getBoundingClientRect();
    return area !== undefined && box.top >= area.top && box.bottom <= area.bottom;
  });
}

describe('the activity composer by keyboard', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;
  const main = () => page.getByTestId('workspace').locator('main');

  /** Opens the contact of this name from the Contacts list, the focus at the page's top as after any navigation. */
  async function openContact(name: string): Promise<void> {
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: name }).click();
    await page.getByTestId('contact-detail').waitFor(ui);
    await page.getByTestId('activity-composer').waitFor(ui);
    await main().focus();
  }

  beforeAll(async () => {
    ({ page } = app);
    for (const name of ['Lola Lindqvist', 'Tomas Brenner']) {
      await openSection(page, 'contacts');
      await page.getByTestId('list-new').click();
      await fillAndCreate(page, 'contact', { name });
      await page.getByTestId('contact-detail').waitFor(ui);
    }
  });

  beforeEach(() => closeDialogs(page));

  it('stops Tab once on the kinds, on the chosen one, between the page’s top and the subject', async () => {
    await openContact('Lola Lindqvist');
    const stops = await tabStopsTo(page, 'composer-subject');
    // One stop for the four kinds: the chosen one (Call, until another is chosen).
    expect(stops.filter((stop) => kindRadios.includes(stop))).toEqual(['composer-kind-call']);
    expect(stops.at(-2)).toBe('composer-kind-call');
    // The header's, the Details card's and the related cards' controls, the kinds, the subject: 16 (19 with a stop per kind).
    expect(stops.length).toBeLessThanOrEqual(16);
    expect(await page.getByTestId('composer-kinds').getAttribute('role')).toBe('radiogroup');
    expect(await page.getByTestId('composer-kind-call').getAttribute('role')).toBe('radio');
    expect(pageErrors).toEqual([]);
  });

  it('chooses the kind with the arrow keys, the focus and the one Tab stop moving with it', async () => {
    await openContact('Lola Lindqvist');
    await page.getByTestId('composer-subject').focus();
    await page.keyboard.press('Shift+Tab');
    expect(await focusedTestId(page)).toBe('composer-kind-call');
    expect(await checkedKinds(page)).toEqual(['true', 'false', 'false', 'false']);

    for (const [key, testId] of [
      ['ArrowRight', 'composer-kind-meeting'],
      ['ArrowDown', 'composer-kind-email'],
      ['ArrowRight', 'composer-kind-note'],
      // Wrapping both ways.
      ['ArrowRight', 'composer-kind-call'],
      ['ArrowLeft', 'composer-kind-note'],
      ['ArrowUp', 'composer-kind-email'],
      ['Home', 'composer-kind-call'],
      ['End', 'composer-kind-note'],
      ['ArrowLeft', 'composer-kind-email'],
    ] as const) {
      await page.keyboard.press(key);
      expect(await focusedTestId(page)).toBe(testId);
      expect(await checkedKinds(page)).toEqual(kindRadios.map((radio) => String(radio === testId)));
    }
    // The chosen kind is the one Tab stop into the group, from either side.
    await page.keyboard.press('Tab');
    expect(await focusedTestId(page)).toBe('composer-subject');
    await page.keyboard.press('Shift+Tab');
    expect(await focusedTestId(page)).toBe('composer-kind-email');
    expect(pageErrors).toEqual([]);
  });

  it('goes to the subject with "l" from anywhere on the page, scrolled into view, and types an "l" in a field', async () => {
    // One column: the Details card and the related cards stand above the timeline.
    await page.setViewportSize({ width: 800, height: 600 });
    try {
      await openContact('Tomas Brenner');
      expect(await subjectInView(page)).toBe(false);
      await page.keyboard.press('l');
      expect(await focusedTestId(page)).toBe('composer-subject');
      expect(await subjectInView(page)).toBe(true);
      // The key went to the shortcut, not into the field.
      expect(await page.getByTestId('composer-subject').inputValue()).toBe('');

      // From a button of the page's header too.
      await page.getByTestId('detail-add-task').focus();
      await page.keyboard.press('l');
      expect(await focusedTestId(page)).toBe('composer-subject');
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }

    // In the subject and the notes it is a letter.
    await page.keyboard.type('l');
    expect(await page.getByTestId('composer-subject').inputValue()).toBe('l');
    await page.getByTestId('composer-body').focus();
    await page.keyboard.type('all');
    expect(await page.getByTestId('composer-body').inputValue()).toBe('all');
    expect(await focusedTestId(page)).toBe('composer-body');
    await page.getByTestId('composer-subject').fill('');
    await page.getByTestId('composer-body').fill('');

    // And in a field of the Details card being edited.
    await page.getByTestId('inline-title-edit').focus();
    await page.keyboard.press('F2');
    await page.getByTestId('inline-title-input').waitFor(ui);
    await page.keyboard.type('l');
    expect(await page.getByTestId('inline-title-input').inputValue()).toBe('l');
    expect(await focusedTestId(page)).toBe('inline-title-input');
    await page.keyboard.press('Escape');
    await page.getByTestId('inline-title-edit').waitFor(ui);

    // Not with a modifier, nor under a dialog.
    await main().focus();
    for (const key of ['Alt+l', 'Shift+L']) {
      await page.keyboard.press(key);
      expect(await focusedTestId(page)).toBe('main');
    }
    await page.keyboard.press('?');
    await page.getByTestId('shortcut-help').waitFor(ui);
    const inDialog = await focusedTestId(page);
    await page.keyboard.press('l');
    expect(await focusedTestId(page)).toBe(inDialog);
    expect(await page.locator('dialog[open]').count()).toBe(1);
    await page.keyboard.press('Escape');
    await page.getByTestId('shortcut-help').waitFor({ state: 'detached', ...ui });
    expect(pageErrors).toEqual([]);
  });

  it('logs an activity of the kind chosen with the arrow keys, reached with "l"', async () => {
    await openContact('Tomas Brenner');
    await page.keyboard.press('l');
    expect(await focusedTestId(page)).toBe('composer-subject');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('ArrowRight');
    expect(await focusedTestId(page)).toBe('composer-kind-meeting');
    await page.keyboard.press('Tab');
    await page.keyboard.type('lunch, all well');
    await page.keyboard.press('Tab');
    await page.keyboard.type('will call later');
    await page.keyboard.press('Control+Enter');
    const logged = page.getByTestId('timeline-item').filter({ hasText: 'lunch, all well' });
    await logged.waitFor(ui);
    expect(await logged.textContent()).toContain('Meeting');
    expect(await logged.locator('.kind-icon--meeting').count()).toBe(1);
    // The next entry starts on the subject with the kind kept.
    await expect.poll(() => page.getByTestId('composer-subject').inputValue(), ui).toBe('');
    expect(await focusedTestId(page)).toBe('composer-subject');
    expect(await page.getByTestId('composer-kind-meeting').getAttribute('aria-checked')).toBe('true');
    expect(pageErrors).toEqual([]);
  });

  it('lists "l" and the kind keys in the shortcut help, in English and in Chinese', async () => {
    for (const [language, logWords, kindWords] of [
      ['en', 'Log an activity on a contact, account or deal page (goes to its “What happened?” box)', 'Choose the previous or next kind of the activity being written (call, meeting, email, note)'],
      ['zh-CN', '在联系人、客户或商机页面上记录活动（转到“发生了什么？”输入框）', '为正在填写的活动选择上一个或下一个类型（电话、会议、邮件、笔记）'],
    ] as const) {
      await setLanguage(page, language);
      await main().focus();
      await page.keyboard.press('?');
      const help = page.getByTestId('shortcut-help');
      await help.waitFor(ui);
      const row = help.locator('dd').filter({ hasText: logWords });
      expect(await row.count()).toBe(1);
      expect(await row.evaluate((element) => element.previousElementSibling?.textContent)).toBe('L');
      expect(await help.locator('dd').filter({ hasText: kindWords }).count()).toBe(1);
      await page.keyboard.press('Escape');
      await help.waitFor({ state: 'detached', ...ui });
    }
    await setLanguage(page, 'en');
    expect(pageErrors).toEqual([]);
  });

  it('does nothing with "l" on a contact in the trash, which has no composer', async () => {
    await openContact('Lola Lindqvist');
    await page.getByTestId('detail-delete').click();
    await page.getByTestId('list-contacts').waitFor(ui);
    await page.getByTestId('trash-toggle').click();
    await page.getByTestId('contact-table-row').filter({ hasText: 'Lola Lindqvist' }).click();
    await page.getByTestId('trashed-banner').waitFor(ui);
    expect(await page.getByTestId('activity-composer').count()).toBe(0);
    await main().focus();
    await page.keyboard.press('l');
    expect(await focusedTestId(page)).toBe('main');
    // Restored, it has its composer and its "l" again.
    await page.getByTestId('detail-restore').click();
    await page.getByTestId('trashed-banner').waitFor({ state: 'detached', ...ui });
    await page.getByTestId('activity-composer').waitFor(ui);
    await main().focus();
    await page.keyboard.press('l');
    expect(await focusedTestId(page)).toBe('composer-subject');
    expect(pageErrors).toEqual([]);
  });
});
