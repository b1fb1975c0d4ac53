// Two layout findings of UI walkthrough 4, measured in Chromium against the
// real headless shell and vault, in English and Chinese at 1280×800 and
// 900×700:
// - every stage column's header is laid out alike: the stage's name and its
//   count on one line, the weighted total under the total (a short "Weighted
//   €0" of the Lost column once sat beside it, and "Negotiation" once had its
//   count of 15 under it), no amount cut;
// - a contact's tags in the list are cut, or counted in "+n", only when the
//   tags column has no room left for them, and at 1280 px the column holds
//   "key account" and "decision maker" whole ("ke…" and "decisi…" were all
//   it showed).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { defaultStageIds, openBoard, openSection, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { acrossLanguagesAndSizes, shot, sizes } from './layout-steps';
import { columnWidths, tagProblems } from './tags-steps';
import { call } from './proxied-server';

const password = 'headers laid out alike';
/** Deals per stage: two digits beside "Negotiation", as in the walkthrough's demo data. */
const dealsPerStage: Readonly<Record<string, number>> = { lead: 22, qualified: 21, proposal: 11, negotiation: 15, won: 8, lost: 13 };
const contacts = [
  { name: 'Alistair Evans', tags: ['key account', 'decision maker'] },
  { name: 'Alistair Wright', tags: ['decision maker'] },
  { name: 'Aitana Pérez', tags: ['VIP'] },
];

/** What differs between the board's column headers, or is cut in them. */
function headerProblems(page: Page): Promise<string[]> {
  return page.getByTestId('pipeline-board').evaluate((root) => {
    const found: string[] = [];
    const slack = 1;
    const places = new Map<string, string[]>();
    for (const column of Array.from(root.querySelectorAll<HTMLElement>('section[data-testid^="column-"]'))) {
      const id = (column.dataset['testid'] ?? '').replace('column-', '');
      const name = column.querySelector('.board-column__title h2');
      const count = column.querySelector('[data-testid="column-count"]');
      const total = column.querySelector('[data-testid="column-total"] .board-column__total');
      if (name === null || count === null || total === null) {
        found.push(`${id}: no name, count or total`);
        continue;
      }
      const range = document.createRange();
      range.selectNodeContents(name);
      const nameLines = new Set(Array.from(range.getClientRects()).filter((rect) => rect.width > 0).map((rect) => Math.round(rect.top)));
      const nameBox = name.getBoundingClientRect();
      const countBox = count.getBoundingClientRect();
      if (nameLines.size !== 1) found.push(`${id}: the name takes ${nameLines.size} lines`);
      if (name.scrollWidth > name.clientWidth + slack) found.push(`${id}: the name “${name.textContent}” is cut`);
      if (countBox.top >= nameBox.bottom - slack || countBox.left < nameBox.right - slack) found.push(`${id}: the count is not beside the name`);
      const amount = total.firstElementChild;
      const weighted = total.lastElementChild;
      if (amount === null || weighted === null || amount === weighted) {
        found.push(`${id}: no total and weighted total`);
        continue;
      }
      for (const part of [amount, weighted]) {
        const box = part.getBoundingClientRect();
        const columnBox = column.getBoundingClientRect();
        const cut = part.scrollWidth > part.clientWidth + slack || box.right > columnBox.right + slack;
        if (cut) found.push(`${id}: “${part.textContent}” is cut`);
      }
      const a = amount.getBoundingClientRect();
      const w = weighted.getBoundingClientRect();
      const place = w.top >= a.bottom - slack && Math.abs(w.left - a.left) <= slack ? 'under' : w.left >= a.right - slack ? 'beside' : 'elsewhere';
      places.set(place, [...(places.get(place) ?? []), id]);
    }
    if (places.size > 1) found.push(`the weighted total is placed differently: ${Array.from(places, ([place, ids]) => `${place}: ${ids.join(', ')}`).join('; ')}`);
    else if (!places.has('under')) found.push(`the weighted total is not under the total: ${Array.from(places.keys()).join(', ')}`);
    return found;
  });
}

describe('board headers and list tags as the walkthrough found them', () => {
  const route = new InjectingRoute();
  const app = useApp({ context: { viewport: sizes[0] }, route, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    let index = 0;
    for (const stageId of defaultStageIds) {
      for (let n = 0; n < (dealsPerStage[stageId] ?? 0); n += 1) {
        await call(route, 'deals.create', {
          name: `Deal ${index}`,
          amount: 3_000_000 + index * 123_457,
          currency: 'EUR',
          stageId,
          ...(stageId === 'lost' ? { probability: 0 } : {}),
          expectedCloseDate: `2027-${String((index % 12) + 1).padStart(2, '0')}-15`,
        });
        index += 1;
      }
    }
    for (const contact of contacts) await call(route, 'contacts.create', { ...contact, phones: ['+44 7700 900723'] });
  }, 120_000);

  it('lays out every stage column’s header alike: name and count on one line, the weighted total under the total', async () => {
    const found: string[] = [];
    await acrossLanguagesAndSizes(page, async (language, size) => {
      await openBoard(page);
      await shot(page, `board-header-${language}-${size.width}`);
      for (const problem of await headerProblems(page)) found.push(`${language} ${size.width}px: ${problem}`);
    });
    expect(found).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('cuts a contact’s tags in the list only when the tags column has no room for them', async () => {
    const found: string[] = [];
    await acrossLanguagesAndSizes(page, async (language, size) => {
      await openSection(page, 'contacts');
      await page.getByTestId('contact-table-row').first().waitFor(ui);
      await shot(page, `contacts-tags-${language}-${size.width}`);
      const widths = await columnWidths(page, 'contact-table');
      // Where the list is as wide as at 1280 px, a tags column holds the first tag whole.
      for (const problem of await tagProblems(page, 'contact-table', size.width >= 1280)) found.push(`${language} ${size.width}px: ${problem} (columns ${JSON.stringify(widths)})`);
    });
    expect(found).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
