// Export CSV with rows selected (review of the export path, #2), in Chromium
// against the real headless shell and vault: with rows selected on a list,
// Export CSV exported the whole list and nothing said so. Now the dialog asks
// which rows: the selected ones (first choice) or the whole list, each with
// its count, and the file holds what was chosen. In English and Chinese.
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useApp } from './app';
import { closeDialogs, openSection, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { setLanguage } from './layout-steps';
import { call } from './proxied-server';

const password = 'only the rows I picked';
const firms = ['Picked Firm A', 'Picked Firm B', 'Picked Firm C', 'Picked Firm D'];

describe('exporting the selected rows of a list', () => {
  const route = new InjectingRoute();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password });
  const { pageErrors } = app;
  let page: Page;

  /** Downloads what `start` begins and returns the file's text. */
  async function downloaded(start: () => Promise<void>): Promise<string> {
    const [download] = await Promise.all([page.waitForEvent('download'), start()]);
    return readFile(await download.path(), 'utf8');
  }

  const rowOf = (name: string): Locator => page.getByTestId('account-table-row').filter({ hasText: name });

  /** The firms in a file, in its order. */
  const firmsIn = (csv: string) => firms.filter((firm) => csv.includes(firm)).sort((a, b) => csv.indexOf(a) - csv.indexOf(b));

  beforeAll(async () => {
    ({ page } = app);
    for (const name of firms) z.object({ id: z.string() }).parse(await call(route, 'accounts.create', { name }));
  });

  beforeEach(() => closeDialogs(page));

  it('asks which rows, exports the selected ones by default and the whole list when chosen', async () => {
    await openSection(page, 'accounts');
    await rowOf(firms[3] ?? '').waitFor(ui);
    await rowOf(firms[2] ?? '').getByTestId('row-select').click();
    await rowOf(firms[1] ?? '').getByTestId('row-select').click();
    await page.getByTestId('bulk-count').waitFor(ui);

    await page.getByTestId('list-export').click();
    const dialog = page.getByTestId('export-choice');
    await dialog.waitFor(ui);
    expect(await page.getByTestId('export-scope').textContent()).toBe('Rows to exportSelected rows (2)Whole list (4)');
    expect(await page.getByTestId('export-scope-selected').isChecked()).toBe(true);
    // Before, the whole list: all four firms, with nothing said.
    const selected = await downloaded(() => page.keyboard.press('Enter'));
    expect(firmsIn(selected)).toEqual([firms[1], firms[2]]);
    await page.getByTestId('exported-toast').filter({ hasText: /^2 rows exported$/ }).waitFor(ui);

    await page.getByTestId('list-export').click();
    await dialog.waitFor(ui);
    // Asked each time: the selected rows first again.
    expect(await page.getByTestId('export-scope-selected').isChecked()).toBe(true);
    await page.getByTestId('export-scope-all').check();
    const whole = await downloaded(() => page.getByTestId('export-confirm').click());
    expect(firmsIn(whole)).toEqual(firms);
    await page.getByTestId('exported-toast').filter({ hasText: /^4 rows exported$/ }).waitFor(ui);

    // Nothing selected: nothing to ask on a list with no sensitive field, and the whole list goes.
    await page.getByTestId('bulk-clear').click();
    await page.getByTestId('bulk-count').waitFor({ state: 'detached', timeout: ui.timeout });
    expect(firmsIn(await downloaded(() => page.getByTestId('list-export').click()))).toEqual(firms);
    expect(await dialog.count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('exports the rows selected when the dialog opened, though a sync took them off the list meanwhile', async () => {
    const gone = ['Gone Firm Y', 'Gone Firm Z'];
    const ids: string[] = [];
    for (const name of gone) ids.push(z.object({ id: z.string() }).parse(await call(route, 'accounts.create', { name })).id);
    // Read anew with them: away and back.
    await openSection(page, 'contacts');
    await openSection(page, 'accounts');
    for (const name of gone) await rowOf(name).getByTestId('row-select').click();
    await page.getByTestId('list-export').click();
    const dialog = page.getByTestId('export-choice');
    await dialog.waitFor(ui);
    expect(await page.getByTestId('export-scope-selected').isChecked()).toBe(true);
    // A sync trashes both while the dialog is open: their rows, and the selection, go.
    await call(route, 'accounts.deleteMany', { ids });
    route.emit('sync.didApplyChanges', { entities: ['accounts'], ids: { accounts: ids } });
    await page.getByTestId('bulk-count').waitFor({ state: 'detached', timeout: ui.timeout });
    // "Selected rows" still names those two: none of them is in the list now, so the file has none. Before, the
    // emptied selection sent no ids, and the whole list was exported.
    const csv = await downloaded(() => page.getByTestId('export-confirm').click());
    expect(firmsIn(csv)).toEqual([]);
    expect(gone.filter((name) => csv.includes(name))).toEqual([]);
    await page.getByTestId('exported-toast').filter({ hasText: /^0 rows exported$/ }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('words the choice in Chinese', async () => {
    await setLanguage(page, 'zh-CN');
    await openSection(page, 'accounts');
    await rowOf(firms[0] ?? '').getByTestId('row-select').click();
    await page.getByTestId('list-export').click();
    await page.getByTestId('export-choice').waitFor(ui);
    expect(await page.getByTestId('export-scope').textContent()).toBe('要导出的行选中的行（1）整个列表（4）');
    await page.keyboard.press('Escape');
    await setLanguage(page, 'en');
    expect(pageErrors).toEqual([]);
  });
});
