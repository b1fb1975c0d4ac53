// New deal when the pipeline's stages could not be read, in Chromium against
// the real headless shell and vault, the page's IPC socket routed through
// Playwright (which fails the workspace's one read of the stages): the
// dialog says so with Try again instead of a form whose Stage select showed
// "Lead" while holding no stage (Create then said "This field is required"
// under it), and once the stages are read the form holds the first one.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fillAndCreate, openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';

const password = 'stages first then deals';

describe('New deal before the stages are read', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;
  // From the page's first call on: the workspace reads the stages once, as it opens.
  route.failing.set('pipeline.get', { code: 'INTERNAL', message: 'Something went wrong.' });

  beforeAll(() => {
    ({ page } = app);
  });

  it('says the stages could not be read, reads them on Try again, and the form then holds the first stage', async () => {
    await openSection(page, 'deals');
    await page.getByTestId('list-new').click();
    const dialog = page.getByTestId('new-deal');
    const failed = dialog.getByTestId('stages-failed');
    await failed.waitFor(ui);
    expect(await failed.textContent()).toContain('The pipeline’s stages could not be read, and a deal needs one.');
    expect(await dialog.getByTestId('field-stageId').count()).toBe(0);

    route.failing.delete('pipeline.get');
    await failed.getByRole('button').click();
    const stage = dialog.getByTestId('field-stageId');
    await stage.waitFor(ui);
    expect(await stage.inputValue()).toBe('lead');
    await fillAndCreate(page, 'deal', { name: 'Staged right', amount: '1000' });
    await page.getByTestId('deal-detail').getByRole('heading', { name: 'Staged right' }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });
});
