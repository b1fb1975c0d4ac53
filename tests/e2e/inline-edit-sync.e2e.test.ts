// A field of a detail page open for editing while the record changes
// elsewhere (a sync brings a colleague's edit: here the test writes through
// the shell and sends the page the event a sync sends), in Chromium against
// the real headless shell and vault. While nothing is typed, the editor
// follows the record, and Enter on it saves nothing: before, the editor kept
// the value it opened with, and Enter wrote that back over the colleague's
// edit (which the device had pulled already, so the server saw no conflict).
// What the user typed stays theirs to save (once they say so:
// inline-edit-changed-elsewhere.e2e), also when the page's re-read fails (the
// page stays, a toast says so).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { call, createdId } from './proxied-server';

const password = 'an editor follows the record';

describe('an inline edit while the record changes elsewhere', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;
  let id: string;

  const stored = async () => z.object({ contact: z.object({ title: z.string() }) }).parse(await call(route, 'contacts.get', { id })).contact.title;

  /** Changes the title as a pulled change would, and tells the page as the sync engine does. */
  async function changedElsewhere(title: string): Promise<void> {
    await call(route, 'contacts.update', { id, patch: { title } });
    route.emit('sync.didApplyChanges', { entities: ['contacts'], ids: { contacts: [id] } });
  }

  beforeAll(async () => {
    ({ page } = app);
    await openSection(page, 'contacts');
    id = await createdId(route, 'contacts.create', { name: 'Edited Elsewhere', title: 'Buyer' });
    await openSection(page, 'today');
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Edited Elsewhere' }).click();
    await page.getByTestId('contact-detail').waitFor(ui);
  });

  it('shows the value a sync brought while nothing is typed, and saves nothing on Enter', async () => {
    await page.getByTestId('inline-title-edit').click();
    const input = page.getByTestId('inline-title-input');
    await input.waitFor(ui);
    expect(await input.inputValue()).toBe('Buyer');

    await changedElsewhere('Head of Buying');
    await expect.poll(() => input.inputValue(), ui).toBe('Head of Buying');
    const saves = route.calls.filter((channel) => channel === 'contacts.update').length;
    await page.keyboard.press('Enter');
    await page.getByTestId('inline-title-edit').waitFor(ui);
    // Before, Enter saved "Buyer" over the colleague's "Head of Buying".
    expect(await stored()).toBe('Head of Buying');
    expect(route.calls.filter((channel) => channel === 'contacts.update').length).toBe(saves);
    expect(await page.getByTestId('saved-field-toast').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('keeps what the user typed when the record changes, and saves it once the user says so', async () => {
    await page.getByTestId('inline-title-edit').click();
    const input = page.getByTestId('inline-title-input');
    await input.fill('Procurement lead');
    await changedElsewhere('Chief Buyer');
    // The page read the record again (its header shows the new title); the editor keeps what was typed.
    await expect.poll(() => page.getByTestId('contact-detail').getByText('Chief Buyer').count(), ui).toBeGreaterThan(0);
    expect(await input.inputValue()).toBe('Procurement lead');
    // The first Enter asks (inline-edit-changed-elsewhere.e2e); Enter on "Save mine anyway" saves.
    await page.keyboard.press('Enter');
    await page.getByTestId('inline-title-elsewhere-ask').waitFor(ui);
    await page.keyboard.press('Enter');
    await page.getByTestId('saved-field-toast').waitFor(ui);
    expect(await stored()).toBe('Procurement lead');
    expect(pageErrors).toEqual([]);
  });

  it('keeps the page and what was typed when a sync’s re-read of the record fails, and says so', async () => {
    await page.getByTestId('inline-title-edit').click();
    const input = page.getByTestId('inline-title-input');
    await input.fill('Typed before the failed read');
    route.failing.set('contacts.get', { code: 'INTERNAL', message: 'Something went wrong. Nothing was changed.' });
    route.emit('sync.didApplyChanges', { entities: ['contacts'], ids: { contacts: [id] } });
    await page.getByTestId('detail-reload-failed').waitFor(ui);
    route.release();
    // Before, the page gave way to its error screen and the open editor (and its typing) went with it.
    expect(await page.getByTestId('contact-detail').isVisible()).toBe(true);
    expect(await input.inputValue()).toBe('Typed before the failed read');
    await page.keyboard.press('Escape');
    await page.getByTestId('inline-title-edit').waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('keeps the editor open through Esc while a save is on its way, so its refusal shows at the field', async () => {
    await page.getByTestId('inline-title-edit').click();
    const input = page.getByTestId('inline-title-input');
    await input.fill('Buyer in waiting');
    route.holding.add('contacts.update');
    try {
      await page.keyboard.press('Enter');
      await expect.poll(() => route.held, ui).toBe(1);
      // Before, Esc closed the editor: the answer then landed on nothing, and a refusal was never seen.
      await page.keyboard.press('Escape');
      expect(await input.count()).toBe(1);
    } finally {
      route.release();
    }
    await page.getByTestId('saved-field-toast').waitFor(ui);
    await page.getByTestId('inline-title-edit').waitFor(ui);
    expect(await stored()).toBe('Buyer in waiting');
    expect(pageErrors).toEqual([]);
  });

  it('keeps the account on Enter in an Account picker opened and not touched, and picks the match moved to', async () => {
    const zeta = await createdId(route, 'accounts.create', { name: 'Zeta Holdings' });
    const alpha = await createdId(route, 'accounts.create', { name: 'Alpha Trading' });
    await call(route, 'contacts.update', { id, patch: { accountId: zeta } });
    route.emit('sync.didApplyChanges', { entities: ['contacts'], ids: { contacts: [id] } });
    const account = page.getByTestId('inline-accountId');
    await account.getByText('Zeta Holdings').waitFor(ui);
    const saves = route.calls.filter((channel) => channel === 'contacts.update').length;
    await page.getByTestId('inline-accountId-edit').click();
    const picker = page.getByTestId('inline-accountId-input');
    await picker.waitFor(ui);
    await page.getByRole('option', { name: /Alpha Trading/ }).waitFor(ui);
    // Before, Enter took the first match (Alpha Trading, first by name) that nobody chose, and a second Enter saved it.
    await page.keyboard.press('Enter');
    await page.getByTestId('inline-accountId-edit').waitFor(ui);
    expect(route.calls.filter((channel) => channel === 'contacts.update').length).toBe(saves);
    const stored = z.object({ contact: z.object({ accountId: z.string().nullable() }) }).parse(await call(route, 'contacts.get', { id }));
    expect(stored.contact.accountId).toBe(zeta);

    // Moved to with an arrow key, the match is picked by Enter, and the next Enter saves it.
    await page.getByTestId('inline-accountId-edit').click();
    await page.getByRole('option', { name: /Alpha Trading/ }).waitFor(ui);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect.poll(() => picker.inputValue(), ui).toBe('Alpha Trading');
    await page.keyboard.press('Enter');
    // The title's "saved" toast of the test before may still be up: the account's own, and the vault, say it.
    await page.getByTestId('saved-field-toast').filter({ hasText: 'Account saved' }).waitFor(ui);
    const accountNow = async () => z.object({ contact: z.object({ accountId: z.string().nullable() }) }).parse(await call(route, 'contacts.get', { id })).contact.accountId;
    await expect.poll(accountNow, ui).toBe(alpha);
    expect(pageErrors).toEqual([]);
  });
});
