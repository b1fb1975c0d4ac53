// The names of related records on Today and in the Activities list, in
// Chromium against the real headless shell and vault: every name a page
// shows comes in one `records.names` call, and no record is read whole for
// its name. Each name cost a `contacts.get` (`deals.get`, `accounts.get`)
// before, which answers the contact with up to 100 deals, tasks and a
// 50-activity timeline page, just to show "Ola Quay".
// Records are written through the page's own (routed) IPC socket, which the
// route does not count as the page's calls.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { createdId } from './proxied-server';

const password = 'names come in one call';
const hour = 3_600_000;
/** The channels that read one record whole. */
const wholeReads = new Set(['contacts.get', 'accounts.get', 'deals.get', 'activities.get', 'tasks.get']);

describe('related records’ names, read together', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1440, height: 1000 } }, password });
  const { pageErrors } = app;
  let page: Page;
  /** The page's calls from `from` on: how many asked for names, and which read a record whole. */
  const callsSince = (from: number) => {
    const calls = route.calls.slice(from);
    return { names: calls.filter((channel) => channel === 'records.names').length, whole: calls.filter((channel) => wholeReads.has(channel)) };
  };

  beforeAll(() => {
    ({ page } = app);
  });

  /** Three contacts, an account and a deal; six activities about them (two about one contact) at `occurredAt(i)`. */
  async function seed(prefix: string, occurredAt: (index: number) => number): Promise<string[]> {
    const account = await createdId(route, 'accounts.create', { name: `${prefix} Freight` });
    const contacts = [];
    for (const name of ['Ola Quay', 'Pim Pier', 'Rae Reef']) contacts.push(await createdId(route, 'contacts.create', { name: `${prefix} ${name}`, accountId: account }));
    const deal = await createdId(route, 'deals.create', { name: `${prefix} Renewal`, accountId: account, stageId: 'lead', currency: 'EUR', expectedCloseDate: '2027-06-30' });
    const links = [...contacts.map((contactId) => ({ contactId })), { contactId: contacts[0] }, { dealId: deal }, { accountId: account }];
    for (const [index, link] of links.entries()) {
      await createdId(route, 'activities.create', { kind: 'call', subject: `${prefix} call ${index + 1}`, occurredAt: occurredAt(index), ...link });
    }
    return [`${prefix} Ola Quay`, `${prefix} Pim Pier`, `${prefix} Rae Reef`, `${prefix} Renewal`, `${prefix} Freight`];
  }

  it('reads the names Today shows in one records.names call, reading no record whole', async () => {
    // Away from Today while the records are written (it may read itself again for them): it reads them when opened.
    await openSection(page, 'settings');
    const names = await seed('Today', (index) => Date.now() - (index + 1) * hour);
    const from = route.calls.length;
    await openSection(page, 'today');
    const recent = page.getByTestId('today-recent');
    for (const name of names) await recent.locator('.related').filter({ hasText: name }).first().waitFor(ui);
    expect(callsSince(from)).toEqual({ names: 1, whole: [] });
    expect(pageErrors).toEqual([]);
  });

  it('reads the names of the Activities list’s Related column in one records.names call, reading no record whole', async () => {
    // Planned calls (in the days ahead): not among Today's recent activity, so their names are not known yet.
    await openSection(page, 'settings');
    const names = await seed('List', (index) => Date.now() + (index + 1) * 24 * hour);
    const from = route.calls.length;
    await openSection(page, 'activities');
    const rows = page.getByTestId('activity-table-row');
    for (const name of names) await rows.locator('[data-column="related"]').filter({ hasText: name }).first().waitFor(ui);
    expect(callsSince(from)).toEqual({ names: 1, whole: [] });
    expect(pageErrors).toEqual([]);
  });
});
