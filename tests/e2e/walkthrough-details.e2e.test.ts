// Layout and keyboard defects a walkthrough of the demo org found on record
// pages and in lists, measured in Chromium against the real headless shell and
// vault, in English and Chinese, at 1280×800 and 900×700:
// - a contact's address reads as a postal address of its country (street;
//   postcode and city; country), a Chinese one big to small;
// - an e-mail address in the narrow Details card wraps, if it must, before its
//   "@" or a dot, never after a hyphen, and copies whole.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { createRecord, openSection, setAddress, ui } from './crm-steps';
import { acrossLanguagesAndSizes, shot, sizes } from './layout-steps';

const password = 'every line where it belongs';
const account = 'Northwind Traders Ltd';
const anna = {
  name: 'Anna Gruber',
  email: 'anna.gruber-huber@northwind-traders.example',
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
    await createRecord(page, 'contacts', 'contact', { name: anna.name, title: 'Technical Buyer', emails: anna.email }, northwind);
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

  it('wraps an e-mail address in the Details card only before its “@” or a dot, keeps it in the card, and copies it whole', async () => {
    const found: string[] = [];
    await acrossLanguagesAndSizes(page, async (language, size) => {
      await openContact(page, anna.name);
      const email = page.getByTestId('inline-emails').locator('li').filter({ hasText: 'anna.gruber' });
      await email.waitFor(ui);
      await shot(page, `${language}-${size.width}-email`);
      const drawn = await email.evaluate((element) => {
        // Where the drawn text moves to a new row: the characters either side of each break.
        const breaks: string[] = [];
        let previous: { readonly char: string; readonly top: number } | null = null;
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
          const text = node.textContent ?? '';
          for (let index = 0; index < text.length; index += 1) {
            const range = document.createRange();
            range.setStart(node, index);
            range.setEnd(node, index + 1);
            const top = range.getBoundingClientRect().top;
            const char = text.charAt(index);
            if (previous !== null && top > previous.top + 2) breaks.push(`${previous.char}|${char}`);
            previous = { char, top };
          }
        }
        const card = element.closest('[data-testid="fields-card"]')?.getBoundingClientRect();
        const range = document.createRange();
        range.selectNodeContents(element);
        const outside = card === undefined || Array.from(range.getClientRects()).some((rect) => rect.right > card.right + 0.5);
        const selection = window.getSelection();
        selection?.removeAllRanges();
        selection?.addRange(range);
        const copied = selection?.toString() ?? '';
        selection?.removeAllRanges();
        return { breaks, outside, copied };
      });
      const where = `${language} ${size.width}px`;
      for (const at of drawn.breaks) if (at.startsWith('-') || !/[@.]$/.test(at)) found.push(`${where}: the address wraps at ${at}`);
      if (drawn.outside) found.push(`${where}: the address runs past the card`);
      if (drawn.copied !== anna.email) found.push(`${where}: it copies as “${drawn.copied}”`);
    });
    expect(found).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
