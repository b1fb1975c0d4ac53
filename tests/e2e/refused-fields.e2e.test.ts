// Refusals from the main process that name a field, in Chromium against the
// real headless shell and vault: a stage removed while the New deal dialog is
// open, and a reminder after a due time changed since the task's page was
// read. Each shows under its field, worded from the refusal's reason in the
// UI's language, not as the main process's English sentence for the whole
// request ("Invalid input (stageId: Unknown pipeline stage)"). The changes
// behind the page's back go through its own (routed) IPC socket.
import type { Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { closeDialogs, createRecord, openSection, saveViewAs, ui, unlock } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { setLanguage } from './layout-steps';
import { call } from './proxied-server';

const password = 'refusals under their fields';

interface Stage {
  readonly id: string;
  readonly name: string;
  readonly probability: number;
  readonly kind: string;
}

describe('refusals that name a field', () => {
  const route = new InjectingRoute();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  // What a failed test may leave behind for the next: an open dialog, the page in Chinese.
  afterEach(async () => {
    await closeDialogs(page);
    if ((await page.evaluate(() => document.documentElement.lang)) !== 'en') await setLanguage(page, 'en');
  });

  /** Removes a stage from the pipeline, as another window or device would. */
  async function removeStage(stageId: string): Promise<void> {
    const { stages } = (await call(route, 'pipeline.get', {})) as { stages: Stage[] };
    await call(route, 'pipeline.update', { stages: stages.filter((stage) => stage.id !== stageId).map(({ id, name, probability, kind }) => ({ id, name, probability, kind })) });
  }

  /** Fills a New deal dialog with `stageId`, removes that stage, and presses Create. */
  async function createDealInRemovedStage(stageId: string): Promise<void> {
    await openSection(page, 'deals');
    await page.getByTestId('list-new').click();
    const dialog = page.getByTestId('new-deal');
    await dialog.waitFor(ui);
    await dialog.getByTestId('field-name').fill('Renewal');
    await dialog.getByTestId('field-stageId').selectOption(stageId);
    await removeStage(stageId);
    await dialog.getByTestId('new-deal-submit').click();
    await dialog.getByTestId('field-stageId-error').waitFor(ui);
  }

  it('says under Stage that the stage chosen is gone, in English and in Chinese', async () => {
    await createDealInRemovedStage('qualified');
    const dialog = page.getByTestId('new-deal');
    expect(await dialog.getByTestId('field-stageId-error').innerText()).toBe('This stage no longer exists. Choose another one.');
    expect(await dialog.getByTestId('field-stageId').getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.getByTestId('new-deal-error').count()).toBe(0);
    await closeDialogs(page);

    await setLanguage(page, 'zh-CN');
    await createDealInRemovedStage('negotiation');
    expect(await page.getByTestId('new-deal').getByTestId('field-stageId-error').innerText()).toBe('此阶段已不存在，请选择其他阶段。');
    await closeDialogs(page);
    await setLanguage(page, 'en');
    expect(pageErrors).toEqual([]);
  });

  it('says under Reminder that it must not be after the due time when the due time moved since the page was read', async () => {
    await createRecord(page, 'tasks', 'task', { title: 'Call back about the renewal', dueAt: '2030-03-10T10:00', remindAt: '' });
    const { items } = (await call(route, 'tasks.list', {})) as { items: { id: string; title: string }[] };
    const task = items.find((item) => item.title === 'Call back about the renewal');
    if (task === undefined) throw new Error('the task was not created');
    // Another window moves the due time to 08:00; this page still shows 10:00.
    await call(route, 'tasks.update', { id: task.id, patch: { dueAt: new Date(2030, 2, 10, 8, 0).getTime() } });

    await page.getByTestId('inline-remindAt-edit').click();
    await page.getByTestId('inline-remindAt-input').fill('2030-03-10T09:00');
    await page.getByTestId('inline-remindAt-save').click();
    await page.getByTestId('inline-remindAt-input-error').waitFor(ui);
    expect(await page.getByTestId('inline-remindAt-input-error').innerText()).toBe('The reminder must not be after the due time');
    expect(pageErrors).toEqual([]);
  });

  it('shows a stage a saved view filters by that was removed since, so it can be taken away', async () => {
    await call(route, 'deals.create', { name: 'Lead still open', stageId: 'lead', currency: 'EUR', amount: 1_000, expectedCloseDate: '2030-05-01' });
    // An inline edit an earlier test left open (its refusal shown) is given up first.
    if ((await page.getByTestId('inline-remindAt-input').count()) > 0) await page.getByTestId('inline-remindAt-input').press('Escape');
    await openSection(page, 'deals');
    await page.getByTestId('filter-toggle').click();
    await page.getByTestId('filter-stage-proposal').click();
    await page.getByTestId('filter-apply').click();
    await saveViewAs(page, 'In proposal');
    await removeStage('proposal');
    // A fresh workspace (after a lock) reads the pipeline without the stage.
    await page.keyboard.press('Control+l');
    await page.getByTestId('unlock-password').waitFor(ui);
    await unlock(page, password);
    await openSection(page, 'deals');
    await page.getByTestId('saved-view').filter({ hasText: 'In proposal' }).click();
    await page.getByTestId('filter-toggle').click();
    // Before, the list was empty under "2 filters" and no chip showed the removed stage.
    const removed = page.getByTestId('filter-stage-proposal');
    await removed.waitFor(ui);
    expect(await removed.textContent()).toBe('Proposal (removed)');
    expect(await removed.getAttribute('aria-pressed')).toBe('true');
    await removed.click();
    await page.getByTestId('filter-apply').click();
    await page.getByTestId('deal-table-row').filter({ hasText: 'Lead still open' }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });
});
