// Screens open over a sync that erases their record, in Chromium against the
// real headless shell and vault and a real TLS sync server (the record is
// erased on the server, and the device purges it when it syncs):
// - a detail page with an inline edit open: the page says the record no
//   longer exists and, as the typing went with it, that the unsaved change
//   was not kept (one without an open edit says only the first);
// - the import preview in update mode: the row matching the erased contact
//   names it no more, with none of its values, and says what it becomes now.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { erase } from '../support/sync-server';
import { useApp } from './app';
import { openSection, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { call, createdId, enrolThroughProxy, useProxiedServer } from './proxied-server';

const password = 'open screens forget the erased';
const unsavedLost = 'It was removed from this device while you were editing it, so your unsaved change was not kept.';

describe('open screens over an erasure', () => {
  let page: Page;
  const route = new InjectingRoute();
  const sync = useProxiedServer();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password });
  const { pageErrors } = app;

  beforeAll(async () => {
    ({ page } = app);
    const userId = await sync.server.createUser('Una Open');
    await enrolThroughProxy(route, sync, userId);
  });

  /** Erases the contact on the server and syncs this device, which purges it. */
  async function eraseAndSync(id: string): Promise<void> {
    expect((await erase(sync.server, { entity: 'contacts', recordId: id })).existed).toBe(true);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null });
  }

  async function openContact(name: string): Promise<void> {
    await openSection(page, 'today');
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: name }).click();
    await page.getByTestId('contact-detail').waitFor(ui);
  }

  it('says the unsaved change was not kept when the record of an open inline edit is erased', async () => {
    const edited = await createdId(route, 'contacts.create', { name: 'Edna Draft', title: 'Buyer' });
    const idle = await createdId(route, 'contacts.create', { name: 'Ivo Idle', title: 'Buyer' });
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0 });

    await openContact('Edna Draft');
    await page.getByTestId('inline-title-edit').click();
    const input = page.getByTestId('inline-title-input');
    await input.waitFor(ui);
    await input.fill('Head of Buying');
    await eraseAndSync(edited);
    const gone = page.getByTestId('detail-not-found');
    await gone.waitFor(ui);
    expect(await gone.innerText()).toContain('This record no longer exists.');
    expect(await gone.innerText()).toContain(unsavedLost);
    // The draft went with the page: leaving does not ask to discard it.
    await openSection(page, 'contacts');

    // Without an edit open, the page says only that the record is gone.
    await openContact('Ivo Idle');
    await eraseAndSync(idle);
    await gone.waitFor(ui);
    expect(await gone.innerText()).toContain('This record no longer exists.');
    expect(await gone.innerText()).not.toContain(unsavedLost);
    expect(pageErrors).toEqual([]);
  });

  it('drops the erased contact from the import preview rows that would update it', async () => {
    const erased = await createdId(route, 'contacts.create', { name: 'Fay Known', emails: ['fay@example.org'], title: 'Analyst' });
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0 });

    await openSection(page, 'transfer');
    await page.getByTestId('import-file').setInputFiles({ name: 'updates.csv', mimeType: 'text/csv', buffer: Buffer.from('Name,Email,Title\r\nFay Updated,fay@example.org,Countess\r\n', 'utf8') });
    await page.getByTestId('import-ready').filter({ hasText: 'updates.csv' }).waitFor(ui);
    await page.getByTestId('import-duplicates').getByRole('radio', { name: 'Update the existing record with their values' }).check();
    const fayRow = page.getByTestId('import-preview').locator('tbody tr').first();
    await fayRow.getByTestId('import-preview-updates').filter({ hasText: 'Updates Fay Known' }).waitFor(ui);
    expect(await fayRow.getByTestId('import-preview-changes').innerText()).toContain('Analyst');
    // A check's report counts the row as an update of Fay Known: it goes with the preview it was of.
    await page.getByTestId('import-dry-run').click();
    await page.getByTestId('import-report').waitFor(ui);

    await eraseAndSync(erased);
    await page.getByTestId('import-report').waitFor({ ...ui, state: 'detached' });
    // No longer the match: the row becomes a new contact, and the page holds the erased contact's values nowhere.
    await expect.poll(() => fayRow.locator('td').last().textContent(), ui).toBe('New contact');
    const preview = page.getByTestId('import-preview');
    expect(await preview.innerText()).not.toContain('Fay Known');
    expect(await preview.innerText()).not.toContain('Analyst');
    expect(pageErrors).toEqual([]);
  });

  it('keeps a failed import said when a sync then takes a record out of the preview', async () => {
    const erased = await createdId(route, 'contacts.create', { name: 'Gus Known', emails: ['gus@example.org'], title: 'Baker' });
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0 });

    await openSection(page, 'today');
    await openSection(page, 'transfer');
    await page.getByTestId('import-file').setInputFiles({ name: 'gus.csv', mimeType: 'text/csv', buffer: Buffer.from('Name,Email,Title\r\nGus Updated,gus@example.org,Miller\r\n', 'utf8') });
    await page.getByTestId('import-ready').filter({ hasText: 'gus.csv' }).waitFor(ui);
    await page.getByTestId('import-duplicates').getByRole('radio', { name: 'Update the existing record with their values' }).check();
    const gusRow = page.getByTestId('import-preview').locator('tbody tr').first();
    await gusRow.getByTestId('import-preview-updates').filter({ hasText: 'Updates Gus Known' }).waitFor(ui);
    route.failing.set('import.run', { code: 'BUSY', message: 'The vault is busy. Try again in a moment.' });
    await page.getByTestId('import-run').click();
    await page.getByTestId('import-failed').waitFor(ui);
    route.failing.delete('import.run');

    // The sync asks the preview again; the failure is not the user's to lose by it.
    await eraseAndSync(erased);
    await expect.poll(() => gusRow.locator('td').last().textContent(), ui).toBe('New contact');
    expect(await page.getByTestId('import-failed').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
