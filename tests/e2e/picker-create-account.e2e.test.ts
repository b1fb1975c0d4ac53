// An account picker creates the account a rep types when none has that name,
// in Chromium against the real headless shell and vault, the page's IPC
// socket routed through Playwright (which reads records and injects a
// refusal): "Create account “X”" ends the list unless an account has that very
// name (case aside), is reached with the arrows and picked with Enter like
// the other options, creates the account with the trimmed name, picks it and
// says so; the contact saved with it is linked to it. A refusal (a name longer
// than the schema takes, no right to write accounts) is said in the list and
// nothing is picked. An account of the typed name that search ranks below the
// eight matches shown is listed first, and no Create is offered.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { closeDialogs, openSection, ui } from './crm-steps';
import { call, createdId } from './proxied-server';
import { useInjectingApp } from './injecting-route';

const password = 'new accounts from the picker';
const Contacts = z.object({ items: z.array(z.object({ name: z.string(), accountId: z.string().nullable() })) });
const Accounts = z.object({ items: z.array(z.object({ id: z.string(), name: z.string() })) });
const Detail = z.object({ contacts: z.array(z.object({ name: z.string() })) });
const Hits = z.object({ hits: z.array(z.object({ id: z.string(), title: z.string() })) });

describe('creating an account from an account picker', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    await createdId(route, 'accounts.create', { name: 'Alder Mills' });
  }, 120_000);

  async function accountNames(): Promise<string[]> {
    const { items } = Accounts.parse(await call(route, 'accounts.list', { sort: { field: 'name', direction: 'asc' }, limit: 50 }));
    return items.map((account) => account.name);
  }

  async function newContact(name: string): Promise<void> {
    await closeDialogs(page);
    await expect.poll(() => page.locator('.toast').count(), ui).toBe(0);
    await openSection(page, 'contacts');
    await page.getByTestId('list-new').click();
    await page.getByTestId('new-contact').getByTestId('field-name').fill(name);
  }

  /** Types into the account picker and waits for the matches of what was typed. */
  async function typeAccount(text: string): Promise<void> {
    await page.getByTestId('field-accountId').fill(text);
    await page.locator('.refpicker__list[aria-busy="false"]').waitFor(ui);
  }

  it('creates the typed account with Enter, picks it, and saves the contact linked to it', async () => {
    await newContact('Nina Park');
    const picker = page.getByTestId('field-accountId');
    const create = page.getByTestId('refpicker-create');
    // An account of that very name, letter case aside: no offer.
    await typeAccount('alder MILLS');
    expect(await page.getByTestId('refpicker-option').filter({ hasText: 'Alder Mills' }).count()).toBe(1);
    expect(await create.count()).toBe(0);
    // A part of a name: offered after the match, and reached with ↓.
    await typeAccount('Alder');
    expect((await create.textContent())?.trim()).toBe('Create account “Alder”');
    await picker.press('ArrowDown');
    expect(await create.getAttribute('aria-selected')).toBe('true');
    expect(await picker.getAttribute('aria-activedescendant')).toBe(await create.getAttribute('id'));

    // A name no account has: the one option, marked; Enter creates it with the name trimmed.
    await typeAccount('  Quarry Lane Bakery ');
    expect(await page.getByTestId('refpicker-option').count()).toBe(0);
    expect((await create.textContent())?.trim()).toBe('Create account “Quarry Lane Bakery”');
    expect(await create.getAttribute('aria-selected')).toBe('true');
    await picker.press('Enter');
    await expect.poll(() => picker.inputValue(), ui).toBe('Quarry Lane Bakery');
    expect(await picker.getAttribute('data-unpicked')).toBeNull();
    await expect
      .poll(() => page.getByTestId('new-contact').getByTestId('refpicker-created').textContent(), ui)
      .toBe('Account “Quarry Lane Bakery” created and chosen');
    expect(await accountNames()).toEqual(['Alder Mills', 'Quarry Lane Bakery']);

    await page.getByTestId('new-contact-submit').click();
    await page.getByTestId('new-contact').waitFor({ state: 'detached', timeout: ui.timeout });
    const { items } = Accounts.parse(await call(route, 'accounts.list', { sort: { field: 'name', direction: 'asc' }, limit: 50 }));
    const quarry = items.find((account) => account.name === 'Quarry Lane Bakery')?.id ?? '';
    const contacts = Contacts.parse(await call(route, 'contacts.list', { sort: { field: 'name', direction: 'asc' }, limit: 50 }));
    expect(contacts.items.find((contact) => contact.name === 'Nina Park')?.accountId).toBe(quarry);
    // The account's page lists her.
    expect(Detail.parse(await call(route, 'accounts.get', { id: quarry })).contacts.map((contact) => contact.name)).toEqual(['Nina Park']);
    await page.getByTestId('detail-title').filter({ hasText: 'Nina Park' }).waitFor(ui);
    await page.getByTestId('contact-detail').getByText('Quarry Lane Bakery').first().waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('says why an account was refused in the list, and picks nothing', async () => {
    await newContact('Omar Reyes');
    const picker = page.getByTestId('field-accountId');
    const refusal = page.getByTestId('refpicker-create-failure');
    // Longer than an account's name may be: refused by the shell's schema.
    const long = 'Northwind Traders '.repeat(12).trim();
    await typeAccount(long);
    await page.getByTestId('refpicker-create').click();
    await refusal.filter({ hasText: 'Use at most 200 characters' }).waitFor(ui);
    expect(await picker.inputValue()).toBe(long);
    expect(await picker.getAttribute('data-unpicked')).toBe('true');

    // No right to write accounts (the shell's answer, injected): its reason, and nothing picked.
    route.failing.set('accounts.create', { code: 'NOT_PERMITTED', message: 'You do not have permission to do that.' });
    try {
      await typeAccount('Cedar Works');
      expect(await refusal.count()).toBe(0);
      await picker.press('Enter');
      await refusal.filter({ hasText: 'You do not have permission to do that.' }).waitFor(ui);
      expect(await picker.inputValue()).toBe('Cedar Works');
      expect(await picker.getAttribute('data-unpicked')).toBe('true');
    } finally {
      route.failing.delete('accounts.create');
    }
    expect(await accountNames()).toEqual(['Alder Mills', 'Quarry Lane Bakery']);
    await picker.press('Escape');
    await picker.fill('');
    await page.getByTestId('new-contact-submit').click();
    await page.getByTestId('new-contact').waitFor({ state: 'detached', timeout: ui.timeout });
    const contacts = Contacts.parse(await call(route, 'contacts.list', { sort: { field: 'name', direction: 'asc' }, limit: 50 }));
    expect(contacts.items.find((contact) => contact.name === 'Omar Reyes')?.accountId).toBeNull();
    expect(pageErrors).toEqual([]);
  });

  it('offers no new account for a name that differs from one only by accents, case or spaces', async () => {
    await createdId(route, 'accounts.create', { name: 'Café Nord' });
    await newContact('Lea Brandt');
    // Before, only letter case was set aside: "cafe  nord" offered a second Café Nord.
    await typeAccount('cafe  nord');
    expect(await page.getByTestId('refpicker-option').filter({ hasText: 'Café Nord' }).count()).toBe(1);
    expect(await page.getByTestId('refpicker-create').count()).toBe(0);
    await typeAccount('Cafe Nordic');
    expect((await page.getByTestId('refpicker-create').textContent())?.trim()).toBe('Create account “Cafe Nordic”');
    expect(pageErrors).toEqual([]);
  });

  it('lists an account of the typed name ranked below the eight matches shown, and offers no second one', async () => {
    const cafe = await createdId(route, 'accounts.create', { name: 'Cafe Lindhof' });
    for (let branch = 1; branch <= 9; branch += 1) await createdId(route, 'accounts.create', { name: `Café Lindhof ${branch}` });
    // Typed with the accent, the names holding it rank first: Cafe Lindhof is not among the eight shown.
    const ranked = Hits.parse(await call(route, 'search.query', { text: 'Café Lindhof', entities: ['accounts'], limit: 8 }));
    expect(ranked.hits.map((hit) => hit.id)).not.toContain(cafe);
    await newContact('Ida Berg');
    const picker = page.getByTestId('field-accountId');
    await typeAccount('Café Lindhof');
    const options = page.getByTestId('refpicker-option');
    expect(await options.count()).toBe(8);
    expect((await options.first().textContent())?.trim()).toBe('Cafe Lindhof');
    // Before, "Create account “Café Lindhof”" ended the list and made a second Cafe Lindhof.
    expect(await page.getByTestId('refpicker-create').count()).toBe(0);
    await picker.press('Enter');
    await expect.poll(() => picker.inputValue(), ui).toBe('Cafe Lindhof');
    await page.getByTestId('new-contact-submit').click();
    await page.getByTestId('new-contact').waitFor({ state: 'detached', timeout: ui.timeout });
    const contacts = Contacts.parse(await call(route, 'contacts.list', { sort: { field: 'name', direction: 'asc' }, limit: 50 }));
    expect(contacts.items.find((contact) => contact.name === 'Ida Berg')?.accountId).toBe(cafe);
    // One account of that name, accents and case aside.
    const folded = (name: string) => name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    expect((await accountNames()).filter((name) => folded(name) === 'cafe lindhof')).toEqual(['Cafe Lindhof']);
    expect(pageErrors).toEqual([]);
  });
});
