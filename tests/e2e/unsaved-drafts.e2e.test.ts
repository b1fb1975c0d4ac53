// Typed text and the user's place, checked in Chromium against the real
// headless shell and vault (walkthrough 2, item 5): unlocking returns to the
// page the vault locked on, and leaving a page with unsaved typing (the
// activity composer, an open inline edit) asks first.
import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { closeDialogs, fillAndCreate, openSection, ui, unlock } from './crm-steps';

const password = 'drafts rep keeps notes';

async function newContact(page: Page, name: string): Promise<void> {
  await openSection(page, 'contacts');
  await page.getByTestId('list-new').click();
  await fillAndCreate(page, 'contact', { name });
  await page.getByTestId('contact-detail').waitFor(ui);
  await page.getByTestId('detail-title').filter({ hasText: name }).waitFor(ui);
}

describe('unsaved typing and the place after unlock', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  beforeEach(() => closeDialogs(page));

  it('returns to the contact page the vault locked on', async () => {
    await newContact(page, 'Lena Lockwood');
    await page.keyboard.press('Control+l');
    await page.getByTestId('unlock-password').waitFor(ui);
    await unlock(page, password);
    await page.getByTestId('contact-detail').waitFor(ui);
    expect(await page.getByTestId('detail-title').textContent()).toBe('Lena Lockwood');
    expect(await page.getByTestId('today').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
