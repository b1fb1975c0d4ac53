// Undoing an import from its report, in Chromium against the real headless
// shell and vault: "Undo this import" asks first (Esc takes the question
// away and the focus back), then moves the contacts the import created and
// the accounts it created for their companies to the trash and says how many;
// "Bring them back" restores exactly those; a contact that was there before
// stays through both; a contact whose account the rep trashed on their own
// stays in the trash, and the restore says so. An undo still running when the rep left the page and
// came back shows running in the recent imports, then how it ended, also when
// it ended while the list was on its way. An account it created that a
// later import's contact is linked to stays, and the undo says so.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useRoutedApp } from './ipc-route';
import { createContacts, focusedTestId, lockVault, openSection, ui, unlock } from './crm-steps';

const password = 'undo the wrong file';

/** Imports `lines` as the CSV file `name` (the list chosen on the page) and waits for its report to count `imported`. */
async function importFile(page: Page, name: string, lines: readonly string[], imported: string): Promise<void> {
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(lines.join('\r\n'), 'utf8') });
  await page.getByTestId('import-ready').filter({ hasText: name }).waitFor(ui);
  await page.getByTestId('import-run').click();
  await page.getByTestId('report-imported').filter({ hasText: imported }).waitFor({ timeout: 120_000 });
}

/** Imports 5,000 contacts named `prefix` 0…4999 as `name`, undoes it from the report, and waits until its first batch is in. */
async function undoUnderWay(page: Page, name: string, prefix: string): Promise<void> {
  await openSection(page, 'transfer');
  await page.getByTestId('import-entity').selectOption('contacts');
  const rows = Array.from({ length: 5000 }, (_, index) => `${prefix} ${index},${prefix.replace(' ', '').toLowerCase()}${index}@undo.example`);
  await importFile(page, name, ['Name,Email', ...rows], '5,000');
  await page.getByTestId('import-undo-button').click();
  await page.getByTestId('import-undo-confirmed').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="import-undo-progress"] [role="progressbar"]')?.getAttribute('aria-valuenow') ?? '0') > 0, undefined, {
    polling: 'raf',
    timeout: ui.timeout,
  });
}

/** Opens the accounts list and waits until it shows no account. */
async function waitForNoAccounts(page: Page): Promise<void> {
  await openSection(page, 'accounts');
  await page.getByTestId('list-accounts').waitFor(ui);
  await page.getByTestId('account-table-row').first().waitFor({ state: 'detached', timeout: ui.timeout });
}

async function listed(page: Page, entity: 'contact' | 'account', text: string): Promise<string[]> {
  await openSection(page, entity === 'contact' ? 'contacts' : 'accounts');
  await page.getByTestId(entity === 'contact' ? 'list-contacts' : 'list-accounts').waitFor(ui);
  // The list shows its rows (the one made before the import is always among the contacts').
  await page.getByTestId(`${entity}-table-row`).first().waitFor(ui);
  return (await page.getByTestId(`${entity}-table-row`).filter({ hasText: text }).allTextContents()).map((row) => row.trim()).sort();
}

describe('undoing an import', () => {
  const { app, route } = useRoutedApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('moves what the import created to the trash after asking, and brings it back', async () => {
    // A contact made by hand before the import.
    await createContacts(page, ['Undone Before']);

    await openSection(page, 'transfer');
    const file = ['Name,Email,Company', 'Undone Ada,ada@undo.example,Undone Firm A', 'Undone Ben,ben@undo.example,Undone Firm B', 'Undone Cy,cy@undo.example,Undone Firm A'];
    await importFile(page, 'wrong.csv', file, '3');

    // Asked first; Esc takes the question away, with the focus back on the button.
    await page.getByTestId('import-undo-button').click();
    const question = page.getByTestId('import-undo-confirm');
    await question.waitFor(ui);
    expect(await question.textContent()).toContain('Move the 3 contacts this import created to the trash, with any accounts it created for their companies?');
    expect(await focusedTestId(page)).toBe('import-undo-confirm');
    await page.keyboard.press('Escape');
    await question.waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await focusedTestId(page)).toBe('import-undo-button');

    // From the keyboard: the question, its answer, and the focus stays on the button, which now brings them back.
    await page.keyboard.press('Enter');
    await question.waitFor(ui);
    await page.keyboard.press('Tab');
    expect(await focusedTestId(page)).toBe('import-undo-confirmed');
    await page.keyboard.press('Enter');
    const undone = page.getByTestId('import-undone');
    await undone.waitFor(ui);
    expect(await undone.textContent()).toBe('Import undone: 3 contacts and 2 accounts moved to the trash.');
    await page.getByTestId('import-undo-restore').waitFor(ui);
    expect(await focusedTestId(page)).toBe('import-undo-restore');

    await page.keyboard.press('Enter');
    const restored = page.getByTestId('import-restored');
    await restored.waitFor(ui);
    expect(await restored.textContent()).toBe('3 contacts and 2 accounts brought back from the trash.');
    expect(await focusedTestId(page)).toBe('import-undo-button');

    // Undone again, then the lists: only the contact made before is left, and no account.
    await page.getByTestId('import-undo-button').click();
    await page.getByTestId('import-undo-confirmed').click();
    await undone.waitFor(ui);
    expect(await listed(page, 'contact', 'Undone')).toEqual([expect.stringContaining('Undone Before')]);
    await waitForNoAccounts(page);
    expect(pageErrors).toEqual([]);
  });

  it('lists the recent imports under the picker, and undoes one from there later', async () => {
    await openSection(page, 'transfer');
    await page.getByTestId('import-entity').selectOption('accounts');
    await importFile(page, 'firms.csv', ['Name,Industry', 'Recent Firm,Retail'], '1');
    // No list beside a report; back at the picker, the newest first.
    expect(await page.getByTestId('recent-imports').count()).toBe(0);
    await page.getByTestId('import-again').click();
    const items = page.getByTestId('recent-import');
    await items.first().waitFor(ui);
    expect(await items.count()).toBe(2);
    expect(await items.nth(0).getByTestId('recent-import-counts').textContent()).toBe('1 imported');
    expect(await items.nth(0).textContent()).toContain('Accounts · ');
    expect(await items.nth(1).getByTestId('recent-import-counts').textContent()).toBe('3 imported');
    // The import undone in the test before says so, and offers its records back.
    expect(await items.nth(1).getByTestId('import-undone').textContent()).toBe('This import was undone: the records it created are in the trash.');
    expect(await items.nth(1).getByTestId('import-undo-restore').count()).toBe(1);

    await items.nth(0).getByTestId('import-undo-button').click();
    expect(await items.nth(0).getByTestId('import-undo-confirm').textContent()).toContain('Move the 1 account this import created to the trash?');
    await items.nth(0).getByTestId('import-undo-confirmed').click();
    await items.nth(0).getByTestId('import-undone').waitFor(ui);
    expect(await items.nth(0).getByTestId('import-undone').textContent()).toBe('Import undone: 1 account moved to the trash.');
    await waitForNoAccounts(page);
    expect(pageErrors).toEqual([]);
  });

  it('says when an undo stopped part way (the vault locked), and finishes it from the recent imports', async () => {
    // 500 records a transaction: the lock, pressed once the first batch is in, stops it after a few.
    await undoUnderWay(page, 'many.csv', 'Locked Undo');
    await lockVault(page);
    await unlock(page, password);

    await openSection(page, 'transfer');
    const item = page.getByTestId('recent-import').first();
    const partial = item.getByTestId('import-undo-partial');
    await partial.waitFor(ui);
    const left = Number((/stopped part way: ([\d,]+) records/.exec((await partial.textContent()) ?? '')?.[1] ?? '0').replace(/,/g, ''));
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(5000);
    expect(left % 500).toBe(0);
    expect(await item.getByTestId('import-undo-button').textContent()).toBe('Finish undoing');
    // A restore stopped by a lock reads the same: both ways are offered, and the trash one asks first.
    expect(await item.getByTestId('import-undo-partial-restore').textContent()).toBe('Bring them back');
    await item.getByTestId('import-undo-button').click();
    await item.getByTestId('import-undo-confirm').waitFor(ui);
    await item.getByTestId('import-undo-confirmed').click();
    await item.getByTestId('import-undone').filter({ hasText: `Import undone: ${left.toLocaleString('en-US')} contacts moved to the trash.` }).waitFor({ timeout: 120_000 });
    expect(await item.getByTestId('import-undo-restore').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it('brings back all it can, and says which contacts stay in the trash with the account the rep trashed', async () => {
    await openSection(page, 'transfer');
    await page.getByTestId('import-entity').selectOption('contacts');
    await importFile(page, 'kept.csv', ['Name,Email,Company', 'Kept Ann,ann@kept.example,Kept Firm One', 'Kept Bo,bo@kept.example,Kept Firm Two'], '2');
    // The rep trashes one of the accounts the import made, from its list.
    await openSection(page, 'accounts');
    await page.getByTestId('account-table-row').filter({ hasText: 'Kept Firm Two' }).getByTestId('row-select').click();
    await page.getByTestId('bulk-delete').click();
    await page.getByTestId('bulk-deleted-toast').waitFor(ui);

    await openSection(page, 'transfer');
    const item = page.getByTestId('recent-import').first();
    await item.getByTestId('import-undo-button').click();
    await item.getByTestId('import-undo-confirmed').click();
    expect(await item.getByTestId('import-undone').filter({ hasText: 'Import undone' }).textContent()).toBe('Import undone: 2 contacts and 1 account moved to the trash.');
    await item.getByTestId('import-undo-restore').click();
    const restored = item.getByTestId('import-restored');
    await restored.waitFor(ui);
    expect(await restored.textContent()).toBe(
      '1 contact and 1 account brought back from the trash.1 contact stays in the trash: its account is in the trash. Restore the account from the trash, then the contact.',
    );
    expect(await listed(page, 'contact', 'Kept')).toEqual([expect.stringContaining('Kept Ann')]);
    expect(pageErrors).toEqual([]);
  });

  it('shows an undo started before leaving the page as running in the recent imports, and how it ended', async () => {
    await undoUnderWay(page, 'left.csv', 'Left Undo');
    // Away and back while it runs: the list shows it running, not stopped part way, and then that it was undone.
    await openSection(page, 'contacts');
    await openSection(page, 'transfer');
    const item = page.getByTestId('recent-import').first();
    await item.getByTestId('import-undo-progress').waitFor(ui);
    expect(await item.getByTestId('import-undo-partial').count()).toBe(0);
    const undone = item.getByTestId('import-undone');
    await undone.waitFor({ timeout: 120_000 });
    expect(await undone.textContent()).toBe('This import was undone: the records it created are in the trash.');
    expect(await item.getByTestId('import-undo-restore').count()).toBe(1);
    expect(await listed(page, 'contact', 'Left Undo')).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('shows how an undo ended when it ended while the recent imports were on their way', async () => {
    await undoUnderWay(page, 'raced.csv', 'Raced Undo');
    // Away, and back with the list's answer held until the undo has ended: its end reaches the page first.
    await openSection(page, 'contacts');
    route.holding.add('import.recent');
    const endsBefore = undoEnds();
    await openSection(page, 'transfer');
    await expect.poll(undoEnds, { timeout: 120_000 }).toBe(endsBefore + 1);
    route.release();
    const item = page.getByTestId('recent-import').first();
    await item.getByTestId('import-undone').waitFor(ui);
    expect(await item.getByTestId('import-undo-progress').count()).toBe(0);
    expect(await listed(page, 'contact', 'Raced Undo')).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  /** How many undo progress events saying the undo ended the shell has pushed. */
  function undoEnds(): number {
    return route.events.filter(({ event, payload }) => event === 'import.didUndoProgress' && (payload as { ended?: unknown }).ended === true).length;
  }

  it('leaves an account it created that a later import’s contact is linked to, and says so', async () => {
    await openSection(page, 'transfer');
    await page.getByTestId('import-entity').selectOption('contacts');
    await importFile(page, 'first-firm.csv', ['Name,Email,Company', 'First Flo,flo@firm.example,Shared Firm'], '1');
    await page.getByTestId('import-again').click();
    await importFile(page, 'second-firm.csv', ['Name,Email,Company', 'Second Sid,sid@firm.example,Shared Firm'], '1');
    await page.getByTestId('import-again').click();
    // The first import, below the second.
    const item = page.getByTestId('recent-import').nth(1);
    await item.waitFor(ui);
    await item.getByTestId('import-undo-button').click();
    await item.getByTestId('import-undo-confirmed').click();
    await item.getByTestId('import-undone').waitFor(ui);
    expect(await item.getByTestId('import-undone').textContent()).toBe(
      'Import undone: 1 contact moved to the trash.1 account it created stays: records this import did not create are linked to it.',
    );
    // Sid's company is still there, and Flo is in the trash.
    expect(await listed(page, 'account', 'Shared Firm')).toEqual([expect.stringContaining('Shared Firm')]);
    expect(await listed(page, 'contact', 'Second Sid')).toEqual([expect.stringContaining('Second Sid')]);
    expect(await listed(page, 'contact', 'First Flo')).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
