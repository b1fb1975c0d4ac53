// Export on a list whose filters the list's query check refuses, in Chromium
// against the real headless shell and vault. The filter panel refuses such a
// filter as it is applied (a range that ends before it starts is said beside
// its inputs: crm.e2e.test.ts), but one applied, or saved in a view, in another
// time zone can be out of range here: "created from 1970-01-01" is the epoch in
// UTC and nine hours before it in Tokyo. Export then says that nothing was
// exported and why, in a toast, and asks the main process nothing (before, it
// did nothing at all), and the panel applied again says what is wrong.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSection, ui } from './crm-steps';
import { useRoutedApp } from './ipc-route';

const password = 'filters that cannot be exported';

describe('Export with filters not valid here', () => {
  const { route, app } = useRoutedApp({ password, context: { viewport: { width: 1280, height: 800 } } });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('says in a toast that nothing was exported, and sends no export', async () => {
    const session = await page.context().newCDPSession(page);
    await session.send('Emulation.setTimezoneOverride', { timezoneId: 'UTC' });
    await openSection(page, 'accounts');
    await page.getByTestId('filter-toggle').click();
    await page.getByTestId('filter-date-field').selectOption('createdAt');
    await page.getByTestId('filter-from').fill('1970-01-01');
    await page.getByTestId('filter-apply').click();
    await page.getByTestId('filter-panel').waitFor({ state: 'detached', timeout: ui.timeout });

    // The same filter, in Tokyo: its first day starts before 1970.
    await session.send('Emulation.setTimezoneOverride', { timezoneId: 'Asia/Tokyo' });
    const exports = () => route.calls.filter((channel) => channel === 'export.csv').length;
    const before = exports();
    await page.getByTestId('list-export').click();
    const toast = page.getByTestId('export-invalid-toast');
    await toast.waitFor(ui);
    expect(await toast.textContent()).toContain('Nothing was exported: the list’s filters are not valid here. Change them and export again.');
    await route.quiet(page, ui.timeout);
    expect(exports()).toBe(before);

    // Applied again here, the panel says what is wrong beside the range.
    await page.getByTestId('filter-toggle').click();
    await page.getByTestId('filter-apply').click();
    await expect.poll(() => page.getByTestId('filter-dateRange-error').textContent(), ui).toBe('Use a date from 1970 to 3000');
    expect(pageErrors).toEqual([]);
  }, 300_000);
});
