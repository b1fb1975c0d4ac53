// A record picker's keys do what they look like in a "New …" dialog, in
// Chromium against the real headless shell and vault, the page's IPC socket
// routed through Playwright (which holds answers back and lets the test make
// and read records): Ctrl+Enter with the picker's list open creates the
// record with the account picked, it does not pick the list's first option;
// Enter pressed before the matches of what was typed come picks from them,
// not from the previous text's matches still on screen. A name typed and
// never picked is refused at the field, in the dialog and inline.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { closeDialogs, openSection, pickRecord, ui } from './crm-steps';
import { call, createdId } from './proxied-server';
import { useInjectingApp } from './injecting-route';

const password = 'pickers in a hotel lobby';
const Contacts = z.object({ items: z.array(z.object({ name: z.string(), accountId: z.string().nullable() })) });

describe('a record picker’s keys in a "New …" dialog', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;
  let birch = '';

  beforeAll(async () => {
    ({ page } = app);
    await createdId(route, 'accounts.create', { name: 'Alder Mills' });
    birch = await createdId(route, 'accounts.create', { name: 'Birch Yard' });
  }, 120_000);

  async function accountOf(name: string): Promise<string | null | undefined> {
    const { items } = Contacts.parse(await call(route, 'contacts.list', { sort: { field: 'name', direction: 'asc' }, limit: 50 }));
    return items.find((contact) => contact.name === name)?.accountId;
  }

  async function newContact(name: string): Promise<void> {
    await closeDialogs(page);
    await openSection(page, 'contacts');
    await page.getByTestId('list-new').click();
    await page.getByTestId('new-contact').getByTestId('field-name').fill(name);
  }

  it('creates with Ctrl+Enter from the account picker with its list open, keeping the account picked', async () => {
    await newContact('Cora Vance');
    await pickRecord(page, 'field-accountId', 'Birch', 'Birch Yard');
    const picker = page.getByTestId('field-accountId');
    await expect.poll(() => picker.inputValue(), ui).toBe('Birch Yard');
    // ↓ opens the list again, Alder Mills first by name.
    await picker.press('ArrowDown');
    await page.getByTestId('refpicker-option').filter({ hasText: 'Alder Mills' }).waitFor(ui);
    await picker.press('Control+Enter');
    await page.getByTestId('new-contact').waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await accountOf('Cora Vance')).toBe(birch);
    expect(pageErrors).toEqual([]);
  });

  it('picks from the matches of what was typed when Enter came before them, not from the previous text’s', async () => {
    await newContact('Dale Ortiz');
    const picker = page.getByTestId('field-accountId');
    await picker.fill('Alder');
    await page.getByTestId('refpicker-option').filter({ hasText: 'Alder Mills' }).waitFor(ui);

    route.holding.add('search.query');
    const asked = route.calls.filter((channel) => channel === 'search.query').length;
    await picker.fill('Birch');
    // Within the debounce, then with the answer held: Alder Mills still shows, selected.
    await picker.press('Enter');
    await expect.poll(() => route.held, ui).toBe(1);
    expect(route.calls.filter((channel) => channel === 'search.query').length).toBe(asked + 1);
    expect(await page.getByTestId('refpicker-option').filter({ hasText: 'Alder Mills' }).getAttribute('aria-selected')).toBe('true');
    expect(await picker.inputValue()).toBe('Birch');
    expect(await page.getByTestId('new-contact').isVisible()).toBe(true);

    route.release();
    await expect.poll(() => picker.inputValue(), ui).toBe('Birch Yard');
    expect(await page.getByTestId('refpicker-option').count()).toBe(0);
    await page.getByTestId('new-contact-submit').click();
    await page.getByTestId('new-contact').waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await accountOf('Dale Ortiz')).toBe(birch);
    expect(pageErrors).toEqual([]);
  });

  it('refuses a name typed and never picked, at the field, in a "New …" dialog and in an inline edit', async () => {
    // Before, the picker went back to nothing (or the linked name) as the focus left it, and the record was saved
    // without the account, the typed name lost without a word.
    await newContact('Esme Unpicked');
    const picker = page.getByTestId('field-accountId');
    await picker.fill('Globex');
    await page.getByTestId('new-contact-submit').click();
    await page.getByTestId('field-accountId-error').filter({ hasText: 'Choose one from the list, or clear the field' }).waitFor(ui);
    expect(await picker.inputValue()).toBe('Globex');
    expect(await accountOf('Esme Unpicked')).toBeUndefined();
    // Cleared, it creates without an account.
    await picker.fill('');
    await page.getByTestId('new-contact-submit').click();
    await page.getByTestId('new-contact').waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await accountOf('Esme Unpicked')).toBeNull();

    // On the contact's page (a New dialog opens the record made): Account edited to a name that matches nothing, then Save.
    await page.getByTestId('detail-title').filter({ hasText: 'Esme Unpicked' }).waitFor(ui);
    const field = page.getByTestId('contact-detail').getByTestId('inline-accountId');
    await field.getByTestId('inline-accountId-edit').click();
    await field.getByTestId('inline-accountId-input').fill('Globex');
    // Esc closes the list (which covers Save), not the editor.
    await field.getByTestId('inline-accountId-input').press('Escape');
    await field.getByTestId('inline-accountId-save').click();
    await field.getByText('Choose one from the list, or clear the field').waitFor(ui);
    expect(await field.getByTestId('inline-accountId-input').inputValue()).toBe('Globex');
    // Picked, it saves.
    await pickRecord(page, 'inline-accountId-input', 'Birch', 'Birch Yard');
    await field.getByTestId('inline-accountId-save').click();
    await field.getByTestId('inline-accountId-input').waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await accountOf('Esme Unpicked')).toBe(birch);
    expect(pageErrors).toEqual([]);
  });

  it('clears the link on Enter in a picker emptied inline, picking no account nobody chose', async () => {
    // Before, the emptied picker listed the first accounts by name with the first marked, and Enter linked
    // Alder Mills (a second Enter saved it).
    await page.getByTestId('detail-title').filter({ hasText: 'Esme Unpicked' }).waitFor(ui);
    const field = page.getByTestId('contact-detail').getByTestId('inline-accountId');
    const input = field.getByTestId('inline-accountId-input');
    await field.getByTestId('inline-accountId-edit').click();
    await expect.poll(() => input.inputValue(), ui).toBe('Birch Yard');
    await input.fill('');
    await page.getByTestId('refpicker-option').filter({ hasText: 'Alder Mills' }).waitFor(ui);
    await input.press('Enter');
    // Saved and closed, or (as before) an account picked into the editor, which a second Enter saves.
    await expect.poll(async () => (await input.count()) === 0 || (await input.inputValue({ timeout: 1000 }).catch(() => '')) !== '', ui).toBe(true);
    if ((await input.count()) > 0) await input.press('Enter');
    await input.waitFor({ state: 'detached', timeout: ui.timeout });
    expect(await accountOf('Esme Unpicked')).toBeNull();
    expect(pageErrors).toEqual([]);
  });
});
