// The contacts list in Chromium against the real headless shell and vault,
// sorted by name as readers expect (migration 0016's stored sort keys):
// Özdemir between Oz and Pa, Émile among the E's, and Chinese names by
// pinyin (李 li, 王 wang, 张 zhang) after the Latin ones, whatever order
// the contacts were created in.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { createRecord, openSection, ui } from './crm-steps';

const password = 'names in reading order';
const created = ['张伟', 'Zimmermann', 'Pa', 'Özdemir', '王芳', 'Oz', '李娜', 'Émile', 'Eve'];
const expected = ['Émile', 'Eve', 'Oz', 'Özdemir', 'Pa', 'Zimmermann', '李娜', '王芳', '张伟'];

describe('the contacts list by name', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('shows accented and Chinese names where a reader looks for them', async () => {
    for (const name of created) await createRecord(page, 'contacts', 'contact', { name });
    await openSection(page, 'contacts');
    const rows = page.getByTestId('contact-table-row');
    await rows.filter({ hasText: '张伟' }).waitFor(ui);
    const names = () => rows.locator('.cell-primary__name').allTextContents();
    await expect.poll(async () => (await names()).map((text) => text.trim()), ui).toEqual(expected);
    expect(pageErrors).toEqual([]);
  });
});
