// The import page at 900 × 700, in Chromium against the real headless shell
// and vault: the report's totals add up to the rows of the file (a duplicate
// is skipped and listed with what it matched, not rejected), in the check
// and in the import; asked to, an import updates the contacts its rows
// match and its reports count them; the check's report comes into view with the focus on
// its heading; a header-only file says it has no rows instead of offering a
// mapping; a vCard file is counted by its cards and previewed with only the
// fields its cards fill, and its report and a card-less file speak of cards,
// in both languages; and long values do not push the page past the window or
// cut the mapping's field names.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { openSection, ui } from './crm-steps';
import { watchFrames } from './first-frames';

const password = 'imports add up to the file';
const viewport = { width: 900, height: 700 } as const;

async function chooseFile(page: Page, name: string, csv: string): Promise<void> {
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await page.getByTestId('import-ready').filter({ hasText: name }).waitFor(ui);
}

/** The three totals of the report on screen, and the rows it says it read. */
async function totals(page: Page): Promise<{ read: string; imported: number; duplicates: number; rejected: number }> {
  const number = async (testId: string) => Number((await page.getByTestId(testId).textContent())?.replaceAll(',', ''));
  return {
    read: (await page.getByTestId('report-rows-read').textContent()) ?? '',
    imported: await number('report-imported'),
    duplicates: await number('report-duplicates'),
    rejected: await number('report-rejected'),
  };
}

/** Horizontal overflow of the page and of its scrolling box, and the right edges of the import's controls. */
function layoutOf(page: Page) {
  return page.evaluate(() => {
    const scroller = document.querySelector('.workspace__page');
    const right = (selector: string) => Array.from(document.querySelectorAll(selector)).map((element) => element.getBoundingClientRect().right);
    return {
      window: window.innerWidth,
      document: { scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth },
      page: { scroll: scroller?.scrollWidth ?? -1, client: scroller?.clientWidth ?? -1 },
      rights: [...right('[data-testid="import-wizard"]'), ...right('.dropzone'), ...right('[data-testid^="mapping-"]')],
    };
  });
}

/** For each mapping select: the width its chosen label needs and the width the select has for it (less the arrow). */
function selectFits(page: Page) {
  return page.getByTestId('import-mapping').evaluate((table) =>
    Array.from(table.querySelectorAll('select')).map((select) => {
      const style = getComputedStyle(select);
      const probe = document.createElement('span');
      probe.style.font = style.font;
      probe.style.letterSpacing = style.letterSpacing;
      probe.style.whiteSpace = 'pre';
      probe.textContent = select.selectedOptions[0]?.textContent ?? '';
      document.body.append(probe);
      const needed = probe.getBoundingClientRect().width;
      probe.remove();
      // Chromium draws the drop-down arrow inside the padding box: keep 24 px for it.
      const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 24;
      return { label: probe.textContent, needed: Math.ceil(needed), room: Math.floor(room) };
    }),
  );
}

/** A file whose names and values are far wider than the window. */
const wideCsv = (() => {
  const long = 'x'.repeat(400);
  return [
    `Name,Company,Email,Notes for the account manager who follows up after the ${'very '.repeat(20)}long trade show`,
    `Wide Person ${long},Company ${long},${'w'.repeat(60)}@example.org,${long} ${long}`,
  ].join('\r\n');
})();

describe('the import page at 900 × 700', () => {
  const app = useApp({ context: { viewport }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('adds the totals up to the rows of the file, lists duplicates as skipped, and brings the check report into view with focus', async () => {
    await openSection(page, 'transfer');
    await chooseFile(page, 'existing.csv', 'Name,Email\r\nAda Existing,ada@example.org\r\nBob Existing,bob@example.org\r\n');
    await page.getByTestId('import-run').click();
    await page.getByTestId('import-report').waitFor(ui);
    expect(await page.getByTestId('report-imported').textContent()).toBe('2');
    await page.getByTestId('import-again').click();

    // Six rows: two match the vault, one repeats an earlier row, one has no name, two are new.
    const csv = [
      'Name,Email',
      'Ada Again,ADA@example.org',
      'Bob Again,bob@example.org',
      'Cleo New,cleo@example.org',
      'Cleo Twice,cleo@example.org',
      ',nobody@example.org',
      'Dev New,dev@example.org',
    ].join('\r\n');
    await chooseFile(page, 'again.csv', csv);
    const headingFrames = await watchFrames(page, '[data-testid="import-report"] h3');
    await page.getByTestId('import-dry-run').click();
    const report = page.getByTestId('import-report');
    await report.waitFor(ui);
    // The report is in view, its heading has the focus (a screen reader reads it), and it says what it is:
    // from its first frame on, not once an effect has caught up.
    const heading = page.getByRole('heading', { name: 'Check report' });
    expect(await heading.evaluate((element) => element === document.activeElement)).toBe(true);
    expect((await headingFrames()).filter((frame) => frame.text !== null)).toEqual([{ text: 'Check report', focused: true, inView: true }]);
    const box = await heading.boundingBox();
    expect(box).not.toBeNull();
    expect(box?.y ?? -1).toBeGreaterThanOrEqual(0);
    expect((box?.y ?? viewport.height) + (box?.height ?? 0)).toBeLessThanOrEqual(viewport.height);

    const expected = { read: '6 rows read: each one is imported, skipped as a duplicate or rejected.', imported: 2, duplicates: 3, rejected: 1 };
    expect(await totals(page)).toEqual(expected);
    // Only the row without a name is listed as rejected; the duplicates are listed as skipped, with what they matched.
    expect(await page.getByTestId('rejected-row').evaluateAll((rows) => rows.map((row) => row.querySelector('td')?.textContent))).toEqual(['6']);
    expect(await page.getByTestId('skipped-row').allTextContents()).toEqual([
      '2Already in FieldVault · An existing contact has the same email',
      '3Already in FieldVault · An existing contact has the same email',
      '5Duplicate in this file · Row 4 has the same email',
    ]);
    expect(await page.getByTestId('import-skipped').evaluate((table) => getComputedStyle(table.querySelector('tbody td:last-child') ?? table).color)).not.toBe(
      await page.getByTestId('report-rejected').evaluate((value) => getComputedStyle(value).color),
    );

    // The import itself counts the same way.
    await page.getByTestId('import-run').click();
    await page.getByRole('heading', { name: 'Import report' }).waitFor(ui);
    expect(await totals(page)).toEqual(expected);
    expect(await page.getByTestId('rejected-row').count()).toBe(1);
    expect(await page.getByTestId('skipped-row').count()).toBe(3);
    expect(pageErrors).toEqual([]);
    await page.getByTestId('import-again').click();
  });

  it('updates the contacts the rows match when asked: the check and the import say how many, and the list shows the new values', async () => {
    await chooseFile(page, 'known.csv', 'Name,Email\r\nFay Known,fay@example.org\r\n');
    await page.getByTestId('import-run').click();
    await page.getByTestId('report-imported').filter({ hasText: '1' }).waitFor(ui);
    await page.getByTestId('import-again').click();

    await chooseFile(page, 'updates.csv', 'Name,Email,Tags,Company\r\nFay Updated,FAY@example.org,vip,Fay Co\r\nGus New,gus@example.org,,\r\n');
    const skippedFay = page.getByTestId('import-preview').locator('tbody tr.has-problem');
    expect(await skippedFay.locator('td').last().textContent()).toBe('Already in FieldVault: An existing contact has the same email');
    // The reason is read whole: its cell wraps instead of cutting the words off at its edge.
    expect(await skippedFay.locator('td').last().evaluate((cell) => cell.scrollWidth <= cell.clientWidth && getComputedStyle(cell).whiteSpace === 'normal')).toBe(true);
    // Skip is the default; the hint on what an update keeps shows only with the update chosen, which the keyboard reaches too.
    const choices = page.getByTestId('import-duplicates');
    expect(await choices.getByRole('radio', { checked: true }).getAttribute('value')).toBe('skip');
    expect(await choices.locator('p').count()).toBe(0);
    await choices.getByRole('radio', { name: 'Skip them' }).focus();
    await page.keyboard.press('ArrowDown');
    expect(await choices.getByRole('radio', { name: 'Update the existing record with their values' }).isChecked()).toBe(true);
    expect(await choices.locator('p').textContent()).toBe('Empty cells leave a field as it is. Email addresses, phone numbers, tags and notes are added to the record’s own.');
    // The hint sits under the Update choice itself, and a screen reader reads it as that choice's description.
    const hint = choices.getByTestId('import-update-hint');
    expect(await hint.evaluate((element) => element.previousElementSibling?.textContent)).toBe('Update the existing record with their values');
    const describedBy = await choices.getByRole('radio', { name: 'Update the existing record with their values' }).getAttribute('aria-describedby');
    expect(describedBy).not.toBeNull();
    expect(describedBy).toBe(await hint.getAttribute('id'));
    expect(await choices.getByRole('radio', { name: 'Skip them' }).getAttribute('aria-describedby')).toBeNull();
    // The preview says what each choice does with the row matching Fay: skipped, updating her, or imported beside her.
    const fayRow = page.getByTestId('import-preview').locator('tbody tr').first();
    // It names the contact it would change.
    await fayRow.getByTestId('import-preview-updates').filter({ hasText: 'Updates Fay Known, the existing contact with the same email address' }).waitFor(ui);
    // And what it would change in her, a line a field.
    const fayChanges = fayRow.getByRole('list', { name: 'What the update would change' });
    expect(await fayChanges.getByRole('listitem').allTextContents()).toEqual(['Name: Fay Known → Fay Updated', 'Account: Fay Co (new)', 'Tags: adds vip']);
    // Without new accounts for unknown companies, her company would link nothing: the preview says so.
    const createAccounts = page.getByRole('checkbox', { name: 'Create accounts for company names that match none' });
    await createAccounts.uncheck();
    await expect.poll(() => fayChanges.getByRole('listitem').allTextContents(), ui).toEqual(['Name: Fay Known → Fay Updated', 'Tags: adds vip']);
    await createAccounts.check();
    await expect.poll(() => fayChanges.getByRole('listitem').count(), ui).toBe(3);
    await choices.getByRole('radio', { name: 'Update the existing record with their values' }).focus();
    expect(await fayRow.getAttribute('class')).toBeNull();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('value'))).toBe('update');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => fayRow.locator('td').last().textContent(), ui).toBe('New contact');
    await page.keyboard.press('ArrowUp');
    await fayRow.getByTestId('import-preview-updates').waitFor(ui);

    await page.getByTestId('import-dry-run').click();
    await page.getByRole('heading', { name: 'Check report' }).waitFor(ui);
    const updatedTile = page.getByTestId('report-updated').locator('xpath=..');
    expect(await updatedTile.textContent()).toBe('1Would update');
    expect(await totals(page)).toEqual({
      read: '2 rows read: each one is imported, updates the existing record it matches, is skipped as a duplicate or is rejected.',
      imported: 1,
      duplicates: 0,
      rejected: 0,
    });
    await page.getByTestId('import-run').click();
    await page.getByRole('heading', { name: 'Import report' }).waitFor(ui);
    expect(await updatedTile.textContent()).toBe('1Updated');

    // The same file again: both rows now match a contact, nothing is imported, and the report still leads to the list.
    await page.getByTestId('import-again').click();
    await chooseFile(page, 'updates.csv', 'Name,Email,Tags,Company\r\nFay Updated,FAY@example.org,vip,Fay Co\r\nGus New,gus@example.org,,\r\n');
    await choices.getByRole('radio', { name: 'Update the existing record with their values' }).check();
    // Fay already has these values: the preview says the update would change nothing in her.
    await fayRow.getByTestId('import-preview-changes').filter({ hasText: 'Nothing in it would change' }).waitFor(ui);
    await page.getByTestId('import-run').click();
    await page.getByRole('heading', { name: 'Import report' }).waitFor(ui);
    // Neither row changes its contact: both are skipped as such, none counted as updated.
    expect(await page.getByTestId('report-updated').count()).toBe(0);
    expect(await totals(page)).toMatchObject({ imported: 0, duplicates: 2, rejected: 0 });
    expect(await page.getByTestId('skipped-row').allTextContents()).toEqual([
      expect.stringContaining('The matching contact already holds everything in this row'),
      expect.stringContaining('The matching contact already holds everything in this row'),
    ]);
    await openSection(page, 'contacts');

    const row = page.getByTestId('contact-table-row').filter({ hasText: 'fay@example.org' });
    await row.filter({ hasText: 'Fay Updated' }).waitFor(ui);
    expect(await row.count()).toBe(1);
    await row.click();
    await page.getByRole('heading', { name: 'Fay Updated' }).waitFor(ui);
    expect(await page.getByTestId('inline-tags').textContent()).toContain('vip');
    expect(pageErrors).toEqual([]);
    // Back on the Import page the wizard starts over, ready for the next file.
    await openSection(page, 'transfer');
  });

  it('shows an example of every column beside its mapping, a column no field takes too', async () => {
    await chooseFile(page, 'samples.csv', 'Name,Shoe size,Email\r\nAda Sample,,\r\nBob Sample,44,bob@samples.example\r\n');
    const mapping = page.getByTestId('import-mapping');
    await mapping.waitFor(ui);
    // Each column's first value that is not empty, whichever row it is in; "Shoe size" is ignored and still shows its own.
    expect(await mapping.locator('td.sample').allTextContents()).toEqual(['Ada Sample', '44', 'bob@samples.example']);
    expect(await page.getByTestId('mapping-1').inputValue()).toBe('');
    // Mapping it changes the field, not the example.
    await page.getByTestId('mapping-1').selectOption('title');
    await page.getByTestId('import-preview').locator('tbody tr').first().locator('td', { hasText: 'Ada Sample' }).waitFor(ui);
    expect(await mapping.locator('td.sample').allTextContents()).toEqual(['Ada Sample', '44', 'bob@samples.example']);
    await openSection(page, 'transfer');
  });

  it('says a header-only file has no rows, in bytes, without a mapping, a preview or their warnings', async () => {
    await chooseFile(page, 'header-only.csv', 'Name,Email,Phone\r\n');
    const ready = page.getByTestId('import-ready');
    expect(await ready.textContent()).toContain('header-only.csv · 18 bytes');
    expect(await page.getByTestId('import-no-rows').textContent()).toBe(
      'This file has no rows to importIt holds only a header row. Add the records under the header, save the file and choose it again.',
    );
    for (const testId of ['import-mapping', 'import-preview', 'import-mapping-problem', 'import-dry-run', 'import-run']) {
      expect(await page.getByTestId(testId).count(), testId).toBe(0);
    }
  });

  it('says a vCard file without cards has none, not that it has only a header row', async () => {
    await chooseFile(page, 'no-cards.vcf', 'PRODID:-//Example//Address Book//EN\r\n');
    expect(await page.getByTestId('import-no-rows').textContent()).toBe(
      'This file has no cards to importIt holds no contact cards. Export the contacts again from your address book and choose the new file.',
    );
    for (const testId of ['import-mapping', 'import-preview', 'import-dry-run', 'import-run']) {
      expect(await page.getByTestId(testId).count(), testId).toBe(0);
    }
    expect(pageErrors).toEqual([]);
  });

  it('counts a vCard file’s cards as cards, previews only the fields they fill and reports on cards, in both languages', async () => {
    const card = (name: string, org: string, phone: string) => `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:${name}\r\nORG:${org}\r\nTEL:${phone}\r\nEND:VCARD\r\n`;
    const cards = [
      card('Ada Lindqvist', 'Lindqvist AB', '+46 8 555 0101'),
      card('Bo Berg', 'Berg & Co', '+46 8 555 0102'),
      card('Cai Wen', 'Wen Trading', '+86 21 5555 0103'),
      card('Dora Dach', 'Dach GmbH', '+49 30 555 0104'),
      card('Eli Ekman', 'Ekman Oy', '+358 9 555 0105'),
      // A version no importer reads: the check rejects this card.
      card('Fay Future', 'Future AB', '+46 8 555 0106').replace('VERSION:3.0', 'VERSION:5.0'),
    ].join('');
    const seen = async () => ({
      count: await page.getByTestId('import-row-count').textContent(),
      headers: await page.getByTestId('import-preview').locator('thead th').allTextContents(),
      // Each previewed field's cells: none of the shown columns is empty in every card.
      empty: await page.getByTestId('import-preview').evaluate((table) => {
        const rows = Array.from(table.querySelectorAll('tbody tr'));
        const columns = table.querySelectorAll('thead th').length;
        const empty: number[] = [];
        for (let column = 1; column < columns - 1; column += 1) {
          if (rows.every((row) => (row.children[column]?.textContent ?? '') === '')) empty.push(column);
        }
        return empty;
      }),
    });
    /** The check's report: what it says it read, the rejected cards' heading, columns and rows. */
    const checked = async () => {
      await page.getByTestId('import-dry-run').click();
      await page.getByTestId('import-report').waitFor(ui);
      const rejections = page.getByTestId('import-rejections');
      return {
        read: await page.getByTestId('report-rows-read').textContent(),
        title: await page.getByTestId('import-report').locator('h4').first().textContent(),
        columns: await rejections.locator('thead th').allTextContents(),
        rows: await page.getByTestId('rejected-row').allTextContents(),
      };
    };
    await chooseFile(page, 'six-cards.vcf', cards);
    const english = await seen();
    expect(english.count).toBe('6 cards found');
    expect(english.headers[0]).toBe('Card');
    // The last column says what becomes of each card: a new contact here, or its problems.
    expect(english.headers.at(-1)).toBe('Outcome');
    expect(english.headers).toContain('Name');
    expect(english.headers.length).toBeLessThan(8);
    expect(english.empty).toEqual([]);
    expect(await checked()).toEqual({
      read: '6 cards read: each one is imported, skipped as a duplicate or rejected.',
      title: 'Rejected cards',
      columns: ['Card', 'Field', 'Reason'],
      rows: ['6CardMalformed card · Only vCard versions 2.1, 3.0 and 4.0 can be imported'],
    });

    await openSection(page, 'settings');
    await page.getByTestId('language-select').selectOption('zh-CN');
    try {
      await openSection(page, 'transfer');
      await chooseFile(page, 'six-cards-zh.vcf', cards);
      const chinese = await seen();
      expect(chinese.count).toBe('找到 6 张名片');
      expect(chinese.headers[0]).toBe('名片');
      expect(chinese.headers.at(-1)).toBe('结果');
      expect(chinese.headers.length).toBe(english.headers.length);
      expect(chinese.empty).toEqual([]);
      expect(await checked()).toEqual({
        read: '已读取 6 张名片：每张或导入，或作为重复项跳过，或被拒绝。',
        title: '被拒绝的名片',
        columns: ['名片', '字段', '原因'],
        rows: ['6名片格式错误的名片 · 只能导入 2.1、3.0 和 4.0 版本的 vCard'],
      });
    } finally {
      await openSection(page, 'settings');
      await page.getByTestId('language-select').selectOption('en');
      await openSection(page, 'transfer');
    }
    expect(pageErrors).toEqual([]);
  });

  it('keeps the page inside the window at 900 px with long values in the file', async () => {
    await chooseFile(page, 'wide.csv', wideCsv);
    await page.getByTestId('import-mapping').waitFor(ui);
    const layout = await layoutOf(page);
    expect(layout.document.scroll).toBeLessThanOrEqual(layout.document.client);
    expect(layout.page.scroll).toBeLessThanOrEqual(layout.page.client);
    expect(layout.rights.length).toBeGreaterThanOrEqual(6);
    for (const right of layout.rights) expect(right).toBeLessThanOrEqual(viewport.width);
    expect(pageErrors).toEqual([]);
  });

  it('shows the mapping’s field names whole at 1280 px and 900 px, and its headings on one line in Chinese', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    try {
      await chooseFile(page, 'wide-again.csv', wideCsv);
      expect(await page.getByTestId('mapping-1').inputValue()).toBe('company');
      for (const fit of await selectFits(page)) expect(fit.needed, fit.label).toBeLessThanOrEqual(fit.room);
      await page.setViewportSize(viewport);
      for (const fit of await selectFits(page)) expect(fit.needed, fit.label).toBeLessThanOrEqual(fit.room);

      await openSection(page, 'settings');
      await page.getByTestId('language-select').selectOption('zh-CN');
      await openSection(page, 'transfer');
      await page.setViewportSize({ width: 1280, height: 800 });
      await chooseFile(page, 'wide-zh.csv', wideCsv);
      // Each heading of the mapping is one line of text.
      const lines = await page.getByTestId('import-mapping').evaluate((table) =>
        Array.from(table.querySelectorAll('thead th')).map((th) => {
          const range = document.createRange();
          range.selectNodeContents(th);
          return { text: th.textContent, lines: new Set(Array.from(range.getClientRects()).map((rect) => Math.round(rect.top))).size };
        }),
      );
      expect(lines).toEqual([
        { text: '文件中的列', lines: 1 },
        { text: '示例', lines: 1 },
        { text: 'FieldVault 字段', lines: 1 },
      ]);
      for (const fit of await selectFits(page)) expect(fit.needed, fit.label).toBeLessThanOrEqual(fit.room);
    } finally {
      await page.setViewportSize(viewport);
    }
    expect(pageErrors).toEqual([]);
  });

  it('says where a file it cannot read breaks, by line and row, and counts only the rows read before it, in both languages', async () => {
    // Ann's note spans two lines, so Cy's unclosed quote opens on line 5, in row 4 of a spreadsheet.
    const broken = 'Name,Email,Notes\r\nAnn,a@x.example,"two\r\nlines"\r\nBob,b@x.example,ok\r\n"Cy,c@x.example,open\r\nDee,d@x.example,x\r\n';
    const shown = async () => ({ count: await page.getByTestId('import-row-count').textContent(), problem: await page.getByTestId('import-file-problem').textContent() });
    await openSection(page, 'settings');
    await page.getByTestId('language-select').selectOption('en');
    await openSection(page, 'transfer');
    await chooseFile(page, 'broken.csv', broken);
    expect(await shown()).toEqual({
      count: '2 rows read before the problem',
      problem: 'This file cannot be importedA quoted value is never closed: add the missing " or remove the stray one (line 5 of the file; row 4 in a spreadsheet)',
    });
    expect(await page.getByTestId('import-run').isDisabled()).toBe(true);

    await openSection(page, 'settings');
    await page.getByTestId('language-select').selectOption('zh-CN');
    await openSection(page, 'transfer');
    await chooseFile(page, 'broken-zh.csv', broken);
    expect(await shown()).toEqual({ count: '问题之前读取了 2 行', problem: '此文件无法导入有一个带引号的值没有闭合：请补上缺少的 " 或删除多余的引号（文件第 5 行；表格中第 4 行）' });
    expect(pageErrors).toEqual([]);
  });
});
