// Layout defects found by the screen walkthrough, measured in Chromium against
// the real headless shell and vault, in English and Chinese, at 1280×800 and
// 900×700:
// - each list fits its box (no last columns out of sight), and the contacts' "Updated" shows whole;
// - contacts, accounts and deals show their Owner column from 1440 px, and drop it first below that;
// - each stage of the board is in view, or a visible button brings it into view;
// - a board card shows its account's name whole;
// - the board's header keeps the view switcher on the title's row;
// - a contact's and a deal's overdue tasks are in view at 1280×800 without scrolling;
// - the import report's skipped-rows heading keeps clear of the table above it.
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { localDateTime } from './crm-fixtures';
import { createRecord, fillAndCreate, openSection, setAddress, ui, type Section } from './crm-steps';
import { acrossLanguagesAndSizes, languages, setLanguage, setTheme, shot, sizes } from './layout-steps';

const password = 'every column in its box';
const account = 'Northwind Traders Ltd';
const contact = 'Ada Lovelace';
const deal = 'Northwind packaging line';

/** Creates a record through the list's "New …" dialog, with the account picked when asked. */
function create(page: Page, section: Section, kind: string, fields: Readonly<Record<string, string>>, withAccount = false): Promise<void> {
  return createRecord(page, section, kind, fields, withAccount ? { typed: 'Northwind', name: account } : undefined);
}

/** Adds an overdue task from the open record page's `button`. */
async function addOverdueTask(page: Page, button: string, title: string): Promise<void> {
  await page.getByTestId(button).click();
  await fillAndCreate(page, 'task', { title, dueAt: localDateTime(-3, 9) });
  await page.getByTestId('related-tasks').getByText(title).waitFor(ui);
}

/** How the table sits in its box: the width it needs, the width it has, and the headers that end outside it. */
function tableFit(table: Locator) {
  return table.evaluate((root) => {
    const box = root.getBoundingClientRect();
    const cut = Array.from(root.querySelectorAll('[role="columnheader"]'))
      .filter((header) => header.getBoundingClientRect().right > box.right + 0.5)
      .map((header) => header.textContent);
    return { needs: root.scrollWidth, has: root.clientWidth, cut };
  });
}

/** Texts under `scope` matching `selector` that are cut: by an ellipsis or overflow inside them, or past the `boxSelector` box. */
function cutTexts(scope: Locator, selector: string, boxSelector: string): Promise<string[]> {
  return scope.evaluate(
    (root, { selector, boxSelector }) => {
      const cut: string[] = [];
      for (const element of Array.from(root.querySelectorAll(selector))) {
        const box = (element.closest(boxSelector) ?? root).getBoundingClientRect();
        const clipped = [element, ...Array.from(element.querySelectorAll('*'))].some((inner) => inner.scrollWidth > inner.clientWidth && getComputedStyle(inner).overflowX !== 'visible');
        const range = document.createRange();
        range.selectNodeContents(element);
        const outside = Array.from(range.getClientRects()).some((rect) => rect.width > 0 && (rect.left < box.left - 0.5 || rect.right > box.right + 0.5));
        if (clipped || outside) cut.push(element.textContent);
      }
      return cut;
    },
    { selector, boxSelector },
  );
}

/** Opens the pipeline board and waits until it has sized itself (and drawn any way to hidden stages). */
async function openBoard(page: Page): Promise<void> {
  await openSection(page, 'deals');
  await page.getByTestId('deals-view-board').click();
  await page.getByTestId('deal-card').first().waitFor(ui);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

describe('layout defects from the screen walkthrough', () => {
  const app = useApp({ context: { viewport: sizes[0] }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);

    // A contact with every detail a real one has, and a deal in each stage of the same account.
    await create(page, 'accounts', 'account', { name: account });
    await create(page, 'contacts', 'contact', { name: contact, title: 'Head of Operations', emails: 'ada.lovelace@northwind.example', phones: '+44 20 7946 0958', tags: 'key, uk' }, true);
    await setAddress(page, { street: '12 Harbour Road', city: 'Bristol', region: 'Avon', postalCode: 'BS1 5TT', country: 'United Kingdom' });
    await addOverdueTask(page, 'detail-add-task', 'Send the signed quote back');
    const stages = ['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost'];
    for (const [index, stageId] of stages.entries()) {
      await create(page, 'deals', 'deal', { name: index === 0 ? deal : `Northwind ${stageId} order`, amount: String(12_500 * (index + 1)), currency: 'USD', stageId }, true);
    }
    await openSection(page, 'deals');
    await page.getByTestId('deal-table-row').filter({ hasText: deal }).click();
    await page.getByTestId('deal-detail').waitFor(ui);
    await addOverdueTask(page, 'related-tasks-add', 'Chase the purchase order');
    await create(page, 'activities', 'activity', { subject: 'Site visit at the Bristol plant', durationMinutes: '45', outcome: 'Wants a second quote' });
  }, 180_000);

  it('fits each list in its box at 1280 and 900 px, and shows the contacts’ “Updated” whole', async () => {
    const lists = [
      { section: 'deals', table: 'deal-table' },
      { section: 'contacts', table: 'contact-table' },
      { section: 'accounts', table: 'account-table' },
      { section: 'tasks', table: 'task-table' },
      { section: 'activities', table: 'activity-table' },
    ] as const;
    const found: string[] = [];
    await acrossLanguagesAndSizes(page, async (language, size) => {
      for (const list of lists) {
        await openSection(page, list.section);
        const table = page.getByTestId(list.table);
        await page.getByTestId(`${list.table}-row`).first().waitFor(ui);
        await shot(page, `${language}-${size.width}-${list.section}`);
        const fit = await tableFit(table);
        const where = `${language} ${size.width}px ${list.section}`;
        if (fit.needs > fit.has) found.push(`${where}: needs ${fit.needs} px in ${fit.has}, cutting ${fit.cut.join(', ')}`);
      }
      // The relative time of the last change ("13 seconds ago") in full.
      await openSection(page, 'contacts');
      await page.getByTestId('contact-table-row').first().waitFor(ui);
      const column = await page.getByTestId('contact-table').evaluate((root) =>
        Array.from(root.querySelectorAll('[role="columnheader"]')).findIndex((header) => header.querySelector('[data-testid="sort-updatedAt"]') !== null),
      );
      expect(column).toBeGreaterThan(0);
      const rows = page.getByTestId('contact-table-row');
      for (const time of await rows.locator(`[role="cell"]:nth-child(${column + 1})`).all()) {
        for (const text of await cutTexts(time, 'time', '[role="cell"]')) found.push(`${language} ${size.width}px contacts: “${text}” is cut`);
      }
    });
    expect(found).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('shows the Owner column on contacts, accounts and deals where there is room, and drops it first where there is not', async () => {
    const lists = [
      // At 900 px the tags column (12.5rem) goes before the account, which then fits.
      { section: 'contacts', table: 'contact-table', all: ['name', 'account', 'email', 'phone', 'tags', 'updatedAt', 'owner'], at900: ['name', 'account', 'email', 'phone', 'updatedAt'] },
      { section: 'accounts', table: 'account-table', all: ['name', 'industry', 'territory', 'website', 'tags', 'updatedAt', 'owner'], at900: ['name', 'industry', 'territory', 'website', 'updatedAt'] },
      // At 900 px the deals' Account goes too, before their names shrink (walkthrough-details).
      { section: 'deals', table: 'deal-table', all: ['name', 'account', 'stage', 'amount', 'probability', 'expectedCloseDate', 'owner'], at900: ['name', 'stage', 'amount', 'expectedCloseDate'] },
    ] as const;
    const widths = [
      { width: 1920, height: 1080 },
      { width: 1440, height: 900 },
      ...sizes,
    ] as const;
    const found: string[] = [];
    for (const size of widths) {
      await page.setViewportSize(size);
      for (const list of lists) {
        await openSection(page, list.section);
        const table = page.getByTestId(list.table);
        await page.getByTestId(`${list.table}-row`).first().waitFor(ui);
        await shot(page, `en-${size.width}-${list.section}-owner`);
        const shown = await table.evaluate((root) => Array.from(root.querySelectorAll('[role="columnheader"]')).map((header) => header.getAttribute('data-column')));
        // From 1440 px every column, the Owner column too; at 1280 px every column but the Owner column; at 900 px no Owner column and no other lost to it.
        const expected = size.width >= 1440 ? list.all : size.width === 1280 ? list.all.filter((id) => id !== 'owner') : list.at900;
        if (shown.join() !== expected.join()) found.push(`${size.width}px ${list.section}: shows ${shown.join(', ')}, not ${expected.join(', ')}`);
        // Every width fits its box.
        const fit = await tableFit(table);
        if (fit.needs > fit.has) found.push(`${size.width}px ${list.section}: needs ${fit.needs} px in ${fit.has}, cutting ${fit.cut.join(', ')}`);
      }
    }
    await page.setViewportSize(sizes[0]);
    expect(found).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('shows every stage of the board, or a visible button that brings its column into view', async () => {
    const found: string[] = [];
    await acrossLanguagesAndSizes(page, async (language, size) => {
      const where = `${language} ${size.width}px`;
      await openBoard(page);
      await shot(page, `${language}-${size.width}-board`);
      const stages = await page.getByTestId('pipeline-board').evaluate((root) => {
        const board = root.querySelector('.board');
        if (board === null) throw new Error('no board');
        const view = board.getBoundingClientRect();
        return Array.from(board.querySelectorAll('section[data-testid^="column-"]')).map((column) => {
          const box = column.getBoundingClientRect();
          const id = (column.getAttribute('data-testid') ?? '').replace('column-', '');
          // A button for it, in the window and not covered by anything.
          const shown = root.querySelector(`[data-testid="board-stage-${id}"]`)?.getBoundingClientRect();
          const reachable =
            shown !== undefined &&
            shown.width > 0 &&
            shown.left >= 0 &&
            shown.right <= window.innerWidth &&
            shown.bottom <= window.innerHeight &&
            document.elementFromPoint(shown.left + shown.width / 2, shown.top + shown.height / 2)?.closest(`[data-testid="board-stage-${id}"]`) !== null;
          return { id, inView: box.left >= view.left - 0.5 && box.right <= view.right + 0.5, reachable };
        });
      });
      expect(stages.map((stage) => stage.id)).toEqual(['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost']);
      for (const stage of stages) if (!stage.inView && !stage.reachable) found.push(`${where}: ${stage.id} is out of view with nothing visible leading to it`);
      for (const stage of stages.filter((candidate) => !candidate.inView && candidate.reachable)) {
        await page.getByTestId(`board-stage-${stage.id}`).click();
        await page.waitForFunction(
          (id) => {
            const board = document.querySelector('.board')?.getBoundingClientRect();
            const box = document.querySelector(`[data-testid="column-${id}"]`)?.getBoundingClientRect();
            return board !== undefined && box !== undefined && box.left >= board.left - 0.5 && box.right <= board.right + 0.5;
          },
          stage.id,
          ui,
        );
      }
      if (size.width === 900) await shot(page, `${language}-${size.width}-board-scrolled`);
      await page.getByTestId('deals-view-list').click();
    });
    expect(found).toEqual([]);
    // The stages row in the dark theme, for a person to look at.
    await setTheme(page, 'dark');
    await page.setViewportSize(sizes[1]);
    await openBoard(page);
    await page.getByTestId('board-stages').waitFor(ui);
    await shot(page, 'dark-900-board');
    await page.getByTestId('deals-view-list').click();
    await page.setViewportSize(sizes[0]);
    await setTheme(page, 'light');
    expect(pageErrors).toEqual([]);
  });

  it('shows the account name of each board card in view whole, on two lines if need be', async () => {
    const found: string[] = [];
    await acrossLanguagesAndSizes(page, async (language, size) => {
      await openBoard(page);
      for (const card of await page.getByTestId('deal-card').all()) {
        const inView = await card.evaluate((element) => {
          const board = document.querySelector('.board')?.getBoundingClientRect();
          const box = element.getBoundingClientRect();
          return board !== undefined && box.left >= board.left && box.right <= board.right;
        });
        if (!inView) continue;
        for (const text of await cutTexts(card, '.deal-card__account', '.deal-card')) found.push(`${language} ${size.width}px: card account “${text}” is cut`);
      }
      await page.getByTestId('deals-view-list').click();
    });
    expect(found).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('keeps the board’s view switcher and “New deal” on the title’s row beside the move hint', async () => {
    const found: string[] = [];
    await acrossLanguagesAndSizes(page, async (language, size) => {
      await openBoard(page);
      const header = await page.getByTestId('pipeline-board').evaluate((root) => {
        const box = (selector: string) => {
          const rect = root.querySelector(selector)?.getBoundingClientRect();
          return rect === undefined ? null : { top: rect.top, bottom: rect.bottom };
        };
        return { titles: box('.page-header__titles'), actions: box('.page-header__actions') };
      });
      if (header.titles === null || header.actions === null) throw new Error('no page header');
      if (header.actions.top >= header.titles.bottom) found.push(`${language} ${size.width}px: the view switcher is on a row below the title`);
      await page.getByTestId('deals-view-list').click();
    });
    expect(found).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('shows a contact’s and a deal’s overdue tasks without scrolling at 1280×800', async () => {
    const found: string[] = [];
    for (const language of languages) {
      await setLanguage(page, language);
      for (const theme of ['light', 'dark'] as const) {
        await setTheme(page, theme);
        for (const record of [
          { section: 'contacts', row: 'contact-table-row', name: contact, page: 'contact-detail', task: 'Send the signed quote back' },
          { section: 'deals', row: 'deal-table-row', name: deal, page: 'deal-detail', task: 'Chase the purchase order' },
        ] as const) {
          await openSection(page, record.section);
          await page.getByTestId(record.row).filter({ hasText: record.name }).click();
          await page.getByTestId(record.page).waitFor(ui);
          const task = page.getByTestId('related-tasks').locator('.related-list__item').filter({ hasText: record.task });
          await task.waitFor(ui);
          await shot(page, `${language}-${theme}-1280-${record.page}`);
          const where = await task.evaluate((element) => ({
            bottom: element.getBoundingClientRect().bottom,
            height: window.innerHeight,
            scrolled: document.querySelector('.workspace__page')?.scrollTop ?? 0,
            overdue: element.querySelector('.overdue') !== null,
          }));
          expect(where.overdue).toBe(true);
          expect(where.scrolled).toBe(0);
          if (where.bottom > where.height) found.push(`${language} ${theme} ${record.page}: the overdue task ends at ${Math.round(where.bottom)} px, below the fold (${where.height})`);
        }
      }
    }
    await setTheme(page, 'light');
    await setLanguage(page, 'en');
    expect(found).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('keeps the import report’s skipped-rows heading clear of the rejected-rows table above it', async () => {
    const chooseFile = async (name: string, csv: string) => {
      await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      await page.getByTestId('import-ready').filter({ hasText: name }).waitFor(ui);
    };
    const found: string[] = [];
    await acrossLanguagesAndSizes(page, async (language, size) => {
      await openSection(page, 'transfer');
      // One row repeats the contact already in the vault, one has no name.
      await chooseFile(`again-${language}-${size.width}.csv`, ['Name,Email', 'Ada Again,ada.lovelace@northwind.example', ',nobody@example.org', 'Dev New,dev@example.org'].join('\r\n'));
      await page.getByTestId('import-dry-run').click();
      await page.getByTestId('skipped-row').first().waitFor(ui);
      await page.getByTestId('import-skipped').scrollIntoViewIfNeeded();
      await shot(page, `${language}-${size.width}-import-report`);
      const gap = await page.getByTestId('import-report').evaluate((report) => {
        const rejected = report.querySelector('[data-testid="import-rejections"]')?.closest('.rejects')?.getBoundingClientRect();
        const skipped = report.querySelector('[data-testid="import-skipped"]')?.closest('.rejects')?.previousElementSibling?.getBoundingClientRect();
        return rejected === undefined || skipped === undefined ? null : skipped.top - rejected.bottom;
      });
      if (gap === null) throw new Error('no rejected and skipped rows in the report');
      if (gap < 12) found.push(`${language} ${size.width}px: the skipped-rows heading is ${gap.toFixed(1)} px below the rejected rows`);
    });
    expect(found).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
