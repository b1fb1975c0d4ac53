// A record's page, in Chromium against the real headless shell and vault.
// In the trash it is read-only as a whole (RecordPage): besides no Add, no
// composer and no inline edit, its open tasks offer no "done" checkbox, where
// the page of a trashed account still let a linked task be ticked done.
// Records are written through the page's own (routed) IPC socket, as the
// "New" dialogs would write them.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { openSection, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';

const password = 'one read-only switch per record page';

interface Answer {
  readonly ok: boolean;
  readonly value?: { readonly id?: string };
}

async function created(route: InjectingRoute, channel: string, input: unknown): Promise<string> {
  const answer = (await route.invoke(channel, input)) as Answer;
  const id = answer.value?.id;
  if (!answer.ok || id === undefined) throw new Error(`${channel} failed`);
  return id;
}

describe('a record’s page', () => {
  const route = new InjectingRoute();
  const app = useApp({ context: { viewport: { width: 1280, height: 900 } }, route, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('offers no way to change a trashed account, nor its open task', async () => {
    const accountId = await created(route, 'accounts.create', { name: 'Readonly Freight' });
    await created(route, 'tasks.create', { title: 'Call about the renewal', status: 'open', accountId });
    await created(route, 'activities.create', { kind: 'call', subject: 'Intro call', occurredAt: Date.now(), accountId });
    expect(await route.invoke('accounts.delete', { id: accountId })).toMatchObject({ ok: true });

    await openSection(page, 'accounts');
    await page.getByTestId('trash-toggle').click();
    await page.getByTestId('account-table-row').filter({ hasText: 'Readonly Freight' }).click();
    await page.getByTestId('trashed-banner').waitFor(ui);
    const detail = page.getByTestId('account-detail');
    await detail.getByTestId('related-tasks').getByText('Call about the renewal').waitFor(ui);
    await detail.getByTestId('timeline-item').filter({ hasText: 'Intro call' }).waitFor(ui);

    // Nothing on the page writes: no done checkbox, no Add, no composer, no Delete, no field to edit.
    const writers = ['task-done', 'related-tasks-add', 'related-deals-add', 'related-contacts-add', 'activity-composer', 'detail-add-contact', 'detail-delete'];
    for (const testId of writers) expect(await detail.getByTestId(testId).count(), testId).toBe(0);
    expect(await detail.getByTestId('fields-card').locator('input, textarea, select, [role="checkbox"]').count()).toBe(0);

    // Restored, the task can be ticked again.
    await page.getByTestId('detail-restore').click();
    await page.getByTestId('trashed-banner').waitFor({ state: 'detached', timeout: ui.timeout });
    await detail.getByTestId('task-done').waitFor(ui);
    await detail.getByTestId('activity-composer').waitFor(ui);
    expect(pageErrors).toEqual([]);
  });
});
