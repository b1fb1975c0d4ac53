// The layout of the CRM screens, measured in Chromium against the real
// headless shell and vault, at 1280×800 and 900×700, in English and Chinese:
// list cells (numbers, dates, phones, headers) are never cut, least of all on
// the left; a table wider than its box scrolls inside it, not the page; the
// pipeline's stage columns are equal and all in view at 1280; the contact's
// Details card does not break an email or a phone mid-value; faint text keeps
// 4.5:1 against every background in both themes; and the composer's selected
// activity type does not look like the focus ring.
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { localDateTime } from './crm-fixtures';
import { fillAndCreate, openSection, ui } from './crm-steps';
import { acrossLanguagesAndSizes, setTheme, shot, sizes } from './layout-steps';

const password = 'columns that fit their numbers';

/**
 * What is wrong with the table's cells: a text cut on the left, a header or a
 * `whole` column's text cut at all or on two lines (a text made to wrap,
 * `.two-lines`, on three), another text cut without an ellipsis; and whether
 * the table spills out of the page.
 */
function tableProblems(table: Locator, whole: readonly string[]): Promise<string[]> {
  return table.evaluate((root, whole) => {
    const problems: string[] = [];
    const slack = 0.5;
    const headers = Array.from(root.querySelectorAll('[role="columnheader"]')).map((header) => header.textContent);
    for (const row of Array.from(root.querySelectorAll('[role="row"]'))) {
      const cells = Array.from(row.querySelectorAll(':scope > [role="columnheader"], :scope > [role="cell"]'));
      cells.forEach((cell, index) => {
        const isHeader = cell.getAttribute('role') === 'columnheader';
        const strict = isHeader || whole.includes(cell.getAttribute('data-column') ?? '');
        // The content box: a text running into the cell's padding is already cut by what holds it.
        const outer = cell.getBoundingClientRect();
        const padding = getComputedStyle(cell);
        const box = { left: outer.left + parseFloat(padding.paddingLeft), right: outer.right - parseFloat(padding.paddingRight) };
        const where = `${isHeader ? 'header' : 'cell'} of “${headers[index] ?? index}”`;
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
          const text = node.textContent ?? '';
          if (text.trim() === '') continue;
          // Words for screen readers only (an overdue task's "Overdue"): never meant to show.
          const holder = node.parentElement;
          if (holder === null || holder.closest('.visually-hidden') !== null) continue;
          const range = document.createRange();
          range.selectNodeContents(node);
          const lines = Array.from(range.getClientRects()).filter((rect) => rect.width > 0);
          const tops = new Set(lines.map((rect) => Math.round(rect.top)));
          // A name or title made to wrap (.two-lines: a task's title beside its checkboxes) may take two.
          const maxLines = node.parentElement?.closest('.two-lines') === null || node.parentElement === null ? 1 : 2;
          if (tops.size > maxLines) problems.push(`${where}: “${text}” takes ${tops.size} lines`);
          // What shows of the text: inside the cell's content box and every box between that clips.
          let left = box.left;
          let right = box.right;
          for (let at = node.parentElement; at !== null && at !== cell; at = at.parentElement) {
            if (getComputedStyle(at).overflowX === 'visible') continue;
            const clip = at.getBoundingClientRect();
            left = Math.max(left, clip.left);
            right = Math.min(right, clip.right);
          }
          for (const rect of lines) {
            if (rect.left < left - slack) problems.push(`${where}: “${text}” is cut on the left`);
            if (rect.right <= right + slack) continue;
            if (strict) {
              problems.push(`${where}: “${text}” is cut (${Math.round(rect.right - right)} px)`);
              continue;
            }
            let clip = node.parentElement;
            while (clip !== null && clip !== cell && getComputedStyle(clip).textOverflow !== 'ellipsis') clip = clip.parentElement;
            if (clip === null || clip === cell || clip.getBoundingClientRect().right > right + slack) {
              problems.push(`${where}: “${text}” is cut without an ellipsis`);
            }
          }
        }
      });
    }
    const page = document.querySelector('.workspace__page');
    if (root.getBoundingClientRect().right > window.innerWidth + slack) problems.push('the table runs off the window');
    if (page !== null && page.scrollWidth > page.clientWidth) problems.push('the page scrolls sideways');
    if (document.documentElement.scrollWidth > document.documentElement.clientWidth) problems.push('the window scrolls sideways');
    return problems;
  }, whole);
}

/**
 * Texts inside `scope` matching `selector` that take more than `maxLines` lines or stick out of
 * their own box or `boxSelector`'s.
 */
function textProblems(scope: Locator, selector: string, boxSelector: string, maxLines = 1): Promise<string[]> {
  return scope.evaluate(
    (root, { selector, boxSelector, maxLines }) => {
      const problems: string[] = [];
      for (const element of Array.from(root.querySelectorAll(selector))) {
        const outer = (element.closest(boxSelector) ?? root).getBoundingClientRect();
        const own = element.getBoundingClientRect();
        const box = { left: Math.max(outer.left, own.left), right: Math.min(outer.right, own.right) };
        const range = document.createRange();
        range.selectNodeContents(element);
        const rects = Array.from(range.getClientRects()).filter((rect) => rect.width > 0);
        const tops = new Set(rects.map((rect) => Math.round(rect.top)));
        const text = element.textContent;
        if (tops.size > maxLines) problems.push(`“${text}” takes ${tops.size} lines`);
        if (rects.some((rect) => rect.left < box.left - 0.5 || rect.right > box.right + 0.5)) problems.push(`“${text}” sticks out of its box`);
      }
      return problems;
    },
    { selector, boxSelector, maxLines },
  );
}

/** The pipeline board's columns: widths, and whether each is in the board's view. */
function boardGeometry(page: Page) {
  return page.getByTestId('pipeline-board').evaluate((root) => {
    const board = root.querySelector('.board');
    if (board === null) throw new Error('no board');
    const view = board.getBoundingClientRect();
    const columns = Array.from(board.querySelectorAll('section[data-testid^="column-"]')).map((column) => {
      const box = column.getBoundingClientRect();
      return { id: column.getAttribute('data-testid'), width: box.width, inView: box.left >= view.left - 0.5 && box.right <= view.right + 0.5 };
    });
    const scroller = document.querySelector('.workspace__page');
    return {
      columns,
      scrolls: board.scrollWidth > board.clientWidth,
      pageScrolls: scroller !== null && scroller.scrollWidth > scroller.clientWidth,
    };
  });
}

describe('layout of the CRM screens', () => {
  const app = useApp({ context: { viewport: sizes[0] }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);

    // Values as long as real ones: a seven-figure amount in a currency with a prefix, a Chinese account,
    // a phone number with spaces, a due time with AM/PM, a duration.
    await openSection(page, 'accounts');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'account', { name: '上海精密机械有限公司' });
    await page.getByTestId('account-detail').waitFor(ui);
    await openSection(page, 'contacts');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'contact', { name: '王小明', emails: 'xiaoming@northwind.example', phones: '+86 10 5555 0100' });
    await page.getByTestId('contact-detail').waitFor(ui);
    await openSection(page, 'deals');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'deal', { name: '精密机械 自动化产线', amount: '2300000', currency: 'SGD', probability: '35' });
    await page.getByTestId('deal-detail').waitFor(ui);
    // Twelve characters in Chinese ("US$48,000.00"), bold: wider than a card of a six-column board.
    await openSection(page, 'deals');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'deal', { name: 'Service contract', amount: '48000', currency: 'USD', stageId: 'qualified', probability: '20' });
    await page.getByTestId('deal-detail').waitFor(ui);
    await openSection(page, 'tasks');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'task', { title: 'Confirm delivery address', dueAt: localDateTime(-2, 10) });
    await page.getByTestId('task-detail').waitFor(ui);
    await openSection(page, 'activities');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'activity', { subject: 'Site visit', durationMinutes: '45' });
    await page.getByTestId('activity-detail').waitFor(ui);
  }, 120_000);

  it('never cuts a number, a date, a phone or a header in the lists, and scrolls a wide table inside its box', async () => {
    const lists = [
      // Columns whose text must show whole (where the table has room for them).
      { section: 'deals', table: 'deal-table', whole: ['amount', 'probability', 'expectedCloseDate'] },
      { section: 'contacts', table: 'contact-table', whole: ['phone', 'updatedAt'] },
      { section: 'tasks', table: 'task-table', whole: ['dueAt'] },
      { section: 'activities', table: 'activity-table', whole: ['occurredAt', 'duration'] },
    ] as const;
    const found: string[] = [];
    await acrossLanguagesAndSizes(page, async (language, size) => {
      for (const list of lists) {
        await openSection(page, list.section);
        await page.getByTestId(`${list.table}-row`).first().waitFor(ui);
        await shot(page, `${language}-${size.width}-${list.section}`);
        for (const problem of await tableProblems(page.getByTestId(list.table), list.whole)) {
          found.push(`${language} ${size.width}px ${list.section}: ${problem}`);
        }
      }
    });
    expect(found).toEqual([]);
  });

  it('shows every stage column of the board at 1280 px, equally wide, with its totals on whole lines', async () => {
    const found: string[] = [];
    await acrossLanguagesAndSizes(page, async (language, size) => {
      await openSection(page, 'deals');
      await page.getByTestId('deals-view-board').click();
      await page.getByTestId('deal-card').first().waitFor(ui);
      await shot(page, `${language}-${size.width}-board`);
      const where = `${language} ${size.width}px`;
      const geometry = await boardGeometry(page);
      expect(geometry.columns.length).toBe(6);
      const widths = geometry.columns.map((column) => column.width);
      if (Math.max(...widths) - Math.min(...widths) > 1) found.push(`${where}: column widths differ: ${widths.join(', ')}`);
      if (geometry.pageScrolls) found.push(`${where}: the page scrolls sideways`);
      if (size.width >= 1280) {
        for (const column of geometry.columns) if (!column.inView) found.push(`${where}: ${column.id} is out of view`);
      } else if (geometry.scrolls) {
        // Narrower, the board itself scrolls, and its last column can be brought into view.
        await page.locator('.board').evaluate((board) => board.scrollTo({ left: board.scrollWidth }));
        const scrolled = await boardGeometry(page);
        if (scrolled.columns.at(-1)?.inView !== true) found.push(`${where}: the last column cannot be scrolled into view`);
        await page.locator('.board').evaluate((board) => board.scrollTo({ left: 0 }));
      }
      const totals = page.getByTestId('column-lead').getByTestId('column-total');
      for (const problem of await textProblems(totals, '.board-column__total > :first-child', '.board-column')) found.push(`${where}: total ${problem}`);
      // The weighted amount may go onto a second line, but only whole: “Weighted” above “SGD 805K”.
      for (const problem of await textProblems(totals, '.board-column__total > :last-child', '.board-column', 2)) found.push(`${where}: weighted ${problem}`);
      const weighted = await totals.locator('.board-column__total > :last-child').evaluate((element) => {
        const node = element.firstChild;
        const text = node?.textContent ?? '';
        const range = document.createRange();
        const tops: number[] = [];
        for (let index = 0; node !== null && index < text.length; index += 1) {
          range.setStart(node, index);
          range.setEnd(node, index + 1);
          tops.push(Math.round(range.getBoundingClientRect().top));
        }
        return { text, tops };
    });
    const amountStart = weighted.text.search(/SGD/);
    if (new Set(weighted.tops.slice(amountStart)).size > 1) found.push(`${where}: the weighted amount “${weighted.text}” breaks inside the amount`);
    for (const card of await page.getByTestId('deal-card').all()) {
      for (const problem of await textProblems(card, '.deal-card__amount', '.deal-card')) found.push(`${where}: card amount ${problem}`);
    }
    await page.getByTestId('deals-view-list').click();
    });
    expect(found).toEqual([]);
  });

  it('keeps each email address and phone number of the Details card on one line', async () => {
    const found: string[] = [];
    await acrossLanguagesAndSizes(page, async (language, size) => {
      await openSection(page, 'contacts');
      await page.getByTestId('contact-table-row').first().click();
      const card = page.getByTestId('fields-card');
      await card.waitFor(ui);
      await shot(page, `${language}-${size.width}-contact`);
      const values = await card.locator('.value-lines li').allTextContents();
      expect(values).toEqual(['xiaoming@northwind.example', '+86 10 5555 0100']);
      for (const problem of await textProblems(card, '.value-lines li', '.inline-field__value')) found.push(`${language} ${size.width}px: ${problem}`);
    });
    expect(found).toEqual([]);
  });

  it('gives faint text at least 4.5:1 against the backgrounds it is shown on, in both themes', async () => {
    const found: string[] = [];
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(page, theme);
      // Against every background token.
      const tokens = await page.evaluate(() => {
        const probe = document.createElement('span');
        document.body.append(probe);
        const resolve = (token: string) => {
          probe.style.color = `var(${token})`;
          return getComputedStyle(probe).color;
        };
        const backgrounds = ['--bg', '--surface', '--surface-muted', '--surface-sunken', '--sidebar', '--row-hover', '--row-selected', '--accent-soft'];
        const result = { faint: resolve('--text-faint'), backgrounds: backgrounds.map((token) => ({ token, color: resolve(token) })) };
        probe.remove();
        return result;
      });
      for (const { token, color } of tokens.backgrounds) {
        const ratio = contrast(tokens.faint, color);
        if (ratio < 4.5) found.push(`${theme}: --text-faint on ${token} is ${ratio.toFixed(2)}:1`);
      }
      // And as shown: the board (empty columns, weighted totals, close dates) and a contact's timeline dates.
      await openSection(page, 'deals');
      await page.getByTestId('deals-view-board').click();
      await page.getByTestId('deal-card').first().waitFor(ui);
      await shot(page, `${theme}-board`);
      for (const { text, color, background } of await faintTexts(page)) {
        const ratio = contrast(color, background);
        if (ratio < 4.5) found.push(`${theme} board: “${text}” is ${ratio.toFixed(2)}:1`);
      }
      await page.getByTestId('deals-view-list').click();
      await openSection(page, 'contacts');
      await page.getByTestId('contact-table-row').first().click();
      await page.getByTestId('fields-card').waitFor(ui);
      for (const { text, color, background } of await faintTexts(page)) {
        const ratio = contrast(color, background);
        if (ratio < 4.5) found.push(`${theme} contact: “${text}” is ${ratio.toFixed(2)}:1`);
      }
    }
    await setTheme(page, 'light');
    expect(found).toEqual([]);
  });

  it('gives the text of filled buttons at least 4.5:1 on their fill, at rest and on hover, in both themes', async () => {
    const found: string[] = [];
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(page, theme);
      // The real Destroy vault button, as Settings shows it.
      const destroy = await page.getByTestId('destroy-submit').evaluate(async (element) => {
        // Read the colours the theme switch ends on, not those of its 120 ms transition.
        await Promise.all(element.getAnimations().map((animation) => animation.finished));
        const style = getComputedStyle(element);
        return { color: style.color, background: style.backgroundColor };
      });
      const destroyRatio = contrast(destroy.color, destroy.background);
      if (destroyRatio < 4.5) found.push(`${theme}: Destroy vault is ${destroyRatio.toFixed(2)}:1`);
      // Every filled kind, drawn with the app's own classes, against its fill and its hover fill.
      const filled = await page.evaluate(() => {
        const probe = document.createElement('div');
        probe.innerHTML = [
          '<button class="button button--primary" data-hover="--accent-hover">primary</button>',
          '<button class="button button--danger" data-hover="--danger-hover">danger</button>',
          '<div class="stage-path__step stage-path__step--current"><button data-hover="">current stage</button></div>',
          '<div class="stage-path__step stage-path__step--current stage-path__step--won"><button data-hover="">won stage</button></div>',
          '<div class="stage-path__step stage-path__step--current stage-path__step--lost"><button data-hover="">lost stage</button></div>',
          '<button class="toast toast--error" data-hover="">error toast</button>',
        ].join('');
        document.body.append(probe);
        const resolver = document.createElement('span');
        probe.append(resolver);
        const result = Array.from(probe.querySelectorAll<HTMLButtonElement>('button')).flatMap((button) => {
          const style = getComputedStyle(button);
          const hoverToken = button.dataset['hover'] ?? '';
          resolver.style.color = hoverToken === '' ? '' : `var(${hoverToken})`;
          const fills = [{ state: 'at rest', background: style.backgroundColor }];
          if (hoverToken !== '') fills.push({ state: 'on hover', background: getComputedStyle(resolver).color });
          return fills.map((fill) => ({ name: button.textContent, color: style.color, ...fill }));
        });
        probe.remove();
        return result;
      });
      expect(filled).toHaveLength(8);
      for (const { name, state, color, background } of filled) {
        const ratio = contrast(color, background);
        if (ratio < 4.5) found.push(`${theme}: ${name ?? ''} ${state} is ${ratio.toFixed(2)}:1`);
      }
    }
    await setTheme(page, 'light');
    expect(found).toEqual([]);
  });

  it('marks the selected activity type otherwise than the focus ring', async () => {
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').first().click();
    await page.getByTestId('composer-kind-meeting').click();
    // The mouse click leaves no focus ring; move the focus away all the same.
    await page.getByTestId('composer-subject').focus();
    const look = (testId: string) =>
      page.getByTestId(testId).evaluate((element) => {
        const style = getComputedStyle(element);
        return { checked: element.getAttribute('aria-checked'), boxShadow: style.boxShadow, outline: style.outlineStyle, background: style.backgroundColor };
      });
    const selected = await look('composer-kind-meeting');
    const other = await look('composer-kind-call');
    expect(selected.checked).toBe('true');
    expect(other.checked).toBe('false');
    // No ring of any kind while unfocused, and a fill of its own.
    expect(selected.boxShadow).toBe('none');
    expect(selected.outline).toBe('none');
    expect(selected.background).not.toBe(other.background);
    // Keyboard focus on it draws the ring, which the selection alone did not.
    await page.keyboard.press('Shift+Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement;
      return element === null ? null : { id: element.getAttribute('data-testid'), outline: getComputedStyle(element).outlineStyle };
    });
    expect(focused?.id).toMatch(/^composer-kind-/);
    expect(focused?.outline).toBe('solid');
    expect(pageErrors).toEqual([]);
  });
});

/** Each text node shown in --text-faint, its colour and the colour of the first opaque background behind it. */
function faintTexts(page: Page): Promise<{ text: string; color: string; background: string }[]> {
  return page.evaluate(() => {
    const probe = document.createElement('span');
    probe.style.color = 'var(--text-faint)';
    document.body.append(probe);
    const faint = getComputedStyle(probe).color;
    probe.remove();
    const opaque = (color: string) => !/^rgba\(.*,\s*0\)$/.test(color) && color !== 'transparent' && !/\/\s*0\)$/.test(color);
    const found: { text: string; color: string; background: string }[] = [];
    for (const element of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
      const style = getComputedStyle(element);
      if (style.color !== faint || style.visibility !== 'visible' || element.getClientRects().length === 0) continue;
      const own = Array.from(element.childNodes).some((node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() !== '');
      if (!own) continue;
      let background = 'rgb(255, 255, 255)';
      for (let at: HTMLElement | null = element; at !== null; at = at.parentElement) {
        const color = getComputedStyle(at).backgroundColor;
        if (opaque(color)) {
          background = color;
          break;
        }
      }
      found.push({ text: element.textContent.trim().slice(0, 40), color: style.color, background });
    }
    return found;
  });
}

/** WCAG contrast ratio of two computed colours, rgb()/rgba() or color(srgb …). */
function contrast(first: string, second: string): number {
  const luminance = (color: string) => {
    const srgb = /^color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)/.exec(color);
    const rgb = /^rgba?\((\d+(?:\.\d+)?),\s*(\d+(?:\.\d+)?),\s*(\d+(?:\.\d+)?)/.exec(color);
    const channels = srgb !== null ? srgb.slice(1, 4).map(Number) : rgb !== null ? rgb.slice(1, 4).map((value) => Number(value) / 255) : null;
    if (channels === null) throw new Error(`unreadable colour ${color}`);
    const [r = 0, g = 0, b = 0] = channels.map((value) => (value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(first), luminance(second)].sort((a, b) => b - a);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
}
