// What the screens do when a call fails, in Chromium against the real
// headless shell and vault. The page's own WebSocket to the shell is routed
// through Playwright: every message passes unchanged, except that a test can
// answer one channel with an error instead of the shell (as the shell answers
// when, say, sync removed the record meanwhile), or hold the shell's answer
// back. Each screen must say what failed, keep what the user typed, and throw
// nothing unhandled.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WireError } from '../../src-shared/ipc/errors';
import type { SyncStatusEvent } from '../../src-shared/sync/client-api';
import { useApp } from './app';
import { closeDialogs, createContacts, fillAndCreate, openSection, pickRecord, ui, unlock } from './crm-steps';
import { IpcRoute } from './ipc-route';
import { setLanguage } from './layout-steps';

const password = 'calls fail in hotel lobbies';

const notFound = (what: string): WireError => ({ code: 'NOT_FOUND', message: `${what} was not found.` });

describe('screens when a call fails', () => {
  const faults = new IpcRoute();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route: faults, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  // A test that failed half-way leaves no fault, dialog, lock screen or Chinese UI to the next one.
  beforeEach(async () => {
    faults.clear();
    await closeDialogs(page);
    if ((await page.getByTestId('unlock-form').count()) > 0) await unlock(page, password);
    if ((await page.evaluate(() => document.documentElement.lang)) !== 'en') await setLanguage(page, 'en');
  });

  afterAll(() => {
    faults.clear();
  });

  it('says so when restoring a trashed record fails, and restores it on the next try', async () => {
    await createContacts(page, ['Lena Fischer']);
    await page.getByTestId('detail-delete').click();
    await page.getByTestId('list-contacts').waitFor(ui);
    await page.getByTestId('trash-toggle').click();
    await page.getByTestId('contact-table-row').filter({ hasText: 'Lena Fischer' }).click();
    await page.getByTestId('trashed-banner').waitFor(ui);

    faults.failing.set('contacts.restore', notFound('Contact'));
    await page.getByTestId('detail-restore').click();
    await page.getByTestId('restore-failed').filter({ hasText: 'Contact was not found.' }).waitFor(ui);
    await page.getByTestId('trashed-banner').waitFor(ui);

    faults.clear();
    await page.getByTestId('detail-restore').click();
    await page.getByTestId('restored-toast').waitFor(ui);
    await page.getByTestId('trashed-banner').waitFor({ state: 'detached', timeout: ui.timeout });
    expect(pageErrors).toEqual([]);
  });

  it('says so when "Mark done" fails, without an unhandled rejection', async () => {
    await openSection(page, 'tasks');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'task', { title: 'Call back about the invoice' });
    await page.getByTestId('task-detail').waitFor(ui);

    faults.failing.set('tasks.update', { code: 'BUSY', message: 'The vault is busy. Try again in a moment.' });
    await page.getByTestId('task-mark-done').click();
    await page.getByTestId('task-status-failed').filter({ hasText: 'The vault is busy. Try again in a moment.' }).waitFor(ui);
    expect(await page.getByTestId('task-mark-done').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it('shows why a record picker found nothing when its search failed', async () => {
    await openSection(page, 'accounts');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'account', { name: 'Harbour Logistics' });
    await page.getByTestId('account-detail').waitFor(ui);
    await openSection(page, 'contacts');
    await page.getByTestId('list-new').click();
    const dialog = page.getByTestId('new-contact');
    await dialog.waitFor(ui);

    faults.failing.set('search.query', { code: 'INTERNAL', message: 'Something went wrong. Try again.' });
    await dialog.getByTestId('field-accountId').fill('Harb');
    await dialog.getByTestId('refpicker-failure').filter({ hasText: 'Something went wrong. Try again.' }).waitFor(ui);
    expect(await dialog.getByText('No matches').count()).toBe(0);

    faults.clear();
    await dialog.getByTestId('field-accountId').fill('Harbo');
    await dialog.getByTestId('refpicker-option').filter({ hasText: 'Harbour Logistics' }).waitFor(ui);
    expect(await dialog.getByTestId('refpicker-failure').count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: ui.timeout });
    expect(pageErrors).toEqual([]);
  });

  it('keeps the typed lost reason when moving a deal to Lost fails', async () => {
    await openSection(page, 'deals');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'deal', { name: 'Harbour cold storage' });
    await page.getByTestId('deal-detail').waitFor(ui);

    await page.getByTestId('stage-step-lost').click();
    await page.getByTestId('lost-reason').waitFor(ui);
    await page.getByTestId('lost-reason-input').fill('Chose a cheaper supplier');
    faults.failing.set('deals.moveStage', { code: 'BUSY', message: 'The vault is busy. Try again in a moment.' });
    await page.getByTestId('lost-reason-confirm').click();
    // Said in the dialog, not in a toast behind its backdrop.
    await page.getByTestId('lost-reason').getByTestId('stage-move-failed').filter({ hasText: 'The vault is busy. Try again in a moment.' }).waitFor(ui);
    expect(await page.getByTestId('move-failed').count()).toBe(0);
    expect(await page.getByTestId('lost-reason-input').inputValue()).toBe('Chose a cheaper supplier');

    faults.clear();
    await page.getByTestId('lost-reason-confirm').click();
    await page.getByTestId('moved-toast').filter({ hasText: 'Lost' }).waitFor(ui);
    await page.getByTestId('lost-reason').waitFor({ state: 'detached', timeout: ui.timeout });
    await page.getByTestId('deal-detail').getByText('Chose a cheaper supplier').waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('keeps the picked contact in the link dialog when the deal refuses it, and links it on the next try', async () => {
    await createContacts(page, ['Mina Park']);
    await openSection(page, 'deals');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'deal', { name: 'Harbour crane service' });
    await page.getByTestId('deal-detail').waitFor(ui);

    await page.getByTestId('related-contacts-add').click();
    const dialog = page.getByTestId('link-contact');
    await pickRecord(page, 'link-contact-picker', 'Mina', 'Mina Park');
    faults.failing.set('deals.update', { code: 'BUSY', message: 'The vault is busy. Try again in a moment.' });
    await dialog.getByTestId('link-contact-confirm').click();
    await dialog.getByTestId('link-contact-error').filter({ hasText: 'The vault is busy. Try again in a moment.' }).waitFor(ui);
    expect(await dialog.getByTestId('link-contact-picker').inputValue()).toBe('Mina Park');

    // A name typed over the pick and never picked is refused, not taken for the earlier pick.
    faults.clear();
    await dialog.getByTestId('link-contact-picker').fill('Nobody Such');
    await dialog.getByTestId('link-contact-picker').press('Escape');
    const updates = faults.calls.filter((channel) => channel === 'deals.update').length;
    await dialog.getByTestId('link-contact-confirm').click();
    await dialog.getByTestId('link-contact-error').filter({ hasText: 'Choose one from the list, or clear the field' }).waitFor(ui);
    expect(faults.calls.filter((channel) => channel === 'deals.update')).toHaveLength(updates);
    await pickRecord(page, 'link-contact-picker', 'Mina', 'Mina Park');
    await dialog.getByTestId('link-contact-confirm').click();
    await dialog.waitFor({ state: 'detached', timeout: ui.timeout });
    await page.getByTestId('related-contacts').getByText('Mina Park').waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('keeps the uploaded file when a re-mapping fails, and shows no row count while a dry run checks', async () => {
    await openSection(page, 'transfer');
    const csv = ['Name,Email,Job', 'Ada Brook,ada@harbour.example,Buyer', 'Ben Clay,ben@harbour.example,Driver', ''].join('\r\n');
    await page.getByTestId('import-file').setInputFiles({ name: 'harbour.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByTestId('import-ready').waitFor(ui);
    const jobColumn = page.getByTestId('mapping-2');
    const mappedBefore = await jobColumn.inputValue();

    faults.failing.set('import.preview', { code: 'INTERNAL', message: 'Something went wrong. Try again.' });
    await jobColumn.selectOption('notes');
    await page.getByTestId('import-remap-failed').filter({ hasText: 'Something went wrong. Try again.' }).waitFor(ui);
    expect(await page.getByTestId('import-ready').textContent()).toContain('harbour.csv');
    expect(await jobColumn.inputValue()).toBe(mappedBefore);
    expect(await page.getByTestId('import-error').count()).toBe(0);

    faults.clear();
    await jobColumn.selectOption('notes');
    await page.waitForFunction(() => document.querySelector('[data-testid="import-remap-failed"]') === null, undefined, ui);
    expect(await jobColumn.inputValue()).toBe('notes');

    // The dry run's answer is its report: until it comes, no "0 of 0 rows".
    faults.holding.add('import.run');
    await page.getByTestId('import-dry-run').click();
    await page.getByTestId('import-progress').waitFor(ui);
    expect(await page.getByTestId('import-progress').textContent()).toContain('Checking');
    expect(await page.getByTestId('import-progress-count').count()).toBe(0);
    faults.release();
    await page.getByTestId('import-report').waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('says how many attempts are left after a wrong password from the error itself, in Chinese too', async () => {
    await openSection(page, 'settings');
    await page.getByTestId('language-select').selectOption('zh-CN');
    await page.keyboard.press('Control+l');
    await page.getByTestId('unlock-password').waitFor(ui);
    faults.calls.length = 0;
    await page.getByTestId('unlock-password').fill('not the password');
    await page.getByTestId('unlock-password').press('Enter');
    await page.getByTestId('unlock-error').waitFor(ui);
    expect(await page.getByTestId('unlock-error').innerText()).toMatch(/再输错 9 次/);
    // One call: the count came with the error, not from a second vault.status.
    expect(faults.calls).toEqual(['vault.unlock']);
    await page.getByTestId('unlock-password').fill(password);
    await page.getByTestId('unlock-password').press('Enter');
    await page.getByTestId('workspace').waitFor(ui);
    await openSection(page, 'settings');
    await page.getByTestId('language-select').selectOption('en');
    expect(pageErrors).toEqual([]);
  });

  it("shows the main process's import problems and the sync error in Chinese when the UI is in Chinese", async () => {
    await openSection(page, 'settings');
    await page.getByTestId('language-select').selectOption('zh-CN');
    await openSection(page, 'transfer');

    // A workbook is refused before any preview: in Chinese, with what to do.
    await page.getByTestId('import-file').setInputFiles({ name: 'leads.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]) });
    await page.getByTestId('import-error').filter({ hasText: '此文件是工作簿' }).waitFor(ui);

    const csv = [
      'Name,Email',
      'Wen Li,wen.li@harbour.example',
      ',nobody@harbour.example',
      'Bo Chen,not-an-email',
      'Bo Chen Again,wen.li@harbour.example',
      'Mei Lin,mei@harbour.example,extra',
      '',
    ].join('\r\n');
    await page.getByTestId('import-file').setInputFiles({ name: 'harbour-cn.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByTestId('import-ready').waitFor(ui);
    // The preview's reasons, worded here from the main process's codes.
    await page.getByTestId('import-preview').filter({ hasText: '第 2 行的电子邮件地址与此相同' }).waitFor(ui);

    // A mapping without a name column.
    await page.getByTestId('mapping-0').selectOption('');
    await page.getByTestId('import-mapping-problem').filter({ hasText: '请将一列对应到姓名（或对应到名和姓）' }).waitFor(ui);
    await page.getByTestId('mapping-0').selectOption('name');
    await page.getByTestId('import-mapping-problem').waitFor({ state: 'detached', timeout: ui.timeout });

    await page.getByTestId('import-dry-run').click();
    await page.getByTestId('import-report').waitFor(ui);
    const reasons = await page.getByTestId('rejected-row').evaluateAll((rows) => rows.map((row) => row.querySelector('td:last-child .muted')?.textContent ?? ''));
    expect(reasons).toEqual(['此项为必填项', '电子邮件地址无效', '此行有 3 个值，但表头有 2 列（请检查未加引号的值中是否含有逗号）']);
    // The duplicate is skipped, not rejected: listed apart, with the row it matched.
    expect(await page.getByTestId('skipped-row').allTextContents()).toEqual(['5与文件中的行重复 · 第 2 行的电子邮件地址与此相同']);

    // The sync status's last error, as the shell pushes it after a failed sync.
    const failed: SyncStatusEvent = {
      state: 'offline',
      pendingCount: 0,
      lastSuccessAt: null,
      lastError: "The sync server's certificate is not from your organisation. Nothing was sent. If this network has a sign-in page (hotel or airport Wi-Fi), sign in there first.",
      lastErrorReason: { code: 'sync_network', failure: 'untrusted_certificate' },
      received: 0,
      total: null,
      openConflicts: 0,
      unsentRecords: 0,
      nextTryAt: null,
      clockSkew: null,
    };
    faults.socket?.send(JSON.stringify({ type: 'event', event: 'sync.didChangeStatus', payload: failed }));
    await page.getByTestId('sync-status-details').filter({ hasText: '同步服务器的证书不是你的组织颁发的。没有发送任何内容。如果此网络有登录页面（如酒店或机场 Wi-Fi），请先在该页面登录。' }).waitFor({ state: 'attached', timeout: ui.timeout });
    expect(await page.getByTestId('sync-status-details').textContent()).not.toContain('certificate');

    await openSection(page, 'settings');
    await page.getByTestId('language-select').selectOption('en');
    // In English the main process's own message stays.
    expect(await page.getByTestId('sync-status-details').textContent()).toContain(failed.lastError);
    expect(pageErrors).toEqual([]);
  });

  it('words a duplicate of an existing contact, a phone rule, a refused resume and a sync stopped by a damaged vault in Chinese', async () => {
    await openSection(page, 'settings');
    await page.getByTestId('language-select').selectOption('zh-CN');
    await openSection(page, 'transfer');

    const upload = async (name: string, rows: readonly string[]) => {
      await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(['Name,Email,Phone', ...rows, ''].join('\r\n'), 'utf8') });
      await page.getByTestId('import-ready').waitFor(ui);
    };
    await upload('first.csv', ['Hao Wu,hao.wu@harbour.example,+86 10 1234 5678']);
    await page.getByTestId('import-run').click();
    await page.getByTestId('import-again').waitFor(ui);
    await page.getByTestId('import-again').click();

    await upload('second.csv', ['Hao Wu Again,hao.wu@harbour.example,+86 10 8765 4321', 'Jun Ma,jun.ma@harbour.example,+86 10\u0007 5555']);
    // Each problem in one sentence, in Chinese word order: the kind, a full-width colon, then what the main process found.
    const problems = page.getByTestId('import-preview').locator('td.overdue');
    await problems.first().waitFor(ui);
    expect(await problems.allTextContents()).toEqual(['FieldVault 中已存在：已有联系人的电子邮件地址与此相同', '值无效：电话号码无效']);

    // A resume the main process refuses (as it does for another file than the interrupted import's).
    faults.failing.set('import.run', {
      code: 'BAD_INPUT',
      message: 'This is not the file of the interrupted import: choose the same file again',
      reason: { code: 'resume_other_file' },
    });
    await page.getByTestId('import-run').click();
    await page.getByTestId('import-failed').filter({ hasText: '这不是中断的导入所用的文件：请重新选择同一个文件' }).waitFor(ui);
    faults.clear();

    // A sync that stopped on an error of ours that is not a sync error.
    const stopped: SyncStatusEvent = {
      state: 'error',
      pendingCount: 0,
      lastSuccessAt: null,
      lastError: 'The vault on this device is damaged: a contact row does not match the schema.',
      lastErrorReason: { code: 'sync_stopped', error: 'VAULT_CORRUPT' },
      received: 0,
      total: null,
      openConflicts: 0,
      unsentRecords: 0,
      nextTryAt: null,
      clockSkew: null,
    };
    // Sent again until it shows: a status the engine itself pushes late (a count throttled on a loaded
    // machine, after the contacts above) would otherwise replace it before the check.
    await expect
      .poll(
        async () => {
          faults.socket?.send(JSON.stringify({ type: 'event', event: 'sync.didChangeStatus', payload: stopped }));
          return await page.getByTestId('sync-status-details').textContent();
        },
        { timeout: ui.timeout, interval: 500 },
      )
      .toContain('同步失败：此设备上的保险库已损坏。');
    expect(await page.getByTestId('sync-status-details').textContent()).not.toContain('damaged');

    await openSection(page, 'settings');
    await page.getByTestId('language-select').selectOption('en');
    expect(pageErrors).toEqual([]);
  });

  it('keeps an Undo toast while focus is on it, past the time it would have gone', async () => {
    await createContacts(page, ['Noor Haddad']);
    await page.getByTestId('detail-delete').click();
    const undo = page.getByTestId('deleted-toast-action');
    await undo.focus();
    // A toast with an action goes after 8 s unless held.
    await page.waitForTimeout(9_000);
    expect(await undo.isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByTestId('restored-toast').waitFor(ui);
    await page.getByTestId('contact-detail').waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('offers Try again when the forecast fails, and shows its figures once it answers', async () => {
    faults.failing.set('pipeline.forecast', { code: 'BUSY', message: 'The vault is busy. Try again in a moment.' });
    await openSection(page, 'deals');
    await page.getByTestId('deals-view-forecast').click();
    const failed = page.getByTestId('forecast-failed');
    await failed.filter({ hasText: 'The vault is busy. Try again in a moment.' }).waitFor(ui);

    faults.clear();
    await failed.getByRole('button', { name: 'Try again' }).click();
    await page.locator('[data-testid="forecast-currency"], [data-testid="forecast-empty"]').first().waitFor(ui);
    expect(await failed.count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('offers Try again in a board column that failed to load, which reads the board again', async () => {
    await openSection(page, 'deals');
    faults.failing.set('deals.list', { code: 'BUSY', message: 'The vault is busy. Try again in a moment.' });
    await page.getByTestId('deals-view-board').click();
    const failed = page.getByTestId('column-lead').getByTestId('column-failed');
    await failed.waitFor(ui);

    faults.clear();
    const asked = faults.calls.filter((channel) => channel === 'deals.list').length;
    await failed.getByRole('button', { name: 'Try again' }).click();
    await page.getByTestId('column-failed').first().waitFor({ state: 'detached', timeout: ui.timeout });
    expect(faults.calls.filter((channel) => channel === 'deals.list').length).toBeGreaterThan(asked);
    expect(pageErrors).toEqual([]);
  });
});
