// A saved view's change the shell refuses, in Chromium against the real
// headless shell and vault, the page's IPC socket routed through Playwright
// (which answers one channel with an error): the failure of "Update …",
// "Make default" and the Delete key on a view tab is announced (role="alert"),
// and a refused delete leaves the focus on the view's tab, still the selected
// one; a delete that goes through takes it to the default tab.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WireError } from '../../src-shared/ipc/errors';
import { focusedTestId, openSection, saveViewAs, ui } from './crm-steps';
import { createdId } from './proxied-server';
import { useInjectingApp } from './injecting-route';

const password = 'views refused on a ferry';
const busy: WireError = { code: 'BUSY', message: 'The vault is busy. Try again in a moment.' };

describe('A saved view’s change refused', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    await createdId(route, 'contacts.create', { name: 'Ines Varga' });
    await createdId(route, 'contacts.create', { name: 'Jon Ekberg' });
  }, 120_000);

  const alert = () => page.getByRole('alert').and(page.getByTestId('view-bar-error'));
  const tab = () => page.getByTestId('saved-view').filter({ hasText: 'Refused' });

  it('announces a refused "Update …" and "Make default"', async () => {
    await openSection(page, 'contacts');
    await saveViewAs(page, 'Refused');
    await page.getByTestId('sort-name').click();
    route.failing.set('views.save', busy);
    await page.getByTestId('view-update').click();
    await alert().waitFor(ui);
    expect((await alert().textContent())?.trim()).not.toBe('');
    route.failing.clear();

    route.failing.set('views.setDefault', busy);
    await page.getByTestId('view-make-default').click();
    await expect.poll(() => route.calls.filter((channel) => channel === 'views.setDefault').length, ui).toBe(1);
    await alert().waitFor(ui);
    expect(await tab().getByTestId('view-default-mark').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('keeps the focus on a view tab whose delete is refused, and takes it to the default tab once a delete goes through', async () => {
    route.failing.set('views.delete', busy);
    await tab().focus();
    const deletes = route.calls.filter((channel) => channel === 'views.delete').length;
    await tab().press('Delete');
    await expect.poll(() => route.calls.filter((channel) => channel === 'views.delete').length, ui).toBe(deletes + 1);
    await alert().waitFor(ui);
    expect(await focusedTestId(page)).toBe('saved-view');
    expect(await tab().getAttribute('aria-selected')).toBe('true');
    expect(await tab().getAttribute('tabindex')).toBe('0');

    route.failing.clear();
    await tab().press('Delete');
    await tab().waitFor({ state: 'detached', timeout: ui.timeout });
    await expect.poll(() => focusedTestId(page), ui).toBe('view-default');
    expect(await page.getByTestId('view-default').getAttribute('aria-selected')).toBe('true');
    expect(pageErrors).toEqual([]);
  });
});
