// A list's saved views as a screen reader and a keyboard user meet them, in
// Chromium against the real headless shell and vault: the views are tabs
// (the ARIA tabs pattern) with nothing but tabs in their tab list, one tab
// stop, arrow keys, Home and End that move to a view and show it, Delete
// that removes a saved view (with Undo), and a panel the tabs control that
// is labelled by the selected tab. A view just saved (or brought back by
// Undo) shows as the selected tab at once, before the list of views is read
// again. A toast's Undo pressed by keyboard gives the focus back to where it
// was, not to the page's body. The name form refuses an empty name and the
// name of another view of the list at its field; "Rename view" names the
// selected view anew without touching the list's changes not yet saved,
// with Esc to cancel and Undo. The page's WebSocket passes through
// Playwright so a test can hold one channel's answers back.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { openSection, saveViewAs, ui } from './crm-steps';
import { watchFrames } from './first-frames';
import { IpcRoute } from './ipc-route';

const password = 'views are tabs, and tabs are keys';

/** The focused element's text, role and selection, or null when the page body has the focus. */
function focusedTab(page: Page): Promise<{ text: string; selected: string | null } | null> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (element === null || element.getAttribute('role') !== 'tab') return null;
    return { text: element.textContent, selected: element.getAttribute('aria-selected') };
  });
}

/** Each tab's text and tab stop, in order. */
function tabStops(page: Page): Promise<{ text: string; tabIndex: number | null; selected: string | null }[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('[data-testid="view-bar"] [role="tablist"] > *')).map((element) => ({
      text: element.textContent,
      tabIndex: element instanceof HTMLElement ? element.tabIndex : null,
      selected: element.getAttribute('aria-selected'),
    })),
  );
}

describe('saved views as tabs', () => {
  const holds = new IpcRoute();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route: holds, password });
  const { pageErrors } = app;
  let page: Page;

  // A test that failed half-way leaves nothing held.
  beforeEach(() => {
    holds.release();
  });

  afterAll(() => {
    holds.release();
  });

  beforeAll(async () => {
    ({ page } = app);
    await openSection(page, 'contacts');
    // Saved views are listed by name.
    await saveViewAs(page, 'Hot');
    await saveViewAs(page, 'Mine');
  });

  /**
   * "Mine" selected, with a change it does not hold yet: an Owner filter ("Update" offers to save it). Not the
   * trash: a view has no Update there (it would save the view as the trash, its filters gone).
   */
  async function mineWithOwnerFilter() {
    const mine = page.getByTestId('saved-view').filter({ hasText: 'Mine' });
    await mine.click();
    await expect.poll(() => mine.getAttribute('aria-selected'), ui).toBe('true');
    const filter = page.getByTestId('filter-toggle');
    await filter.click();
    await page.locator('#filter-owner').selectOption({ label: 'Me' });
    await page.getByTestId('filter-apply').click();
    await expect.poll(() => filter.textContent(), ui).toBe('1 filter');
    await page.getByTestId('view-update').waitFor(ui);
    return { mine, filter };
  }

  it('holds only tabs, one tab stop on the selected view, and a panel labelled by it', async () => {
    await expect
      .poll(() => tabStops(page), ui)
      .toEqual([
        { text: 'All', tabIndex: -1, selected: 'false' },
        { text: 'Hot', tabIndex: -1, selected: 'false' },
        { text: 'Mine', tabIndex: 0, selected: 'true' },
      ]);
    const panel = await page.evaluate(() => {
      const tab = document.querySelector('[role="tab"][aria-selected="true"]');
      const controlled = document.getElementById(tab?.getAttribute('aria-controls') ?? '');
      return {
        role: controlled?.getAttribute('role'),
        labelledBy: controlled?.getAttribute('aria-labelledby') === tab?.id,
        holdsList: controlled?.querySelector('[data-testid="list-empty"], [data-testid="contact-table"]') !== null,
      };
    });
    expect(panel).toEqual({ role: 'tabpanel', labelledBy: true, holdsList: true });
    expect(pageErrors).toEqual([]);
  });

  it('moves to a view and shows it with the arrow keys, Home and End', async () => {
    await page.getByTestId('saved-view').filter({ hasText: 'Mine' }).focus();
    for (const [key, expected] of [
      ['ArrowRight', 'All'],
      ['ArrowRight', 'Hot'],
      ['End', 'Mine'],
      ['Home', 'All'],
      ['ArrowLeft', 'Mine'],
      ['ArrowLeft', 'Hot'],
    ] as const) {
      await page.keyboard.press(key);
      await expect.poll(() => focusedTab(page), ui).toEqual({ text: expected, selected: 'true' });
      expect({ key, stops: (await tabStops(page)).filter((tab) => tab.tabIndex === 0).map((tab) => tab.text) }).toEqual({ key, stops: [expected] });
    }
    expect(pageErrors).toEqual([]);
  });

  it('keeps the list’s changes not yet saved when Home or End leads to the tab already selected', async () => {
    const { mine, filter } = await mineWithOwnerFilter();
    // End on the last tab, which is selected: before, the key chose the view again, putting back what it holds.
    await mine.focus();
    await page.keyboard.press('End');
    await expect.poll(() => focusedTab(page), ui).toEqual({ text: 'Mine', selected: 'true' });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    expect(await filter.textContent()).toBe('1 filter');
    expect(await page.getByTestId('view-update').count()).toBe(1);
    // Hot selected again, as the arrow keys left it for the tests after this one.
    const hot = page.getByTestId('saved-view').filter({ hasText: 'Hot' });
    await hot.click();
    await expect.poll(() => hot.getAttribute('aria-selected'), ui).toBe('true');
    expect(pageErrors).toEqual([]);
  });

  it('only moves the focus with the arrow keys while the selected view has changes not yet saved; Enter shows the view', async () => {
    const { mine, filter } = await mineWithOwnerFilter();
    await mine.focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => focusedTab(page), ui).toEqual({ text: 'Hot', selected: 'false' });
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => focusedTab(page), ui).toEqual({ text: 'All', selected: 'false' });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    // Before, each tab passed was shown: the Owner filter "Update" offered to save was gone, unasked.
    expect(await mine.getAttribute('aria-selected')).toBe('true');
    expect(await filter.textContent()).toBe('1 filter');
    expect(await page.getByTestId('view-update').count()).toBe(1);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => focusedTab(page), ui).toEqual({ text: 'Hot', selected: 'false' });
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedTab(page), ui).toEqual({ text: 'Hot', selected: 'true' });
    await expect.poll(() => page.getByTestId('view-update').count(), ui).toBe(0);
    // Nothing unsaved now: the arrow keys show the view they reach again.
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => focusedTab(page), ui).toEqual({ text: 'All', selected: 'true' });
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => focusedTab(page), ui).toEqual({ text: 'Hot', selected: 'true' });
    expect(pageErrors).toEqual([]);
  });

  it('deletes the focused saved view with the Delete key, offers Undo, and leaves the focus on a tab', async () => {
    await page.getByTestId('saved-view').filter({ hasText: 'Hot' }).focus();
    await page.keyboard.press('Delete');
    await page.getByTestId('view-deleted-toast').waitFor(ui);
    await expect.poll(async () => (await tabStops(page)).map((tab) => tab.text), ui).toEqual(['All', 'Mine']);
    expect(await focusedTab(page)).toEqual({ text: 'All', selected: 'true' });
    await page.getByTestId('view-deleted-toast-action').click();
    await expect.poll(async () => (await tabStops(page)).map((tab) => tab.text), ui).toEqual(['All', 'Hot', 'Mine']);
    expect(pageErrors).toEqual([]);
  });

  it('shows a view just saved, and one Undo brings back, as the selected tab before the views are read again', async () => {
    const selectedTab = () => page.getByRole('tab', { selected: true });
    holds.holding.add('views.list');
    const answered = holds.answered.get('views.list') ?? 0;
    await page.getByTestId('view-save').click();
    await page.getByTestId('view-name').fill('Later');
    await page.getByTestId('view-name').press('Enter');
    await expect.poll(() => selectedTab().textContent(), ui).toBe('Later');
    expect((await tabStops(page)).map((tab) => tab.text)).toEqual(['All', 'Hot', 'Later', 'Mine']);
    // No list of views was answered meanwhile: the tab came from the save's own answer.
    expect(holds.answered.get('views.list') ?? 0).toBe(answered);
    holds.release();

    await page.getByTestId('view-remove').click();
    await page.getByTestId('saved-view').filter({ hasText: 'Later' }).waitFor({ state: 'detached', timeout: ui.timeout });
    holds.holding.add('views.list');
    const beforeUndo = holds.answered.get('views.list') ?? 0;
    await page.getByTestId('view-deleted-toast-action').click();
    await expect.poll(() => selectedTab().textContent(), ui).toBe('Later');
    expect(holds.answered.get('views.list') ?? 0).toBe(beforeUndo);
    holds.release();
    await expect.poll(async () => (await tabStops(page)).map((tab) => tab.text), ui).toEqual(['All', 'Hot', 'Later', 'Mine']);
    expect(pageErrors).toEqual([]);
  });

  it('gives the focus back to where it was when the Undo of a toast pressed by keyboard takes the toast away', async () => {
    await page.getByTestId('view-remove').click();
    const undo = page.getByTestId('view-deleted-toast-action');
    await undo.waitFor(ui);
    // From the "Save view" button into the toast, as Tab would.
    await page.getByTestId('view-save').focus();
    await undo.focus();
    const frames = await watchFrames(page, '[data-testid="view-deleted-toast-action"]', '[data-testid="view-save"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('view-save').evaluate((element) => element === document.activeElement), ui).toBe(true);
    const seen = await frames();
    // Never a frame with the toast gone and the focus elsewhere (on the page's body).
    expect(seen.filter((frame) => frame.text === null && !frame.focused)).toEqual([]);
    expect(seen.at(-1)).toMatchObject({ text: null, focused: true });
    await expect.poll(async () => (await tabStops(page)).map((tab) => tab.text), ui).toEqual(['All', 'Hot', 'Later', 'Mine']);
    expect(pageErrors).toEqual([]);
  });

  it('refuses an empty name and the name of another view at the field, and keeps the focus on it', async () => {
    const input = page.getByTestId('view-name');
    const error = page.getByTestId('view-name-error');
    await page.getByTestId('view-save').click();
    await input.press('Enter');
    await error.waitFor(ui);
    expect(await error.textContent()).toBe('Give the view a name.');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await input.getAttribute('aria-describedby')).toBe(await error.getAttribute('id'));
    expect(await input.evaluate((element) => element === document.activeElement)).toBe(true);
    // Case, accents and spaces do not tell two tabs apart; a click on Save leaves the focus on the field too.
    await input.fill('  hÖt ');
    expect(await error.count()).toBe(0);
    await page.getByTestId('view-save-confirm').click();
    await error.waitFor(ui);
    expect(await error.textContent()).toBe('This list already has a view named “Hot”. Choose another name.');
    expect(await input.evaluate((element) => element === document.activeElement)).toBe(true);
    expect((await tabStops(page)).map((tab) => tab.text)).toEqual(['All', 'Hot', 'Later', 'Mine']);
    // Cancel leaves as Esc does: the focus back on "Save view", nothing saved.
    await page.getByTestId('view-name-cancel').click();
    await input.waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await page.getByTestId('view-save').evaluate((element) => element === document.activeElement)).toBe(true);
    expect((await tabStops(page)).map((tab) => tab.text)).toEqual(['All', 'Hot', 'Later', 'Mine']);
    expect(pageErrors).toEqual([]);
  });

  it('renames the selected view from the keyboard, keeping the list’s unsaved changes, with Esc to cancel and Undo', async () => {
    const { filter } = await mineWithOwnerFilter();

    // Esc leaves the name as it was, the focus back on "Rename view".
    const input = page.getByTestId('view-name');
    await page.getByTestId('view-rename').focus();
    await page.keyboard.press('Enter');
    await input.waitFor(ui);
    expect(await input.inputValue()).toBe('Mine');
    await page.keyboard.press('Escape');
    await input.waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await page.getByTestId('view-rename').evaluate((element) => element === document.activeElement)).toBe(true);

    await page.keyboard.press('Enter');
    await input.waitFor(ui);
    // The whole name is selected: typing replaces it.
    await page.keyboard.type('later');
    await page.keyboard.press('Enter');
    await page.getByTestId('view-name-error').filter({ hasText: 'This list already has a view named “Later”. Choose another name.' }).waitFor(ui);
    await input.fill('Mine, renamed');
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedTab(page), ui).toEqual({ text: 'Mine, renamed', selected: 'true' });
    expect((await tabStops(page)).map((tab) => tab.text)).toEqual(['All', 'Hot', 'Later', 'Mine, renamed']);
    // The change not yet saved with the view is still the list's, and "Update" still offers it, under the new name.
    expect(await filter.textContent()).toBe('1 filter');
    expect(await page.getByTestId('view-update').textContent()).toBe('Update “Mine, renamed”');

    await page.getByTestId('view-renamed-toast-action').click();
    await expect.poll(async () => (await tabStops(page)).map((tab) => tab.text), ui).toEqual(['All', 'Hot', 'Later', 'Mine']);
    expect(await page.getByRole('tab', { selected: true }).textContent()).toBe('Mine');
    expect(await filter.textContent()).toBe('1 filter');
    expect(await page.getByTestId('view-update').textContent()).toBe('Update “Mine”');
    expect(pageErrors).toEqual([]);
  });
});
