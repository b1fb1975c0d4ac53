// Discarding an import cut off part way (here by locking the vault while it
// writes), in Chromium against the real headless shell and vault: while the
// discard is on its way Discard says it is busy and keeps the focus, a
// refused discard says why beside it with the focus still there, and once a
// discard goes through the notice goes and the focus moves to the file
// picker. Before, both buttons were disabled while busy, which dropped the
// focus to the page, and it stayed there after the notice went.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cutOffImport, focusedTestId, openSection, ui } from './crm-steps';
import { useRoutedApp } from './ipc-route';

const password = 'an import given up';
/** Two of the importer's 20,000-row chunks and some: the lock comes after the first. */
const rows = 45_000;
const csv = ['Name,Email', ...Array.from({ length: rows }, (_, index) => `Discarded Person ${index},discarded${index}@example.org`)].join('\r\n');

describe('discarding an import cut off by a lock', () => {
  const { route, app } = useRoutedApp({ password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  /** A few frames on (Chromium moves the focus off a disabled element at a frame). */
  const frames = () => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(resolve)))));

  it('keeps the focus on Discard while it waits and when it is refused, and gives it to the file picker once done', async () => {
    const notice = await cutOffImport(page, password, csv, 20_000);

    // Refused, and held back a while first: busy, the focus kept, then the reason beside it.
    route.failing.set('import.cancel', { code: 'INTERNAL', message: 'Something went wrong. Try again.' });
    route.holding.add('import.cancel');
    const discard = page.getByTestId('import-interrupted-discard');
    await discard.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => route.heldAnswers, ui).toBe(1);
    expect(await discard.getAttribute('aria-disabled')).toBe('true');
    await frames();
    expect(await focusedTestId(page)).toBe('import-interrupted-discard');
    route.releaseAnswers();
    await page.getByTestId('import-interrupted-error').filter({ hasText: 'The import could not be discarded' }).waitFor(ui);
    expect(await focusedTestId(page)).toBe('import-interrupted-discard');

    // Again, let through: the notice goes, and the focus is on the file picker.
    route.clear();
    await page.keyboard.press('Enter');
    await notice.waitFor({ state: 'detached', timeout: ui.timeout });
    await expect.poll(() => focusedTestId(page), ui).toBe('import-choose');
    // Given up for good: the page opened again offers it no more.
    await openSection(page, 'contacts');
    await openSection(page, 'transfer');
    await page.getByTestId('import-choose').waitFor(ui);
    expect(await notice.count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 300_000);
});
