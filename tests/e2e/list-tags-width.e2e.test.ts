// The tags column of the contacts and accounts lists, measured in Chromium
// against the real headless shell and vault, in English and Chinese at
// 1280×800 and 1440×900: a tag of up to about 20 characters ("technical
// contact", "regional distributor") shows whole as a row's first tag, and no
// chip is cut or left out while the cell has room for it. At 1280 px the
// contacts list cut "technical contact" to "technical con…", and the accounts
// list's tags column was never measured.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { openSection, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { setLanguage, shot } from './layout-steps';
import { call } from './proxied-server';
import { columnWidths, tagProblems } from './tags-steps';

const password = 'tags column widths';
const wide = [
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
] as const;
/** First tags of 17 to 20 characters, as a rep would type them. */
const tagSets = [['technical contact', 'key account'], ['regional distributor'], ['decision maker', 'VIP'], ['procurement office']];

describe('the tags column of the contacts and accounts lists', () => {
  const route = new InjectingRoute();
  const app = useApp({ context: { viewport: wide[0] }, route, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    for (const [index, tags] of tagSets.entries()) {
      await call(route, 'contacts.create', {
        name: `Bartholomew Fairweather ${String(index)}`,
        tags,
        emails: [`bartholomew.fairweather${String(index)}@example.com`],
        phones: ['+44 7700 900723'],
      });
      await call(route, 'accounts.create', {
        name: `Northwind Traders International ${String(index)}`,
        tags,
        industry: 'Manufacturing',
        territory: 'Northern Europe',
        website: `https://northwind-traders-${String(index)}.example.com`,
      });
    }
  }, 120_000);

  it('shows a tag of up to 20 characters whole at 1280 and 1440 px, in both languages', async () => {
    const found: string[] = [];
    for (const language of ['en', 'zh-CN']) {
      await setLanguage(page, language);
      for (const size of wide) {
        await page.setViewportSize(size);
        for (const entity of ['contacts', 'accounts'] as const) {
          const table = entity === 'contacts' ? 'contact-table' : 'account-table';
          await openSection(page, entity);
          await page.getByTestId(`${table}-row`).nth(tagSets.length - 1).waitFor(ui);
          await shot(page, `${entity}-tags-${language}-${size.width}`);
          const widths = await columnWidths(page, table);
          if (widths['tags'] === undefined) found.push(`${language} ${size.width}px ${entity}: no tags column (columns ${JSON.stringify(widths)})`);
          for (const problem of await tagProblems(page, table, true)) found.push(`${language} ${size.width}px ${entity}: ${problem} (columns ${JSON.stringify(widths)})`);
        }
      }
    }
    await setLanguage(page, 'en');
    await page.setViewportSize(wide[0]);
    expect(found).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
