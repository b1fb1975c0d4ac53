// Each Undo of a saved view's change gives back what that change changed and
// nothing more, in Chromium against the real headless shell and vault, the
// page's IPC socket routed through Playwright (which lets the test read the
// views as the vault holds them): "Update …" has Undo, which gives the view
// back the sort it held; a rename's Undo gives back the old name and keeps an
// update made after the rename; a deleted default view comes back by Undo as
// the list's default; "Delete view" leaves the focus on the default tab and
// takes the view's Update and rename toasts away (their Undo would save a
// view no longer there).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { focusedTestId, openSection, saveViewAs, ui } from './crm-steps';
import { call, createdId } from './proxied-server';
import { useInjectingApp } from './injecting-route';

const password = 'views undone in a hotel lobby';
const Views = z.object({
  items: z.array(z.object({ name: z.string(), isDefault: z.boolean(), query: z.object({ sort: z.object({ field: z.string(), direction: z.string() }) }) })),
});

describe('Undo of a saved view’s changes', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    await createdId(route, 'contacts.create', { name: 'Ines Varga' });
    await createdId(route, 'contacts.create', { name: 'Jon Ekberg' });
  }, 120_000);

  /** The contacts views as the vault holds them, by name. */
  async function storedView(name: string): Promise<{ readonly isDefault: boolean; readonly direction: string } | undefined> {
    const { items } = Views.parse(await call(route, 'views.list', { entity: 'contacts' }));
    const view = items.find((item) => item.name === name);
    return view === undefined ? undefined : { isDefault: view.isDefault, direction: view.query.sort.direction };
  }

  async function sortByName(direction: 'ascending' | 'descending'): Promise<void> {
    const header = page.locator('[role="columnheader"][data-column="name"]');
    for (let click = 0; click < 2 && (await header.getAttribute('aria-sort')) !== direction; click += 1) {
      const before = await header.getAttribute('aria-sort');
      await page.getByTestId('sort-name').click();
      await expect.poll(() => header.getAttribute('aria-sort'), ui).not.toBe(before);
    }
    expect(await header.getAttribute('aria-sort')).toBe(direction);
  }

  it('undoes "Update …", giving the view back the sort it held', async () => {
    await openSection(page, 'contacts');
    await sortByName('ascending');
    await saveViewAs(page, 'By name');
    await sortByName('descending');
    await page.getByTestId('view-update').click();
    await page.getByTestId('view-update').waitFor({ state: 'detached', timeout: ui.timeout });
    await expect.poll(() => storedView('By name'), ui).toEqual({ isDefault: false, direction: 'desc' });

    await page.getByTestId('view-updated-toast-action').click();
    await expect.poll(() => storedView('By name'), ui).toEqual({ isDefault: false, direction: 'asc' });
    // The list keeps what the rep set; the view no longer holds it, so "Update" offers it again.
    await page.getByTestId('view-update').waitFor(ui);
    expect(await page.locator('[role="columnheader"][data-column="name"]').getAttribute('aria-sort')).toBe('descending');
    expect(pageErrors).toEqual([]);
  });

  it('undoes a rename without taking back an update made after it', async () => {
    await page.getByTestId('view-rename').click();
    await page.getByTestId('view-name').fill('Names');
    await page.getByTestId('view-name').press('Enter');
    await page.getByTestId('saved-view').filter({ hasText: 'Names' }).waitFor(ui);
    const renamed = page.getByTestId('view-renamed-toast');
    await renamed.waitFor(ui);
    // The list is sorted Z–A still: the update after the rename saves that.
    await page.getByTestId('view-update').click();
    await page.getByTestId('view-update').waitFor({ state: 'detached', timeout: ui.timeout });
    await expect.poll(() => storedView('Names'), ui).toEqual({ isDefault: false, direction: 'desc' });

    await renamed.getByTestId('view-renamed-toast-action').click();
    await expect.poll(() => storedView('By name'), ui).toEqual({ isDefault: false, direction: 'desc' });
    expect(await storedView('Names')).toBeUndefined();
    await page.getByTestId('saved-view').filter({ hasText: 'By name' }).waitFor(ui);
    expect(await page.getByTestId('view-update').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('brings a deleted default view back as the default, the focus on the default tab after "Delete view"', async () => {
    await page.getByTestId('view-make-default').click();
    await page.getByTestId('saved-view').filter({ hasText: 'By name' }).getByTestId('view-default-mark').waitFor(ui);
    await expect.poll(() => storedView('By name'), ui).toEqual({ isDefault: true, direction: 'desc' });

    await page.getByTestId('view-remove').click();
    const deleted = page.getByTestId('view-deleted-toast');
    await deleted.waitFor(ui);
    await page.getByTestId('saved-view').waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await focusedTestId(page)).toBe('view-default');
    expect(await storedView('By name')).toBeUndefined();

    await deleted.getByTestId('view-deleted-toast-action').click();
    await expect.poll(() => storedView('By name'), ui).toEqual({ isDefault: true, direction: 'desc' });
    await page.getByTestId('saved-view').filter({ hasText: 'By name' }).getByTestId('view-default-mark').waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('takes a deleted view’s Update and rename toasts away with it, its own Undo bringing it back as it was last', async () => {
    await sortByName('ascending');
    await page.getByTestId('view-update').click();
    await expect.poll(() => storedView('By name'), ui).toEqual({ isDefault: true, direction: 'asc' });
    await page.getByTestId('view-rename').click();
    await page.getByTestId('view-name').fill('Last names');
    await page.getByTestId('view-name').press('Enter');
    const updated = page.getByTestId('view-updated-toast');
    const renamed = page.getByTestId('view-renamed-toast');
    await renamed.waitFor(ui);
    expect(await updated.count()).toBeGreaterThan(0);

    await page.getByTestId('view-remove').click();
    const deleted = page.getByTestId('view-deleted-toast');
    await deleted.waitFor(ui);
    expect(await updated.count()).toBe(0);
    expect(await renamed.count()).toBe(0);

    await deleted.getByTestId('view-deleted-toast-action').click();
    await expect.poll(() => storedView('Last names'), ui).toEqual({ isDefault: true, direction: 'asc' });
    await page.getByTestId('saved-view').filter({ hasText: 'Last names' }).waitFor(ui);
    expect(await page.getByTestId('view-bar-error').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
