// Undo pressed after the user has moved to another page, in Chromium against
// the real headless shell and vault: the page on screen shows what the Undo
// put back. Before, only the page that made the change reloaded, and it was
// gone: a task ticked done on an account's page and undone from a contact's
// page stayed off that contact's Open tasks; a contact removed from a deal
// and put back from the contact's page left its Deals card without the deal;
// a contact renamed inline and put back from its account's page went on
// listed there by the name its Undo took away.
// (A delete's Undo pressed elsewhere is in delete-undo-moved-on.e2e.)
// Records are made through the page's own (routed)
// IPC socket, as the "New" dialogs would make them.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { createdId } from './proxied-server';

const password = 'undo reaches the page on screen';

describe('Undo from another page', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    const accountId = await createdId(route, 'accounts.create', { name: 'Undo Harbour Works' });
    const contactId = await createdId(route, 'contacts.create', { name: 'Ulla Undone', accountId });
    await createdId(route, 'tasks.create', { title: 'Confirm the crane slot', accountId, contactId });
    await createdId(route, 'deals.create', { name: 'Quay lighting', stageId: 'proposal', currency: 'EUR', amount: 50_000, expectedCloseDate: '2027-06-30', accountId, contactIds: [contactId] });
  }, 120_000);

  async function openRow(section: 'accounts' | 'contacts' | 'deals', testId: string, name: string): Promise<void> {
    await openSection(page, 'today');
    await openSection(page, section);
    await page.getByTestId(testId).filter({ hasText: name }).click();
    await page.getByTestId('detail-title').filter({ hasText: name }).waitFor(ui);
  }

  /** The contact's page, reached from the page on screen by the link in its Contacts card. */
  async function followContact(name: string): Promise<void> {
    await page.getByTestId('related-contacts').getByText(name, { exact: true }).click();
    await page.getByTestId('detail-title').filter({ hasText: name }).waitFor(ui);
  }

  it('lists a task again on the contact page shown when its "done" is undone there', async () => {
    await openRow('accounts', 'account-table-row', 'Undo Harbour Works');
    const task = page.getByTestId('related-tasks').locator('li').filter({ hasText: 'Confirm the crane slot' });
    await task.getByTestId('task-done').click();
    const toast = page.getByTestId('task-done-toast').filter({ hasText: 'Task completed' });
    await toast.waitFor(ui);
    await followContact('Ulla Undone');
    const tasks = page.getByTestId('related-tasks');
    await expect.poll(() => tasks.locator('.count-badge').textContent(), ui).toBe('0');
    await toast.getByTestId('task-done-toast-action').click();
    await page.getByTestId('task-reopened-toast').waitFor(ui);
    await tasks.getByText('Confirm the crane slot').waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('lists the deal again on the contact page shown when the contact’s removal from it is undone there', async () => {
    await openRow('deals', 'deal-table-row', 'Quay lighting');
    await page.getByTestId('related-contacts').locator('li').filter({ hasText: 'Ulla Undone' }).getByTestId('related-contacts-remove').click();
    const toast = page.getByTestId('contact-unlinked-toast');
    await toast.waitFor(ui);
    await openRow('contacts', 'contact-table-row', 'Ulla Undone');
    const deals = page.getByTestId('related-deals');
    await expect.poll(() => deals.locator('.count-badge').textContent(), ui).toBe('0');
    await toast.getByTestId('contact-unlinked-toast-action').click();
    await page.getByTestId('contact-relinked-toast').waitFor(ui);
    await deals.getByText('Quay lighting').waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('lists the contact by its name from before on the account page shown when an inline rename is undone there', async () => {
    await openRow('contacts', 'contact-table-row', 'Ulla Undone');
    await page.getByTestId('inline-name-edit').click();
    const input = page.getByTestId('inline-name-input');
    await input.fill('Ulla Renamed');
    await input.press('Enter');
    const toast = page.getByTestId('saved-field-toast');
    await toast.waitFor(ui);
    await openRow('accounts', 'account-table-row', 'Undo Harbour Works');
    const contacts = page.getByTestId('related-contacts');
    await contacts.getByText('Ulla Renamed', { exact: true }).waitFor(ui);
    await toast.getByTestId('saved-field-toast-action').click();
    await page.getByTestId('restored-field-toast').waitFor(ui);
    await contacts.getByText('Ulla Undone', { exact: true }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });
});
