// Walkthrough 6, finding 9, in Chromium against the real headless shell and
// vault: at 1280 and 1440 px the contacts list cut a long name with an
// ellipsis while the account, phone and tags columns, empty on every row (as
// after an import of names and e-mail addresses), kept their full share. A
// column no row of the list's first page fills now narrows and the first
// column takes its room, on every list (accounts here too); header and rows
// share one template, no header label is cut, the table never scrolls
// sideways, at 900 px the same columns drop as before, and a value further
// down the list changes no column while scrolling.
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { openSection, scrollToListEnd, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { setLanguage } from './layout-steps';
import { call } from './proxied-server';

const password = 'room for a long name';
const longName = 'Aurelia Konstantinou-Whitfield';
const longAccount = 'Konstantinou Whitfield Holdings';
/** Contacts after the long name, enough for a second page (100 rows a page); the last one alone has a phone. */
const others = 130;
const withPhone = 'Zed Phonebook';

interface Layout {
  /** The grid template the header is drawn with. */
  readonly template: string;
  /** Sideways overflow of the table, in px (0: it never scrolls sideways). */
  readonly overflow: number;
  /** Cells drawn off their header's column ("row 3 phone: 412/96 vs 400/112"). */
  readonly misaligned: readonly string[];
  /** Header labels cut with an ellipsis. */
  readonly cutLabels: readonly string[];
  /** Shown column ids, in order. */
  readonly columns: string;
}

/** How a list's table is drawn: its template, overflow, the cells off their header's column and the cut header labels. */
function layoutOf(table: Locator): Promise<Layout> {
  return table.evaluate((root) => {
    const headers = Array.from(root.querySelectorAll<HTMLElement>('[role="columnheader"]'));
    const byColumn = new Map(headers.map((header) => [header.dataset['column'] ?? '?', header.getBoundingClientRect()]));
    const misaligned: string[] = [];
    for (const row of Array.from(root.querySelectorAll<HTMLElement>('.vtable__body [role="row"]'))) {
      for (const cell of Array.from(row.querySelectorAll<HTMLElement>('[role="cell"]'))) {
        const column = cell.dataset['column'] ?? '?';
        const box = cell.getBoundingClientRect();
        const head = byColumn.get(column);
        if (head === undefined || Math.abs(head.left - box.left) > 0.5 || Math.abs(head.width - box.width) > 0.5) {
          misaligned.push(`row ${row.dataset['index'] ?? '?'} ${column}: ${Math.round(box.left)}/${Math.round(box.width)} vs ${Math.round(head?.left ?? -1)}/${Math.round(head?.width ?? -1)}`);
        }
      }
    }
    const cutLabels = headers
      .map((header) => header.querySelector<HTMLElement>('.vtable__label'))
      .filter((label): label is HTMLElement => label !== null && label.scrollWidth > label.clientWidth)
      .map((label) => label.textContent);
    const head = root.querySelector<HTMLElement>('.vtable__row--head');
    return {
      template: head === null ? '' : getComputedStyle(head).gridTemplateColumns,
      overflow: root.scrollWidth - root.clientWidth,
      misaligned,
      cutLabels,
      columns: headers.map((header) => header.dataset['column'] ?? '?').join(' '),
    };
  });
}

/** How much of a row's name is cut: its drawn width less its whole width, in px (0: whole). */
function nameCut(table: Locator, name: string): Promise<number> {
  return table
    .getByRole('row', { name, exact: true })
    .locator('.cell-primary__name')
    .evaluate((element) => element.scrollWidth - element.clientWidth);
}

describe('the room a list gives its first column', () => {
  const route = new InjectingRoute();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    // As imported from a sheet of names and e-mail addresses: no title, account, phone or tags.
    await call(route, 'contacts.create', { name: longName, emails: ['aurelia.kf@example.com'] });
    for (let index = 0; index < others; index += 1) {
      const number = String(index).padStart(3, '0');
      await call(route, 'contacts.create', { name: `Imported Person ${number}`, emails: [`person${number}@example.com`] });
    }
    await call(route, 'contacts.create', { name: withPhone, emails: ['zed@example.com'], phones: ['+44 7700 900723'] });
    await call(route, 'accounts.create', { name: longAccount });
    await call(route, 'accounts.create', { name: 'Northwind', industry: 'Manufacturing' });
    // No account, due time, related record, duration or outcome: every column that can narrow does.
    await call(route, 'deals.create', { name: 'Site survey', stageId: 'lead', amount: 100, currency: 'EUR', expectedCloseDate: '2027-01-01' });
    await call(route, 'tasks.create', { title: 'Call back' });
    await call(route, 'activities.create', { kind: 'call', subject: 'First call', occurredAt: Date.now() });
  }, 120_000);

  it('shows a long name whole where the columns beside it are empty, at 1280 and 1440 px, in both languages', async () => {
    const table = page.getByTestId('contact-table');
    for (const language of ['en', 'zh-CN']) {
      await setLanguage(page, language);
      for (const size of [
        { width: 1280, height: 800 },
        { width: 1440, height: 900 },
      ]) {
        await page.setViewportSize(size);
        await openSection(page, 'contacts');
        await page.getByRole('row', { name: longName, exact: true }).waitFor(ui);
        const layout = await layoutOf(table);
        expect({ language, size, cut: await nameCut(table, longName), overflow: layout.overflow, misaligned: layout.misaligned, cutLabels: layout.cutLabels }).toEqual({
          language,
          size,
          cut: 0,
          overflow: 0,
          misaligned: [],
          cutLabels: [],
        });
      }
    }
    await setLanguage(page, 'en');
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(pageErrors).toEqual([]);
  });

  it('does the same on the accounts list, and cuts no header label of an empty column on any list, in both languages', async () => {
    const accounts = page.getByTestId('account-table');
    await openSection(page, 'accounts');
    await page.getByRole('row', { name: longAccount, exact: true }).waitFor(ui);
    const layout = await layoutOf(accounts);
    expect({ cut: await nameCut(accounts, longAccount), overflow: layout.overflow, misaligned: layout.misaligned }).toEqual({ cut: 0, overflow: 0, misaligned: [] });

    const found: string[] = [];
    for (const language of ['en', 'zh-CN']) {
      await setLanguage(page, language);
      for (const [section, testId] of [
        ['contacts', 'contact-table'],
        ['accounts', 'account-table'],
        ['deals', 'deal-table'],
        ['tasks', 'task-table'],
        ['activities', 'activity-table'],
      ] as const) {
        await openSection(page, section);
        await page.getByTestId(`${testId}-row`).first().waitFor(ui);
        const drawn = await layoutOf(page.getByTestId(testId));
        if (drawn.cutLabels.length > 0 || drawn.misaligned.length > 0 || drawn.overflow !== 0) found.push(`${language} ${section}: ${JSON.stringify(drawn)}`);
      }
    }
    await setLanguage(page, 'en');
    expect(found).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('drops the same columns at 900 px, and fits the rest', async () => {
    await page.setViewportSize({ width: 900, height: 700 });
    try {
      const table = page.getByTestId('contact-table');
      await openSection(page, 'contacts');
      await page.getByRole('row', { name: longName, exact: true }).waitFor(ui);
      const layout = await layoutOf(table);
      // fit-columns.ts: the owner (dropOrder 0) and the tags (1) go, the rest fit.
      expect({ columns: layout.columns, overflow: layout.overflow, misaligned: layout.misaligned }).toEqual({ columns: 'name account email phone updatedAt', overflow: 0, misaligned: [] });
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
    expect(pageErrors).toEqual([]);
  });

  it('keeps its columns while scrolling to a phone number past the first page', async () => {
    const table = page.getByTestId('contact-table');
    await openSection(page, 'contacts');
    await page.getByRole('row', { name: longName, exact: true }).waitFor(ui);
    const before = await layoutOf(table);
    await scrollToListEnd(table, others + 2);
    await page.getByRole('row', { name: withPhone, exact: true }).waitFor(ui);
    const after = await layoutOf(table);
    expect({ template: after.template, misaligned: after.misaligned, overflow: after.overflow }).toEqual({ template: before.template, misaligned: [], overflow: 0 });
    // The phone shows in the narrowed column, whole in its tooltip once cut.
    expect(await page.getByRole('row', { name: withPhone, exact: true }).locator('[data-column="phone"]').innerText()).toBe('+44 7700 900723');
    expect(pageErrors).toEqual([]);
  });
});
