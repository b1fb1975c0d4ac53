// Where long texts wrap or are cut, as a UI walkthrough found them, measured in
// Chromium against the real headless shell and vault, in English and Chinese,
// at 1280×800 and 900×700:
// - the board's column headers are as tall as the tallest (a stage name on two
//   lines, a "+N currencies" button, the other currencies opened), so the
//   first cards of all columns start level;
// - a stage's or a card's name on the board never breaks inside a word: a word
//   longer than the column ends in an ellipsis, the whole name in a tooltip;
// - a website in an account's Details card wraps only before a "/", a dot, a
//   "?" or a "#", never at a hyphen, and copies whole;
// - a list cell cut with an ellipsis (an e-mail address, a website) shows its
//   whole value in a tooltip, and a cell that fits gets none;
// - on an account's page, a contact's long e-mail address in the Contacts card
//   ends in an ellipsis inside the card, whole in a tooltip.
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { defaultStageIds as stageIds, openBoard, openSection, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { acrossLanguagesAndSizes, drawnText, shot } from './layout-steps';
import { call } from './proxied-server';

const password = 'long words in narrow places';
/** Stage names: one on two lines in every column width, one a single word longer than a column. */
const stageNames = { qualified: 'Qualified for technical evaluation', proposal: 'Angebotsunterbreitungsphase' } as const;
const longWordDeal = 'Instandhaltungsrahmenvertrag Nordlicht';
const account = { name: 'Northwind Traders Ltd', website: 'https://www.northwind-traders.example/en/service-and-maintenance?ref=field-vault#contact-us' };
const contact = { name: 'Maximilian Oberhuber', email: 'maximilian.oberhuber-hollenstein@northwind-traders-logistics.example', phone: '+43 662 1234' };

/** The top edge of each column's first card, by stage. */
function firstCardTops(page: Page): Promise<Record<string, number>> {
  return page.locator('.board').evaluate((board) => {
    const tops: Record<string, number> = {};
    for (const slot of Array.from(board.querySelectorAll<HTMLElement>('[data-stage-id]'))) {
      const card = slot.querySelector('[data-testid="deal-card"]');
      tops[slot.dataset['stageId'] ?? '?'] = card === null ? Number.NaN : Math.round(card.getBoundingClientRect().top * 10) / 10;
    }
    return tops;
  });
}

/** What is wrong with the first cards' tops: '' when all are level. */
function unlevel(tops: Record<string, number>): string {
  const values = Object.values(tops);
  const level = values.length === stageIds.length && values.every((top) => Math.abs(top - (values[0] ?? Number.NaN)) <= 0.5);
  return level ? '' : `first cards start at ${JSON.stringify(tops)}`;
}

/** The title `text` shows once the pointer is over it (null for none). */
async function hoverTitle(text: Locator): Promise<string | null> {
  await text.scrollIntoViewIfNeeded();
  await text.hover();
  return text.getAttribute('title');
}

/** Whether a box cuts its text (an ellipsis or a clamp), and how it cuts it. */
function cutOf(text: Locator): Promise<{ readonly cut: boolean; readonly overflow: string; readonly whole: string }> {
  return text.evaluate((element) => ({
    cut: element.scrollWidth > element.clientWidth || element.scrollHeight > element.clientHeight,
    overflow: getComputedStyle(element).textOverflow,
    whole: element.textContent,
  }));
}

describe('long texts in narrow places', () => {
  const route = new InjectingRoute();
  const app = useApp({ route, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    const { stages } = (await call(route, 'pipeline.get', {})) as { stages: { id: string; name: string; probability: number; kind: string }[] };
    await call(route, 'pipeline.update', {
      stages: stages.map(({ id, name, probability, kind }) => ({ id, probability, kind, name: id in stageNames ? stageNames[id as keyof typeof stageNames] : name })),
    });
    const { id: accountId } = (await call(route, 'accounts.create', account)) as { id: string };
    await call(route, 'contacts.create', { name: contact.name, accountId, emails: [contact.email], phones: [contact.phone] });
    // One column holds two currencies (a "+1 currencies" button in its header), the others one.
    const deals = [
      { stageId: 'lead', name: 'Annual service plan', currency: 'EUR' },
      { stageId: 'lead', name: 'Spare parts', currency: 'USD' },
      { stageId: 'qualified', name: 'Site survey', currency: 'EUR' },
      { stageId: 'proposal', name: longWordDeal, currency: 'EUR' },
      { stageId: 'negotiation', name: 'Cold-chain sensors', currency: 'EUR' },
      { stageId: 'won', name: 'Onboarding workshop', currency: 'EUR' },
      { stageId: 'lost', name: 'Replacement of line 2', currency: 'EUR' },
    ];
    for (const deal of deals) await call(route, 'deals.create', { ...deal, accountId, amount: 1_250_000, expectedCloseDate: '2027-03-15' });
  }, 120_000);

  it('starts every column’s first card level, with a stage name on two lines and a column’s currencies folded or open', async () => {
    const found: string[] = [];
    await acrossLanguagesAndSizes(page, async (language, size) => {
      const where = `${language} ${size.width}px`;
      await openBoard(page);
      await shot(page, `${language}-${size.width}-board-headers`);
      const heading = page.getByTestId('column-qualified').locator('h2');
      const rows = await drawnText(heading, '.board-column');
      if (rows.breaks.length === 0) found.push(`${where}: the long stage name fits one line, nothing to line up`);
      const folded = unlevel(await firstCardTops(page));
      if (folded !== '') found.push(`${where}: ${folded}`);
      const toggle = page.getByTestId('column-lead').getByTestId('column-currencies');
      await toggle.click();
      await page.getByTestId('column-lead').getByTestId('column-other-totals').waitFor(ui);
      const open = unlevel(await firstCardTops(page));
      if (open !== '') found.push(`${where}, other currencies open: ${open}`);
      await toggle.click();
    });
    expect(found).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('never breaks a stage’s or a card’s name on the board inside a word, and shows a cut name whole in a tooltip', async () => {
    const found: string[] = [];
    let cut = 0;
    await acrossLanguagesAndSizes(page, async (language, size) => {
      const where = `${language} ${size.width}px`;
      await openBoard(page);
      await shot(page, `${language}-${size.width}-board-words`);
      const names = page.locator('.board-column__title h2, .deal-card__name');
      for (let index = 0; index < (await names.count()); index += 1) {
        const name = names.nth(index);
        const drawn = await drawnText(name, '.board-column');
        for (const at of drawn.breaks) if (/^\p{Script=Latin}\|\p{Script=Latin}$/u.test(at)) found.push(`${where}: “${await name.textContent()}” breaks inside a word at ${at}`);
        // A card's name is cut by its text's own box inside the button.
        const text = (await name.locator('.deal-card__name-text').count()) > 0 ? name.locator('.deal-card__name-text') : name;
        const shown = await cutOf(text);
        if (!shown.cut) continue;
        cut += 1;
        if (shown.overflow !== 'ellipsis') found.push(`${where}: “${shown.whole}” is cut with no ellipsis`);
        const title = await hoverTitle(text);
        if (title !== shown.whole) found.push(`${where}: cut “${shown.whole}” has the tooltip “${title ?? ''}”`);
      }
    });
    expect(found).toEqual([]);
    // The long words are cut (this browser has no hyphenation dictionaries), in every language and size.
    expect(cut).toBeGreaterThanOrEqual(8);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('wraps a website in the Details card only before a “/”, a dot, a “?” or a “#”, keeps it in the card, and copies it whole', async () => {
    const found: string[] = [];
    await acrossLanguagesAndSizes(page, async (language, size) => {
      const where = `${language} ${size.width}px`;
      await openSection(page, 'accounts');
      await page.getByTestId('account-table-row').filter({ hasText: account.name }).click();
      const website = page.getByTestId('inline-website').locator('.value-text');
      await website.waitFor(ui);
      await shot(page, `${language}-${size.width}-website`);
      const drawn = await drawnText(website, '[data-testid="fields-card"]');
      if (drawn.breaks.length === 0) found.push(`${where}: the website fits one line, nothing to wrap`);
      for (const at of drawn.breaks) if (at.startsWith('-') || !/\|[/.?#]$/.test(at)) found.push(`${where}: the website wraps at ${at}`);
      if (drawn.outside) found.push(`${where}: the website runs past the card`);
      if (drawn.copied !== account.website) found.push(`${where}: it copies as “${drawn.copied}”`);
    });
    expect(found).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('shows a list cell its column cuts whole in a tooltip, and gives a cell that fits none', async () => {
    const found: string[] = [];
    let cut = 0;
    await acrossLanguagesAndSizes(page, async (language, size) => {
      const where = `${language} ${size.width}px`;
      for (const list of [
        { section: 'contacts', table: 'contact-table', name: contact.name, cells: { email: contact.email, phone: contact.phone } },
        { section: 'accounts', table: 'account-table', name: account.name, cells: { website: account.website.replace('https://', '') } },
      ] as const) {
        await openSection(page, list.section);
        const row = page.getByTestId(`${list.table}-row`).filter({ hasText: list.name });
        await row.waitFor(ui);
        await shot(page, `${language}-${size.width}-${list.section}-cut-cells`);
        for (const [column, value] of Object.entries(list.cells)) {
          const text = row.locator(`[role="cell"][data-column="${column}"] .truncate`);
          // A column the list leaves out at this width.
          if ((await text.count()) === 0) continue;
          const shown = await cutOf(text);
          const title = await hoverTitle(text);
          if (shown.cut) {
            cut += 1;
            if (title !== value) found.push(`${where} ${list.section} ${column}: cut “${value}” has the tooltip “${title ?? ''}”`);
          } else if (title !== null) found.push(`${where} ${list.section} ${column}: “${value}” fits and has the tooltip “${title}”`);
        }
      }
    });
    expect(found).toEqual([]);
    expect(cut).toBeGreaterThanOrEqual(4);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('keeps a contact’s long e-mail address inside the account page’s Contacts card, cut with an ellipsis and whole in a tooltip', async () => {
    const found: string[] = [];
    await acrossLanguagesAndSizes(page, async (language, size) => {
      const where = `${language} ${size.width}px`;
      await openSection(page, 'accounts');
      await page.getByTestId('account-table-row').filter({ hasText: account.name }).click();
      const card = page.getByTestId('related-contacts');
      const email = card.locator('.related-list__link .truncate').filter({ hasText: contact.email });
      await email.waitFor(ui);
      await shot(page, `${language}-${size.width}-related-email`);
      const past = await email.evaluate((element) => {
        const box = element.closest('[data-testid="related-contacts"]')?.getBoundingClientRect();
        return box === undefined ? Number.NaN : element.getBoundingClientRect().right - box.right;
      });
      if (!(past <= 0)) found.push(`${where}: the address runs ${past}px past the card`);
      const shown = await cutOf(email);
      if (!shown.cut || shown.overflow !== 'ellipsis') found.push(`${where}: the address is not cut with an ellipsis (${JSON.stringify(shown)})`);
      const title = await hoverTitle(email);
      if (title !== contact.email) found.push(`${where}: the cut address has the tooltip “${title ?? ''}”`);
    });
    expect(found).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
