// A task's page and the records it links to that are in the trash, as the
// activity page shows them (activity-trashed-links.e2e): its Related card
// lists a trashed contact and deal, marked "In the trash", beside a live
// account unmarked, and opens the trashed contact's page; before, it listed
// the live account alone while the task's fields named all three.
// Records are written through the page's own (routed) IPC socket, as the
// "New" dialogs would write them.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { openSection, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { createdId as created } from './proxied-server';

const password = 'a task names its trashed links';

describe('a task linked to records in the trash', () => {
  const route = new InjectingRoute();
  const app = useApp({ context: { viewport: { width: 1280, height: 900 } }, route, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('lists the trashed contact and deal under Related, marked in the trash, the live account unmarked', async () => {
    const accountId = await created(route, 'accounts.create', { name: 'Kept Freight' });
    const contactId = await created(route, 'contacts.create', { name: 'Tara Binned', accountId });
    const dealId = await created(route, 'deals.create', { name: 'Binned Pallets', accountId, stageId: 'lead', currency: 'EUR', expectedCloseDate: '2026-04-01' });
    await created(route, 'tasks.create', { title: 'Chase the pallets', contactId, accountId, dealId });
    expect(await route.invoke('contacts.delete', { id: contactId })).toMatchObject({ ok: true });
    expect(await route.invoke('deals.delete', { id: dealId })).toMatchObject({ ok: true });

    await openSection(page, 'tasks');
    await page.getByTestId('task-table-row').filter({ hasText: 'Chase the pallets' }).click();
    const detail = page.getByTestId('task-detail');
    await detail.getByTestId('detail-title').filter({ hasText: 'Chase the pallets' }).waitFor(ui);
    const links = detail.getByTestId('links-card');
    const contact = links.getByTestId('links-card-contact');
    await contact.getByText('Tara Binned').waitFor(ui);
    expect(await contact.getByTestId('links-card-in-trash').textContent()).toBe('In the trash');
    expect(await links.getByTestId('links-card-deal').getByTestId('links-card-in-trash').textContent()).toBe('In the trash');
    await links.getByTestId('links-card-account').getByText('Kept Freight').waitFor(ui);
    expect(await links.getByTestId('links-card-account').getByTestId('links-card-in-trash').count()).toBe(0);

    await contact.getByRole('button').click();
    await page.getByTestId('contact-detail').getByTestId('trashed-banner').waitFor(ui);
    expect(await page.getByTestId('detail-title').textContent()).toBe('Tara Binned');
    expect(pageErrors).toEqual([]);
  });
});
