// Layout and keyboard defects a walkthrough of the demo org found on record
// pages and in lists, measured in Chromium against the real headless shell and
// vault, in English and Chinese, at 1280×800 and 900×700:
// - a contact's address reads as a postal address of its country (street;
//   postcode and city; country), a Chinese one big to small.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { createRecord, openSection, setAddress, ui } from './crm-steps';
import { acrossLanguagesAndSizes, shot, sizes } from './layout-steps';

const password = 'every line where it belongs';
const account = 'Northwind Traders Ltd';
const anna = {
  name: 'Anna Gruber',
  address: { street: 'Getreidegasse 9', city: 'Salzburg', region: 'Salzburg', postalCode: '5020', country: 'Österreich' },
};
const jing = {
  name: '王静',
  address: { street: '南京东路12号', city: '上海', region: '上海市', postalCode: '200001', country: '中国' },
};

const northwind = { typed: 'Northwind', name: account };

async function openContact(page: Page, name: string): Promise<void> {
  await openSection(page, 'contacts');
  await page.getByTestId('contact-table-row').filter({ hasText: name }).click();
  await page.getByTestId('contact-detail').waitFor(ui);
}

describe('record pages and lists from the demo walkthrough', () => {
  const app = useApp({ context: { viewport: sizes[0] }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    await createRecord(page, 'accounts', 'account', { name: account });
    await createRecord(page, 'contacts', 'contact', { name: anna.name, title: 'Technical Buyer' }, northwind);
    await setAddress(page, anna.address);
    await createRecord(page, 'contacts', 'contact', { name: jing.name, title: '采购经理' });
    await setAddress(page, jing.address);
  }, 180_000);

  it('writes a contact’s address as a postal address of its country, a Chinese one big to small', async () => {
    const found: string[] = [];
    await acrossLanguagesAndSizes(page, async (language, size) => {
      for (const [contact, expected] of [
        [anna, ['Getreidegasse 9', '5020 Salzburg', 'Österreich']],
        [jing, ['中国', '200001', '上海市', '南京东路12号']],
      ] as const) {
        await openContact(page, contact.name);
        const value = page.getByTestId('inline-address').locator('.value-address');
        await value.waitFor(ui);
        await shot(page, `${language}-${size.width}-address-${contact.address.country}`);
        // The lines as written, and as drawn: one row of text each.
        const shown = await value.evaluate((element) => {
          const range = document.createRange();
          range.selectNodeContents(element);
          const rows = new Set(Array.from(range.getClientRects()).map((rect) => Math.round(rect.top)));
          return { lines: element instanceof HTMLElement ? element.innerText.split('\n') : [], rows: rows.size };
        });
        const where = `${language} ${size.width}px ${contact.address.country}`;
        if (shown.lines.join('|') !== expected.join('|')) found.push(`${where}: ${shown.lines.join(' / ')}`);
        else if (shown.rows !== expected.length) found.push(`${where}: ${expected.length} lines drawn on ${shown.rows} rows`);
      }
    });
    expect(found).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
