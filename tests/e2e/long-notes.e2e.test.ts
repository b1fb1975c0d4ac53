// Long notes near the vault's limit (walkthrough 7, #6), in Chromium against
// the real headless shell and vault: a notes field and the activity
// composer's details count characters from 90 % of the limit on, say by how
// much a text is over it before Save, and Save then refuses at the field with
// the text kept as typed. Below 90 % nothing shows. In English and Chinese.
import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { maxLongTextChars } from '../../src-shared/domain/common';
import { useApp } from './app';
import { closeDialogs, createRecord, openSection, ui } from './crm-steps';
import { setLanguage } from './layout-steps';

const password = 'a million characters of notes';

describe('long notes near the limit', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    await createRecord(page, 'contacts', 'contact', { name: 'Long Notes Person' });
  });

  beforeEach(() => closeDialogs(page));

  it('counts a new contact’s notes from 90 % of the limit, says how much is over, and Save keeps the text', async () => {
    await openSection(page, 'contacts');
    await page.getByTestId('list-new').click();
    const dialog = page.getByTestId('new-contact');
    await dialog.waitFor(ui);
    await dialog.getByTestId('field-name').fill('Over The Limit');
    const notes = dialog.getByTestId('field-notes');
    const counter = dialog.getByTestId('long-text-counter');
    await notes.fill('a'.repeat(899_999));
    expect(await counter.count()).toBe(0);
    await notes.fill('a'.repeat(950_000));
    await expect.poll(() => counter.textContent(), ui).toBe('950,000 of 1,000,000 characters');
    expect(await notes.getAttribute('aria-describedby')).toContain(await counter.getAttribute('id'));
    await notes.fill('a'.repeat(maxLongTextChars + 5));
    await expect.poll(() => counter.textContent(), ui).toBe('5 characters over the limit of 1,000,000: shorten the text to save it');

    await dialog.getByTestId('new-contact-submit').click();
    await expect.poll(() => notes.getAttribute('aria-invalid'), ui).toBe('true');
    expect(await dialog.isVisible()).toBe(true);
    expect(await notes.evaluate((element) => (element instanceof HTMLTextAreaElement ? element.value.length : -1))).toBe(maxLongTextChars + 5);
    expect(pageErrors).toEqual([]);
  });

  it('counts the activity composer’s details too, in Chinese', async () => {
    await setLanguage(page, 'zh-CN');
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Long Notes Person' }).click();
    await page.getByTestId('contact-detail').waitFor(ui);
    const body = page.getByTestId('composer-body');
    await body.fill('b'.repeat(maxLongTextChars + 1));
    const counter = page.getByTestId('activity-composer').getByTestId('long-text-counter');
    await expect.poll(() => counter.textContent(), ui).toBe('已超出 1 个字符（上限 1,000,000 个字符）：请缩短后再保存');
    await body.fill('b'.repeat(920_000));
    await expect.poll(() => counter.textContent(), ui).toBe('920,000 / 1,000,000 个字符');
    await body.fill('');
    expect(await counter.count()).toBe(0);
    await setLanguage(page, 'en');
    expect(pageErrors).toEqual([]);
  });
});
