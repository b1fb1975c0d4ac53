// The pipeline board as the UI walkthrough found it with an organisation that
// sells in nine currencies, measured in Chromium against the real headless
// shell and vault, in English and Chinese, light and dark, at 1280×800 and
// 900×700:
// - each column's header keeps to its count and its main currency's totals,
//   with a button that shows the other currencies, so the first card of
//   every column is in view without scrolling;
// - every stage's name shows whole, and a card's name breaks between words;
// - dropping a card on Won or Lost asks first, as the keyboard does, and
//   Cancel leaves the deal where it was, with nothing written.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { defaultStageIds as stageIds, openBoard, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { setLanguage, setTheme, shot, sizes } from './layout-steps';
import { call } from './proxied-server';

const password = 'nine currencies on one board';
const currencies = ['CAD', 'CHF', 'CNY', 'EUR', 'GBP', 'JPY', 'NOK', 'SEK', 'USD'];
const products = [
  'Consumables subscription',
  'Site survey and installation',
  'Annual service plan',
  'Spare parts framework agreement',
  'Fleet maintenance contract',
  'Warehouse scanners (40 units)',
  'Replacement of line 2',
  'Onboarding workshop',
  'Cold-chain sensors',
];
const accounts = ['Vauban Logistique', '华信物流有限公司', 'Nordlicht Energie GmbH'];

/** What is wrong with the board as it is painted now: cards out of view, stage names cut, card names broken inside a word. */
function boardDefects(page: Page): Promise<string[]> {
  return page.getByTestId('pipeline-board').evaluate((root) => {
    const found: string[] = [];
    const broken = new Set<string>();
    const board = root.querySelector('.board')?.getBoundingClientRect();
    if (board === undefined) return ['no board'];
    const scroller = document.querySelector('.workspace__page');
    if ((scroller?.scrollTop ?? 0) !== 0 || window.scrollY !== 0) found.push('the page is scrolled');
    for (const column of Array.from(root.querySelectorAll<HTMLElement>('section[data-testid^="column-"]'))) {
      const id = (column.dataset['testid'] ?? '').replace('column-', '');
      const columnBox = column.getBoundingClientRect();
      const sideways = columnBox.left >= board.left - 0.5 && columnBox.right <= board.right + 0.5;
      // The first card, whole, inside its column's list and the window, with the list at its top.
      const cards = column.querySelector('.board-column__cards');
      const card = column.querySelector('[data-testid="deal-card"]');
      if (cards === null || card === null) {
        found.push(`${id}: no card`);
        continue;
      }
      const list = cards.getBoundingClientRect();
      const box = card.getBoundingClientRect();
      if (cards.scrollTop !== 0) found.push(`${id}: the cards are scrolled`);
      if (box.top < list.top - 0.5 || box.bottom > Math.min(list.bottom, window.innerHeight) + 0.5) {
        found.push(`${id}: the first card spans ${Math.round(box.top)}–${Math.round(box.bottom)} px, its list ${Math.round(list.top)}–${Math.round(Math.min(list.bottom, window.innerHeight))} px`);
      }
      // The stage's name, whole: not clipped by its box, nor cut by an ellipsis.
      const heading = column.querySelector('h2');
      if (heading === null) found.push(`${id}: no heading`);
      else {
        const range = document.createRange();
        range.selectNodeContents(heading);
        const text = range.getBoundingClientRect();
        const clipped = heading.scrollWidth > heading.clientWidth + 0.5 || heading.scrollHeight > heading.clientHeight + 0.5;
        if (clipped || text.left < columnBox.left || text.right > columnBox.right) found.push(`${id}: the stage name “${heading.textContent}” is cut`);
      }
      if (!sideways) continue;
      // Card names in view break only where a word ends (between Chinese characters, anywhere).
      for (const name of Array.from(column.querySelectorAll('.deal-card__name-text'))) {
        const node = name.firstChild;
        if (!(node instanceof Text)) continue;
        const text = node.data;
        const chars = Array.from(text);
        let offset = 0;
        let lastTop: number | null = null;
        const word = /[\p{L}\p{N}]/u;
        const han = /\p{Script=Han}/u;
        for (const [index, char] of chars.entries()) {
          const range = document.createRange();
          range.setStart(node, offset);
          range.setEnd(node, offset + char.length);
          offset += char.length;
          const rect = Array.from(range.getClientRects()).find((candidate) => candidate.width > 0);
          if (rect === undefined) continue;
          const before = chars[index - 1] ?? '';
          if (lastTop !== null && rect.top > lastTop + 2 && word.test(before) && word.test(char) && !han.test(before) && !han.test(char)) {
            broken.add(`${id}: “${text}” breaks inside a word, between “${before}” and “${char}”`);
          }
          lastTop = rect.top;
        }
      }
    }
    return [...found, ...broken];
  });
}

describe('the pipeline board of a nine-currency organisation', () => {
  const route = new InjectingRoute();
  const app = useApp({ context: { viewport: sizes[0] }, route, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    const accountIds: string[] = [];
    for (const name of accounts) {
      const account = (await call(route, 'accounts.create', { name })) as { id: string };
      accountIds.push(account.id);
    }
    // Every stage holds 108 deals, 12 in each of nine currencies (a three-digit count beside the stage's name), the
    // amounts large enough to need their longest form.
    let index = 0;
    for (const stageId of stageIds) {
      for (const currency of Array.from({ length: 12 }, () => currencies).flat()) {
        const accountIndex = index % accounts.length;
        await call(route, 'deals.create', {
          name: `${products[Math.floor(index / 2) % products.length] ?? ''} – ${accounts[accountIndex] ?? ''}`,
          accountId: accountIds[accountIndex],
          amount: 73_560_000 + index * 1_234_567,
          currency,
          stageId,
          expectedCloseDate: `2027-${String((index % 12) + 1).padStart(2, '0')}-15`,
        });
        index += 1;
      }
    }
  }, 120_000);

  it('shows the first card of every column and every stage name whole, with nine currencies, in both languages and themes', async () => {
    const found: string[] = [];
    for (const language of ['en', 'zh-CN']) {
      await setLanguage(page, language);
      for (const theme of ['light', 'dark'] as const) {
        await setTheme(page, theme);
        for (const size of sizes) {
          await page.setViewportSize(size);
          await openBoard(page);
          await shot(page, `board-${language}-${theme}-${size.width}`);
          for (const defect of await boardDefects(page)) found.push(`${language} ${theme} ${size.width}×${size.height}: ${defect}`);
        }
      }
    }
    await setTheme(page, 'light');
    await setLanguage(page, 'en');
    await page.setViewportSize(sizes[0]);
    expect(found).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 300_000);

  it('shows a column’s main currency and folds the other eight behind a button a keyboard opens and closes', async () => {
    await page.setViewportSize(sizes[1]);
    await openBoard(page);
    const column = page.getByTestId('column-lead');
    const totals = column.getByTestId('column-total').locator('.board-column__total').filter({ visible: true });
    const toggle = column.getByTestId('column-currencies');
    // The board's main currency (every one has as many deals: the first in code order) in each column.
    for (const stage of stageIds) {
      const shown = page.getByTestId(`column-${stage}`).getByTestId('column-total').locator('.board-column__total').filter({ visible: true });
      expect(await shown.count()).toBe(1);
      expect(await shown.textContent()).toMatch(/^CA\$/);
    }
    expect(await column.getByRole('button', { name: '+8 currencies' }).count()).toBe(1);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    const others = column.getByTestId('column-other-totals');
    expect(await toggle.getAttribute('aria-controls')).toBe(await others.getAttribute('id'));

    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await others.isVisible()).toBe(true);
    expect(await totals.count()).toBe(currencies.length);
    const symbols = ['CA$', 'CHF', 'CN¥', '€', '£', '¥', 'NOK', 'SEK', '$'];
    const shown = await totals.locator('.board-column__amount').allTextContents();
    expect(shown.map((text, index) => text.startsWith(symbols[index] ?? '?'))).toEqual(symbols.map(() => true));
    expect(await column.getByRole('button', { name: 'Fewer currencies' }).count()).toBe(1);
    await shot(page, 'board-currencies-open');
    // Opened, the button stays in view where it was, and the other totals keep inside the column and the window.
    const placed = await column.evaluate((element) => {
      const bottom = Math.min(element.getBoundingClientRect().bottom, window.innerHeight);
      const button = element.querySelector('[data-testid="column-currencies"]')?.getBoundingClientRect();
      const list = element.querySelector('[data-testid="column-other-totals"]')?.getBoundingClientRect();
      return { button: button !== undefined && button.bottom <= bottom, list: list !== undefined && list.bottom <= bottom };
    });
    expect(placed).toEqual({ button: true, list: true });

    await page.keyboard.press('Space');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await others.isVisible()).toBe(false);
    expect(await totals.count()).toBe(1);
    await page.setViewportSize(sizes[0]);
    expect(pageErrors).toEqual([]);
  });

  it('asks before a card dropped on Won or Lost closes its deal, as the keyboard does, and Cancel writes nothing', async () => {
    await openBoard(page);
    const first = page.getByTestId('column-negotiation').getByTestId('deal-card').first();
    const id = await first.getAttribute('data-deal-id');
    if (id === null) throw new Error('no card');
    const card = (stage: string) => page.getByTestId(`column-${stage}`).locator(`[data-deal-id="${id}"]`);
    const count = (stage: string) => page.getByTestId(`column-${stage}`).getByTestId('column-count').textContent();
    const chooser = page.getByTestId('choose-stage');
    const movesBefore = route.calls.filter((channel) => channel === 'deals.moveStage').length;

    // Dropped on Won: the question the keyboard asks, Won picked; the card stays where it was meanwhile.
    await card('negotiation').dragTo(page.getByTestId('column-won'));
    await page.locator('[data-testid="choose-stage"], [data-testid="moved-toast"]').first().waitFor(ui);
    expect(await page.getByTestId('moved-toast').count()).toBe(0);
    expect(await chooser.getByTestId('stage-choice-won').isChecked()).toBe(true);
    expect(await chooser.getByTestId('stage-choice-lost').isChecked()).toBe(false);
    expect(await card('negotiation').count()).toBe(1);
    expect(await card('won').count()).toBe(0);
    await shot(page, 'board-drop-on-won');

    // Cancel: no write, the deal where it was, also after the board reads the vault again.
    await chooser.getByRole('button', { name: 'Cancel' }).click();
    await chooser.waitFor({ state: 'detached', timeout: ui.timeout });
    await openBoard(page);
    expect(await card('negotiation').count()).toBe(1);
    expect(await count('won')).toBe('108');
    expect(route.calls.filter((channel) => channel === 'deals.moveStage').length).toBe(movesBefore);

    // Confirmed, it moves.
    await card('negotiation').dragTo(page.getByTestId('column-won'));
    await chooser.waitFor(ui);
    await chooser.getByTestId('lost-reason-confirm').click();
    await page.getByTestId('moved-toast').filter({ hasText: 'Won' }).waitFor(ui);
    await chooser.waitFor({ state: 'detached', timeout: ui.timeout });
    await card('won').waitFor(ui);
    await expect.poll(() => count('won'), ui).toBe('109');

    // Dropped on Lost: the same question with Lost picked, and its reason.
    await card('won').dragTo(page.getByTestId('column-lost'));
    await chooser.waitFor(ui);
    expect(await chooser.getByTestId('stage-choice-lost').isChecked()).toBe(true);
    expect(await card('won').count()).toBe(1);
    await chooser.getByTestId('lost-reason-input').fill('Chose a competitor');
    await chooser.getByTestId('lost-reason-confirm').click();
    await page.getByTestId('moved-toast').filter({ hasText: 'Lost' }).waitFor(ui);
    await card('lost').waitFor(ui);
    expect(route.calls.filter((channel) => channel === 'deals.moveStage').length).toBe(movesBefore + 2);
    expect(pageErrors).toEqual([]);
  });

  it('asks before the deal page’s stage path closes a deal as Won, and Cancel writes nothing', async () => {
    // The moves of the test before have had their toasts go: a toast seen below is this test's.
    await expect.poll(() => page.getByTestId('moved-toast').count(), ui).toBe(0);
    await openBoard(page);
    const first = page.getByTestId('column-proposal').getByTestId('deal-card').first();
    // Enter opens a focused card (a click lands on the card, which drags; its name is the link).
    await first.focus();
    await page.keyboard.press('Enter');
    const detail = page.getByTestId('deal-detail');
    await detail.waitFor(ui);
    const current = () => detail.getByTestId('stage-path').locator('[aria-current="step"]').textContent();
    const before = await current();
    const movesBefore = route.calls.filter((channel) => channel === 'deals.moveStage').length;
    const chooser = page.getByTestId('choose-stage');

    await page.getByTestId('stage-step-won').click();
    await page.locator('[data-testid="choose-stage"], [data-testid="moved-toast"]').first().waitFor(ui);
    expect(await page.getByTestId('moved-toast').count()).toBe(0);
    expect(await chooser.getByTestId('stage-choice-won').isChecked()).toBe(true);
    await chooser.getByRole('button', { name: 'Cancel' }).click();
    await chooser.waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await current()).toBe(before);
    expect(route.calls.filter((channel) => channel === 'deals.moveStage').length).toBe(movesBefore);

    await page.getByTestId('stage-step-won').click();
    await chooser.getByTestId('lost-reason-confirm').click();
    await page.getByTestId('moved-toast').filter({ hasText: 'Won' }).waitFor(ui);
    await expect.poll(current, ui).toContain('Won');
    expect(route.calls.filter((channel) => channel === 'deals.moveStage').length).toBe(movesBefore + 1);
    expect(pageErrors).toEqual([]);
  });
});
