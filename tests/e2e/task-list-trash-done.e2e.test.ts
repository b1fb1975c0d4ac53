// The Tasks list's trash, in Chromium against the real headless shell and
// vault: a task in the trash has no "done" checkbox (nothing on a trashed
// record can be written, as on its page and in the selection bar). Before,
// the trash showed a working checkbox whose tick was refused with "That
// record no longer exists."
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { call, createdId } from './proxied-server';

const password = 'nothing to tick in the trash';

describe('the done checkbox of the Tasks list in the trash', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('shows none on a trashed task, and one on a live task', async () => {
    const trashed = await createdId(route, 'tasks.create', { title: 'Binned errand' });
    await createdId(route, 'tasks.create', { title: 'Live errand' });
    await call(route, 'tasks.delete', { id: trashed });
    await openSection(page, 'tasks');
    const rowOf = (title: string) => page.getByTestId('task-table-row').filter({ hasText: title });
    await rowOf('Live errand').waitFor(ui);
    expect(await rowOf('Live errand').getByTestId('task-list-done').count()).toBe(1);

    await page.getByTestId('trash-toggle').click();
    await rowOf('Binned errand').waitFor(ui);
    expect(await rowOf('Binned errand').getByTestId('task-list-done').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
