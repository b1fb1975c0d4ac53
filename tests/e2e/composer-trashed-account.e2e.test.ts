// Logging on a contact or deal whose account is in the trash, in Chromium
// against the real headless shell and vault: the activity is logged against
// the contact (or deal) with no account, as the page shows none. Before, the
// composer sent the stored account link, the vault refused it ("No such
// account"), and nothing could be logged on that page until someone edited
// the link. So was a deal added from the contact; and the page did not read
// again when a sync brought the account back (it watched the live account).
// A composer holding text when a sync trashes its record keeps it, Log off.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fillAndCreate, openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { call, createdId } from './proxied-server';

const password = 'the account went to the trash';

const Logged = z.object({ activities: z.array(z.object({ subject: z.string(), accountId: z.string().nullable() })) });

describe('the composer on a record whose account is in the trash', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;
  let contact = '';
  let deal = '';
  let account = '';

  beforeAll(async () => {
    ({ page } = app);
    account = await createdId(route, 'accounts.create', { name: 'Dockside Ropes' });
    contact = await createdId(route, 'contacts.create', { name: 'Rhea Rigging', accountId: account });
    deal = await createdId(route, 'deals.create', { name: 'Winch refit', stageId: 'lead', currency: 'EUR', amount: 12_000, expectedCloseDate: '2027-04-30', accountId: account });
    await call(route, 'accounts.delete', { id: account });
  });

  async function log(subject: string): Promise<void> {
    await page.getByTestId('composer-subject').fill(subject);
    await page.getByTestId('composer-submit').click();
    // Logged when the composer gives up what it logged (an earlier Log's toast may still be showing).
    await expect.poll(() => page.getByTestId('composer-subject').inputValue(), ui).toBe('');
    await page.getByTestId('activity-logged').first().waitFor(ui);
    expect(await page.getByTestId('composer-error').count()).toBe(0);
  }

  it('logs a call on the contact, with no account', async () => {
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Rhea Rigging' }).click();
    await page.getByTestId('activity-composer').waitFor(ui);
    await log('Called about the rigging order');
    const detail = Logged.parse(await call(route, 'contacts.get', { id: contact }));
    expect(detail.activities.map(({ subject, accountId }) => ({ subject, accountId }))).toEqual([{ subject: 'Called about the rigging order', accountId: null }]);
    expect(pageErrors).toEqual([]);
  });

  it('logs a call on the deal, with no account', async () => {
    await openSection(page, 'deals');
    await page.getByTestId('deal-table-row').filter({ hasText: 'Winch refit' }).click();
    await page.getByTestId('activity-composer').waitFor(ui);
    await log('Walked the winch refit through');
    const detail = Logged.parse(await call(route, 'deals.get', { id: deal }));
    expect(detail.activities.map(({ subject, accountId }) => ({ subject, accountId }))).toEqual([{ subject: 'Walked the winch refit through', accountId: null }]);
    expect(pageErrors).toEqual([]);
  });

  it('adds a deal from the contact without the account in the trash (it was refused "No such account")', async () => {
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Rhea Rigging' }).click();
    await page.getByTestId('contact-detail').waitFor(ui);
    await page.getByTestId('related-deals-add').click();
    await fillAndCreate(page, 'deal', { name: 'Mooring lines' });
    await page.getByTestId('deal-detail').getByRole('heading', { name: 'Mooring lines' }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('shows the account on the contact’s page again when a sync brings it back from the trash', async () => {
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Rhea Rigging' }).click();
    const detail = page.getByTestId('contact-detail');
    await detail.waitFor(ui);
    const subtitle = detail.locator('.detail-header__subtitle');
    expect(await subtitle.getByRole('button', { name: 'Dockside Ropes' }).count()).toBe(0);
    // Restored on another device: the pull restores it here and names it in its event.
    await call(route, 'accounts.restore', { id: account });
    route.emit('sync.didApplyChanges', { entities: ['accounts'], ids: { accounts: [account] } });
    await subtitle.getByRole('button', { name: 'Dockside Ropes' }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('keeps what the composer holds when a sync trashes the record, Log off until it is restored', async () => {
    const wren = await createdId(route, 'contacts.create', { name: 'Wren Winch' });
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Wren Winch' }).click();
    await page.getByTestId('activity-composer').waitFor(ui);
    await page.getByTestId('composer-subject').fill('Half-written call notes');
    // Trashed on another device: the pull trashes it here and says so.
    await call(route, 'contacts.delete', { id: wren });
    route.emit('sync.didApplyChanges', { entities: ['contacts'], ids: { contacts: [wren] } });
    await page.getByTestId('trashed-banner').waitFor(ui);
    // Before, the composer went with its text, unasked.
    expect(await page.getByTestId('composer-subject').inputValue()).toBe('Half-written call notes');
    expect(await page.getByTestId('composer-submit').getAttribute('aria-disabled')).toBe('true');
    expect(await page.getByTestId('composer-trashed').textContent()).toBe('This record is in the trash. Restore it to log this.');
    const creates = route.calls.filter((channel) => channel === 'activities.create').length;
    // Enter in the subject submits the form: nothing is logged on a record in the trash.
    await page.getByTestId('composer-subject').press('Enter');
    expect(route.calls.filter((channel) => channel === 'activities.create').length).toBe(creates);

    await page.getByTestId('detail-restore').click();
    await page.getByTestId('trashed-banner').waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await page.getByTestId('composer-submit').getAttribute('aria-disabled')).toBe('false');
    await log('Half-written call notes, finished');
    expect(pageErrors).toEqual([]);
  });
});

