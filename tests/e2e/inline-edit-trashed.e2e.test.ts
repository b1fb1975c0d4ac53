// An inline edit open when its record goes to the trash (a sync from another
// laptop, another page), in Chromium against the real headless shell and
// vault: what was typed stays, Save sends nothing and says why, and Esc
// leaves the focus on the field's row. Before, Save stayed offered and
// failed with "The contact was not found." under a contact the page still
// showed, and Cancel dropped the focus to the page. One that becomes a
// teammate's (a sync brought its new owner) says that, not "in the trash".
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { focusedTestId, openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { createdId } from './proxied-server';
import { z } from 'zod';

const password = 'typed, then trashed';
/** A `contacts.get` answer as the wire carries it. */
const Answered = z.object({ ok: z.literal(true), value: z.record(z.string(), z.unknown()) });

describe('an inline edit over a record trashed meanwhile', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;
  let id = '';

  beforeAll(async () => {
    ({ page } = app);
    id = await createdId(route, 'contacts.create', { name: 'Tess Trashed' });
  });

  it('keeps the text, sends nothing and says why, and Esc leaves the focus on the row', async () => {
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Tess Trashed' }).click();
    const field = page.getByTestId('contact-detail').getByTestId('inline-title');
    await field.getByTestId('inline-title-edit').click();
    await field.getByTestId('inline-title-input').fill('Head buyer');

    // Trashed elsewhere; the page reads the record again as a sync's changes make it.
    expect(await route.invoke('contacts.delete', { id })).toMatchObject({ ok: true });
    route.emit('sync.didApplyChanges', { entities: ['contacts'], ids: { contacts: [id] }, links: { contacts: { [id]: [] } } });
    const why = field.getByTestId('inline-title-trashed');
    await why.waitFor(ui);
    expect(await why.textContent()).toBe('This record is in the trash. Restore it to save this.');
    const save = field.getByTestId('inline-title-save');
    expect(await save.getAttribute('aria-disabled')).toBe('true');
    const calls = route.calls.length;
    // Pressed anyway (Playwright does not click an aria-disabled button; a user can).
    await save.dispatchEvent('click');
    expect(route.calls.slice(calls).filter((channel) => channel === 'contacts.update')).toEqual([]);
    expect(await field.getByTestId('inline-title-input').inputValue()).toBe('Head buyer');

    await field.getByTestId('inline-title-input').press('Escape');
    await field.getByTestId('inline-title-input').waitFor({ state: 'detached', ...ui });
    expect(await focusedTestId(page)).toBe('inline-title');
    expect(pageErrors).toEqual([]);
  });

  it('says the record is a teammate’s, not in the trash, when a sync gives it to one while it is edited', async () => {
    const taken = await createdId(route, 'contacts.create', { name: 'Tobias Taken' });
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Tobias Taken' }).click();
    const field = page.getByTestId('contact-detail').getByTestId('inline-title');
    await field.getByTestId('inline-title-edit').click();
    await field.getByTestId('inline-title-input').fill('Head buyer');

    // A sync brought its new owner, a teammate: the page reads the contact again, now marked a teammate's.
    route.rewriting.set('contacts.get', (result) => {
      const answer = Answered.safeParse(result);
      return answer.success ? { ...answer.data, value: { ...answer.data.value, ownedByTeammate: true } } : result;
    });
    route.emit('sync.didApplyChanges', { entities: ['contacts'], ids: { contacts: [taken] }, links: { contacts: { [taken]: [] } } });
    const why = field.getByTestId('inline-title-trashed');
    await why.waitFor(ui);
    expect(await why.textContent()).toBe('This record now belongs to a teammate, so this cannot be saved. Only its owner can change it.');
    expect(await field.getByTestId('inline-title-save').getAttribute('aria-disabled')).toBe('true');
    expect(await field.getByTestId('inline-title-input').inputValue()).toBe('Head buyer');
    await field.getByTestId('inline-title-input').press('Escape');
    await field.getByTestId('inline-title-input').waitFor({ state: 'detached', ...ui });
    expect(pageErrors).toEqual([]);
  });
});
