// A list's default saved view in Chromium against the real headless shell
// and vault: "Make default" (reached by keyboard) marks the view's tab, and
// the list then opens on that view from the sidebar and from the g-shortcut;
// "Clear default" and deleting the view give the list back its first
// built-in tab. A new view may not take a built-in tab's name in either UI
// language, case, accents and spacing aside: the form refuses it at its field.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { openSection, saveViewAs, ui } from './crm-steps';
import { setLanguage } from './layout-steps';

const password = 'a default view for every list';
const name = 'Sorted my way';

/** The selected tab's test id and text. */
function selectedTab(page: Page): Promise<{ testId: string | null; text: string } | null> {
  return page.evaluate(() => {
    const tab = document.querySelector('[data-testid="view-bar"] [role="tab"][aria-selected="true"]');
    return tab === null ? null : { testId: tab.getAttribute('data-testid'), text: tab.textContent };
  });
}

async function leaveAndOpenDeals(page: Page): Promise<void> {
  await openSection(page, 'contacts');
  await openSection(page, 'deals');
}

describe('a list’s default view', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('opens the list on its default view until the default is cleared or the view deleted', async () => {
    await openSection(page, 'deals');
    // The view differs from the first tab ("Open deals"): it holds "All deals".
    await page.getByTestId('view-builtin-all').click();
    await saveViewAs(page, name);

    // "Make default" by keyboard; the view's tab is marked.
    await page.getByTestId('view-make-default').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('view-default-mark').waitFor(ui);
    expect(await page.getByTestId('saved-view').filter({ hasText: name }).getByTestId('view-default-mark').count()).toBe(1);
    await page.getByTestId('view-clear-default').waitFor(ui);

    // From the sidebar, the list opens on the default view, with its sort (nothing to "Update").
    await leaveAndOpenDeals(page);
    await expect.poll(() => selectedTab(page), ui).toEqual({ testId: 'saved-view', text: `${name}Default` });
    expect(await page.getByTestId('view-update').count()).toBe(0);

    // From the g-shortcut as well.
    await openSection(page, 'contacts');
    await page.evaluate(() => {
      if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    });
    await page.keyboard.press('g');
    await page.keyboard.press('d');
    await page.getByTestId('list-deals').waitFor(ui);
    await expect.poll(() => selectedTab(page), ui).toEqual({ testId: 'saved-view', text: `${name}Default` });

    // "Clear default": the list opens on its first built-in tab again.
    await page.getByTestId('view-clear-default').click();
    await page.getByTestId('view-make-default').waitFor(ui);
    expect(await page.getByTestId('view-default-mark').count()).toBe(0);
    await leaveAndOpenDeals(page);
    await expect.poll(() => selectedTab(page), ui).toEqual({ testId: 'view-default', text: 'Open deals' });

    // Default again, then deleted: the built-in tab is shown, now and on the next visit.
    await page.getByTestId('saved-view').filter({ hasText: name }).click();
    await page.getByTestId('view-make-default').click();
    await page.getByTestId('view-default-mark').waitFor(ui);
    await leaveAndOpenDeals(page);
    await expect.poll(() => selectedTab(page), ui).toEqual({ testId: 'saved-view', text: `${name}Default` });
    await page.getByTestId('view-remove').click();
    await expect.poll(() => selectedTab(page), ui).toEqual({ testId: 'view-default', text: 'Open deals' });
    await leaveAndOpenDeals(page);
    await expect.poll(() => selectedTab(page), ui).toEqual({ testId: 'view-default', text: 'Open deals' });
    expect(await page.getByTestId('saved-view').count()).toBe(0);
  });

  it('refuses a built-in tab’s name in either language at the name field, and takes a name that only contains one', async () => {
    await openSection(page, 'deals');
    await page.getByTestId('view-save').click();
    const field = page.getByTestId('view-name');
    const error = page.getByTestId('view-name-error');
    for (const taken of ['  open   DEALS ', 'Àll deals', '进行中的商机', '全部商机']) {
      await field.fill(taken);
      await field.press('Enter');
      await expect.poll(() => error.textContent(), ui).toBe(`“${taken.trim()}” is the name of one of this list’s built-in tabs. Choose another name.`);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('view-name');
    }
    await field.fill('All deals this quarter');
    await field.press('Enter');
    await page.getByTestId('saved-view').filter({ hasText: 'All deals this quarter' }).waitFor(ui);

    await setLanguage(page, 'zh-CN');
    await openSection(page, 'tasks');
    await page.getByTestId('view-save').click();
    await page.getByTestId('view-name').fill('Open Tasks');
    await page.getByTestId('view-name').press('Enter');
    await expect.poll(() => page.getByTestId('view-name-error').textContent(), ui).toBe('“Open Tasks”是此列表内置标签的名称，请换一个名称。');
    await page.getByTestId('view-name-cancel').click();
    await setLanguage(page, 'en');
  });
});
