// A field of a detail page being typed into while its saved value changes
// elsewhere (a sync brings a colleague's edit: here the test writes through
// the shell and sends the page the event a sync sends), in Chromium against
// the real headless shell and vault. The editor keeps the draft and says the
// value changed, showing it; Save sends nothing and asks, bringing the focus
// to "Save mine anyway"; "Take theirs" puts the colleague's value in the
// editor. Before, the editor said nothing and Save wrote the draft over the
// colleague's value, which this device had pulled already, so the server saw
// no conflict. Notes, a choice, lines and a date all go through InlineField.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { call, createdId } from './proxied-server';

const password = 'changed under the draft';

const StoredContact = z.object({ contact: z.object({ notes: z.string(), preferredChannel: z.string(), phones: z.array(z.string()) }) });

describe('an inline edit whose saved value changes elsewhere while typed into', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;
  let id: string;

  const stored = async () => StoredContact.parse(await call(route, 'contacts.get', { id })).contact;
  const updates = () => route.calls.filter((channel) => channel === 'contacts.update' || channel === 'deals.update').length;
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

  /** Saves the patch as a pulled change would, and tells the page as the sync engine does. */
  async function changedElsewhere(entity: 'contacts' | 'deals', recordId: string, patch: Record<string, unknown>): Promise<void> {
    await call(route, `${entity}.update`, { id: recordId, patch });
    route.emit('sync.didApplyChanges', { entities: [entity], ids: { [entity]: [recordId] } });
  }

  /** Between cases: no toast left up whose text a later case could read. */
  const noToasts = () => expect.poll(() => page.locator('.toast').count(), ui).toBe(0);

  beforeAll(async () => {
    ({ page } = app);
    await openSection(page, 'contacts');
    id = await createdId(route, 'contacts.create', { name: 'Shared Contact', notes: 'Met at the fair', phones: ['555 0100'] });
    await openSection(page, 'today');
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Shared Contact' }).click();
    await page.getByTestId('contact-detail').waitFor(ui);
  }, 120_000);

  it('shows the colleague’s note under the draft, asks on Save, and “Take theirs” puts it in the editor', async () => {
    await page.getByTestId('inline-notes-edit').click();
    const input = page.getByTestId('inline-notes-input');
    await input.fill('Rep draft: wants a demo');
    await changedElsewhere('contacts', id, { notes: 'Colleague: signed already' });
    const notice = page.getByTestId('inline-notes-elsewhere');
    await notice.waitFor(ui);
    expect(await notice.getByText('Changed elsewhere since you started editing').count()).toBe(1);
    expect(await page.getByTestId('inline-notes-elsewhere-value').innerText()).toContain('Colleague: signed already');
    expect(await input.inputValue()).toBe('Rep draft: wants a demo');

    // Before, Ctrl+Enter saved the draft over the colleague's note without a word.
    const saves = updates();
    await input.press('Control+Enter');
    await page.getByTestId('inline-notes-elsewhere-ask').waitFor(ui);
    expect(await focused()).toBe('inline-notes-elsewhere-save-mine');
    expect(updates()).toBe(saves);
    expect((await stored()).notes).toBe('Colleague: signed already');

    // By keyboard: Tab from "Save mine anyway" to "Take theirs".
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('inline-notes-elsewhere-take-theirs');
    await page.keyboard.press('Enter');
    await expect.poll(() => input.inputValue(), ui).toBe('Colleague: signed already');
    expect(await notice.count()).toBe(0);
    expect(await focused()).toBe('inline-notes-input');
    await input.press('Control+Enter');
    await page.getByTestId('inline-notes-edit').waitFor(ui);
    expect(updates()).toBe(saves);
    expect((await stored()).notes).toBe('Colleague: signed already');
    expect(pageErrors).toEqual([]);
  });

  it('writes the draft over the colleague’s note when “Save mine anyway” is chosen', async () => {
    await noToasts();
    await page.getByTestId('inline-notes-edit').click();
    const input = page.getByTestId('inline-notes-input');
    await input.fill('Rep draft: call back Monday');
    await changedElsewhere('contacts', id, { notes: 'Colleague: on holiday' });
    await page.getByTestId('inline-notes-elsewhere').waitFor(ui);
    await input.press('Control+Enter');
    await page.getByTestId('inline-notes-elsewhere-ask').waitFor(ui);
    expect(await focused()).toBe('inline-notes-elsewhere-save-mine');
    await page.keyboard.press('Enter');
    await page.getByTestId('saved-field-toast').waitFor(ui);
    await expect.poll(async () => (await stored()).notes, ui).toBe('Rep draft: call back Monday');
    expect(pageErrors).toEqual([]);
  });

  it('does the same for a choice and for lines', async () => {
    await noToasts();
    await page.getByTestId('inline-preferredChannel-edit').click();
    await page.getByTestId('inline-preferredChannel-input').selectOption('phone');
    await changedElsewhere('contacts', id, { preferredChannel: 'email' });
    await page.getByTestId('inline-preferredChannel-elsewhere').waitFor(ui);
    expect(await page.getByTestId('inline-preferredChannel-elsewhere-value').innerText()).toBe('Email');
    const saves = updates();
    await page.getByTestId('inline-preferredChannel-save').click();
    await page.getByTestId('inline-preferredChannel-elsewhere-ask').waitFor(ui);
    expect(updates()).toBe(saves);
    await page.getByTestId('inline-preferredChannel-elsewhere-take-theirs').click();
    await expect.poll(() => page.getByTestId('inline-preferredChannel-input').inputValue(), ui).toBe('email');
    await page.getByTestId('inline-preferredChannel-save').click();
    await page.getByTestId('inline-preferredChannel-edit').waitFor(ui);
    expect(updates()).toBe(saves);
    expect((await stored()).preferredChannel).toBe('email');

    await page.getByTestId('inline-phones-edit').click();
    await page.getByTestId('inline-phones-input').fill('555 0111');
    await changedElsewhere('contacts', id, { phones: ['555 0199'] });
    await page.getByTestId('inline-phones-elsewhere').waitFor(ui);
    expect(await page.getByTestId('inline-phones-elsewhere-value').innerText()).toContain('555 0199');
    await page.getByTestId('inline-phones-save').click();
    await page.getByTestId('inline-phones-elsewhere-ask').waitFor(ui);
    expect(updates()).toBe(saves);
    await page.getByTestId('inline-phones-elsewhere-save-mine').click();
    await page.getByTestId('inline-phones-edit').waitFor(ui);
    await expect.poll(async () => (await stored()).phones, ui).toEqual(['555 0111']);
    expect(pageErrors).toEqual([]);
  });

  it('does the same for a date', async () => {
    await noToasts();
    const deal = await createdId(route, 'deals.create', { name: 'Shared Deal', stageId: 'proposal', currency: 'EUR', amount: 1_000, expectedCloseDate: '2027-03-01' });
    await openSection(page, 'deals');
    await page.getByTestId('deal-table-row').filter({ hasText: 'Shared Deal' }).click();
    await page.getByTestId('deal-detail').waitFor(ui);
    await page.getByTestId('inline-expectedCloseDate-edit').click();
    const input = page.getByTestId('inline-expectedCloseDate-input');
    await input.fill('2027-04-15');
    await changedElsewhere('deals', deal, { expectedCloseDate: '2027-09-30' });
    await page.getByTestId('inline-expectedCloseDate-elsewhere').waitFor(ui);
    const saves = updates();
    await input.press('Enter');
    await page.getByTestId('inline-expectedCloseDate-elsewhere-ask').waitFor(ui);
    expect(updates()).toBe(saves);
    await page.getByTestId('inline-expectedCloseDate-elsewhere-take-theirs').click();
    await expect.poll(() => input.inputValue(), ui).toBe('2027-09-30');
    const storedDate = z.object({ deal: z.object({ expectedCloseDate: z.string() }) }).parse(await call(route, 'deals.get', { id: deal })).deal.expectedCloseDate;
    expect(storedDate).toBe('2027-09-30');
    expect(pageErrors).toEqual([]);
  });
});
