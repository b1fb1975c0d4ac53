// Deals that read right, in Chromium against the real headless shell and
// vault (walkthrough 4, #3, #7, #9). A won deal's probability is 100 %: the
// inline edit of it is refused at the field, in English and in Chinese,
// and the page keeps 100 %. Sorting "All deals" by Amount groups the deals
// by currency and orders each currency's by amount, where ¥2,128,000 stood
// between €19,600 and $21,900, and the sort button says so. Two deals of
// one account with the same name are told apart in Ctrl+K by their stage
// and amount on the second line, where both showed only the account, and so
// are they in a task's Deal picker.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { createRecord, openSection, ui } from './crm-steps';

const password = 'deals that read right at last';
const account = { typed: 'Vauban', name: 'Vauban Logistique' };

describe('deals that read right', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('groups the deals by currency when sorting by amount, and says so on the sort button', async () => {
    await createRecord(page, 'accounts', 'account', { name: account.name });
    const deals = [
      { name: 'Site survey and installation', amount: '19600', currency: 'EUR', stageId: 'lost' },
      { name: 'Site survey and installation', amount: '2128000', currency: 'JPY', stageId: 'negotiation' },
      { name: 'Harbour cranes', amount: '21900', currency: 'USD', stageId: 'won' },
      { name: 'Kiosk pilot', amount: '9500', currency: 'EUR', stageId: 'proposal' },
      { name: 'Dock lighting', amount: '9300', currency: 'USD', stageId: 'lead' },
    ];
    for (const deal of deals) await createRecord(page, 'deals', 'deal', deal, account);

    await openSection(page, 'deals');
    await page.getByTestId('view-builtin-all').click();
    const sort = page.getByTestId('sort-amount');
    expect(await sort.getAttribute('title')).toBe('Sort by currency, then by amount');
    const amounts = () => page.getByTestId('deal-table-row').locator('[data-column="amount"]').allTextContents();
    const ascending = ['€9,500.00', '€19,600.00', '¥2,128,000', '$9,300.00', '$21,900.00'];
    // An amount sorts largest first on the first click, smallest first on the next; the currencies keep their order.
    await sort.click();
    await expect.poll(amounts, ui).toEqual(['€19,600.00', '€9,500.00', '¥2,128,000', '$21,900.00', '$9,300.00']);
    await sort.click();
    await expect.poll(amounts, ui).toEqual(ascending);
    expect(pageErrors).toEqual([]);
  });

  it('shows a deal hit’s stage and amount beside its account in Ctrl+K', async () => {
    await page.keyboard.press('Control+k');
    await page.getByTestId('search-input').fill('Site survey');
    const hits = page.getByTestId('search-hit').filter({ hasText: 'Site survey and installation' });
    await expect.poll(() => hits.count(), ui).toBe(2);
    const lines = (await hits.getByTestId('search-hit-subtitle').allTextContents()).sort();
    expect(lines).toEqual(['Vauban Logistique · Lost · €19,600.00', 'Vauban Logistique · Negotiation · ¥2,128,000']);
    await page.keyboard.press('Escape');
    await page.getByTestId('search-dialog').waitFor({ state: 'detached', timeout: ui.timeout });
    expect(pageErrors).toEqual([]);
  });

  it('tells the two apart in a task’s Deal picker too, and reads a pasted text longer than search takes', async () => {
    await openSection(page, 'tasks');
    await page.getByTestId('list-new').click();
    const dialog = page.getByTestId('new-task');
    await dialog.waitFor(ui);
    const picker = dialog.getByTestId('field-dealId');
    const options = page.getByTestId('refpicker-option').filter({ hasText: 'Site survey and installation' });
    await picker.fill('Site survey');
    await expect.poll(() => options.count(), ui).toBe(2);
    expect((await options.locator('.small').allTextContents()).sort()).toEqual(['Vauban Logistique · Lost · €19,600.00', 'Vauban Logistique · Negotiation · ¥2,128,000']);
    // Past the 200 characters search reads: cut to them, as Ctrl+K does, not "Search for at most 200 characters".
    await picker.fill(`Site survey${' '.repeat(250)}and the rest of a pasted paragraph`);
    await expect.poll(() => options.count(), ui).toBe(2);
    expect(await page.getByTestId('refpicker-failure').count()).toBe(0);
    // Nothing typed: the first deals by name, each with its amount.
    await picker.fill('');
    await expect.poll(() => options.locator('.small').allTextContents(), ui).toEqual(['€19,600.00', '¥2,128,000']);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: ui.timeout });
    expect(pageErrors).toEqual([]);
  });

  it('refuses a probability edit on a won deal at the field, in English and in Chinese, keeping 100 %', async () => {
    const detail = page.getByTestId('deal-detail');
    const input = page.getByTestId('inline-probability-input');
    const error = page.getByTestId('inline-probability-input-error');
    const tryThirty = async () => {
      await openSection(page, 'deals');
      await page.getByTestId('view-builtin-all').click();
      await page.getByTestId('deal-table-row').filter({ hasText: 'Harbour cranes' }).click();
      await detail.waitFor(ui);
      await page.getByTestId('inline-probability-edit').click();
      await input.fill('30');
      await input.press('Enter');
      // Either the refusal or, had the edit been taken, the saved toast.
      await error.or(page.getByTestId('saved-field-toast')).waitFor(ui);
      expect(await page.getByTestId('saved-field-toast').count()).toBe(0);
      const refusal = await error.textContent();
      await input.press('Escape');
      return refusal;
    };

    // English shows the main process's own sentence for a field (inside "Invalid input (probability: …)"), the same words.
    expect(await tryThirty()).toContain('A won deal’s probability is 100 %. To change it, move the deal back to an open stage.');
    expect(await page.getByTestId('inline-probability').textContent()).toContain('100%');

    await openSection(page, 'settings');
    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang), ui).toBe('zh-CN');
    expect(await tryThirty()).toBe('赢单商机的赢单概率固定为 100%。如需修改，请先将商机移回进行中的阶段。');
    expect(await page.getByTestId('inline-probability').textContent()).toContain('100%');
    await openSection(page, 'settings');
    await page.getByTestId('language-select').selectOption('en');
    expect(pageErrors).toEqual([]);
  });
});
