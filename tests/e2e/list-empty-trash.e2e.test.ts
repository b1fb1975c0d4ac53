// A filtered trash and the view-name form's Esc, in Chromium against the real
// headless shell and vault. A trash holding deleted contacts, filtered to a
// tag none of them has, says nothing matches the filters (in English and in
// Chinese), not that the trash is empty; Clear filters shows the deleted
// contacts again, still in the trash; a trash with nothing in it still says
// it is empty. The view-name form leaves on Esc wherever its focus is: on
// Save or Cancel after a refused name, not only in its field.
// Records are written through the page's own (routed) IPC socket.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { focusedTestId, openSection, saveViewAs, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { setLanguage } from './layout-steps';
import { call, createdId } from './proxied-server';

const password = 'the trash keeps its own';
const contacts = ['Deleted Ada', 'Deleted Bea', 'Deleted Cem', 'Deleted Dov', 'Deleted Eli'];

describe('an empty filtered trash and the view-name form', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    const ids: string[] = [];
    for (const name of contacts) ids.push(await createdId(route, 'contacts.create', { name, tags: ['north'] }));
    await call(route, 'contacts.deleteMany', { ids });
  });

  /** Contacts → Trash (the deleted contacts shown) → Filter → Tags "vip" → Apply. */
  async function filterTrashToVip(): Promise<void> {
    await openSection(page, 'contacts');
    await page.getByTestId('trash-toggle').click();
    await expect.poll(() => page.getByTestId('trash-toggle').getAttribute('aria-pressed'), ui).toBe('true');
    await expect.poll(() => page.getByTestId('contact-table-row').count(), ui).toBe(contacts.length);
    await page.getByTestId('filter-toggle').click();
    await page.getByTestId('filter-tags').fill('vip');
    await page.getByTestId('filter-apply').click();
  }

  it('says nothing matches the filters in a filtered trash, and "The trash is empty" only in an unfiltered one', async () => {
    const empty = page.getByTestId('list-empty');
    const title = empty.locator('.empty__title');
    const rows = page.getByTestId('contact-table-row');
    await filterTrashToVip();
    await expect.poll(() => title.textContent(), ui).toBe('Nothing matches these filters');
    expect(await page.locator('.page--list h1').textContent()).toBe('Contacts in the trash');
    expect(await empty.textContent()).toContain('Change or clear the filters to see more.');
    expect(await empty.textContent()).not.toContain('Deleted records stay here');
    expect(await empty.getByRole('button').count()).toBe(0);

    await setLanguage(page, 'zh-CN');
    await filterTrashToVip();
    await expect.poll(() => title.textContent(), ui).toBe('没有符合筛选条件的记录');
    await setLanguage(page, 'en');

    // Clear filters: the deleted contacts again, still in the trash.
    await filterTrashToVip();
    await expect.poll(() => title.textContent(), ui).toBe('Nothing matches these filters');
    await page.getByTestId('filter-clear').click();
    await expect.poll(() => rows.count(), ui).toBe(contacts.length);
    expect(await page.locator('.page--list h1').textContent()).toBe('Contacts in the trash');
    expect(await page.getByTestId('trash-toggle').getAttribute('aria-pressed')).toBe('true');

    // A trash with nothing in it, filtered by nothing, says so.
    await openSection(page, 'accounts');
    await page.getByTestId('trash-toggle').click();
    await expect.poll(() => title.textContent(), ui).toBe('The trash is empty');
    expect(pageErrors).toEqual([]);
  });

  it('leaves the view-name form on Esc from its Save and Cancel buttons, the focus back on "Save view"', async () => {
    await openSection(page, 'contacts');
    await saveViewAs(page, 'Mine');
    const input = page.getByTestId('view-name');
    for (const button of ['view-save-confirm', 'view-name-cancel']) {
      await page.getByTestId('view-save').click();
      await input.fill('mine');
      await input.press('Enter');
      await page.getByTestId('view-name-error').filter({ hasText: 'This list already has a view named “Mine”. Choose another name.' }).waitFor(ui);
      // Tab to the button, as a keyboard user leaves the field.
      for (let presses = 0; presses < 3 && (await focusedTestId(page)) !== button; presses += 1) await page.keyboard.press('Tab');
      expect(await focusedTestId(page)).toBe(button);
      await page.keyboard.press('Escape');
      await input.waitFor({ state: 'detached', timeout: ui.timeout });
      expect(await focusedTestId(page)).toBe('view-save');
    }
    expect(await page.getByTestId('saved-view').allTextContents()).toEqual(['Mine']);
    expect(pageErrors).toEqual([]);
  });
});
