// "Show" on a hidden value writes its access-log entry, in Chromium against
// the real headless shell and vault: a contact's notes on its page and an
// activity's notes on the contact's timeline each send one `records.reveal`
// (the record's entity and id and the field's name, never the value) and show
// the value only once it was answered; a reveal the log refuses stays hidden
// and says why. Before, a reveal wrote nothing ("logs of who accessed what").
// The entry itself, in the vault, is proven by services/access/access-log.test.ts.
// While the entry is on its way (behind an import or a sync), Show is aria-busy
// and a repeat press (a double click, F2 twice) sends nothing more; the editor
// a late answer would open stays closed if the focus has gone elsewhere.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { createdId } from './proxied-server';

const password = 'every reveal is logged';
const secret = 'Budget frozen until the audit, CANARY-7719';
const callNotes = 'Promised a 9% rebate, CANARY-3141';

describe('revealing a hidden value', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;
  let contactId: string;
  let activityId: string;
  const reveals = () => route.requests.filter((request) => request.channel === 'records.reveal').map((request) => request.input);

  beforeAll(async () => {
    ({ page } = app);
    contactId = await createdId(route, 'contacts.create', { name: 'Rosalind Reveal', notes: secret });
    activityId = await createdId(route, 'activities.create', { kind: 'call', subject: 'Rebate call', body: callNotes, occurredAt: Date.now(), contactId });
  });

  async function openContact(): Promise<void> {
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Rosalind Reveal' }).click();
    await page.getByTestId('contact-detail').waitFor(ui);
  }

  it('sends one records.reveal per Show, naming the record and the field, and shows the value once it is logged', async () => {
    await openContact();
    const detail = page.getByTestId('contact-detail');
    const notes = detail.getByTestId('inline-notes');
    await notes.getByTestId('reveal-notes').waitFor(ui);
    expect(reveals()).toEqual([]);

    // Held: the value stays dots until the main process has the entry.
    route.holding.add('records.reveal');
    await notes.getByTestId('reveal-notes').click();
    await expect.poll(() => reveals().length, ui).toBe(1);
    expect(await notes.textContent()).not.toContain(secret);
    route.holding.delete('records.reveal');
    route.release();
    await notes.getByText(secret).waitFor(ui);
    expect(reveals()).toEqual([{ entity: 'contacts', id: contactId, field: 'notes' }]);

    const item = page.getByTestId('timeline-item').filter({ hasText: 'Rebate call' });
    await item.getByTestId('timeline-reveal').click();
    await item.getByTestId('timeline-notes-text').waitFor(ui);
    expect(await item.getByTestId('timeline-notes-text').textContent()).toContain('9% rebate');
    expect(reveals()).toEqual([
      { entity: 'contacts', id: contactId, field: 'notes' },
      { entity: 'activities', id: activityId, field: 'body' },
    ]);
    expect(JSON.stringify(route.requests.filter((request) => request.channel === 'records.reveal'))).not.toContain('CANARY');
    expect(pageErrors).toEqual([]);
  });

  it('keeps a value hidden when its reveal could not be logged, and says so', async () => {
    await page.reload();
    await openContact();
    const notes = page.getByTestId('contact-detail').getByTestId('inline-notes');
    await notes.getByTestId('reveal-notes').waitFor(ui);
    route.failing.set('records.reveal', { code: 'BUSY', message: 'The vault is busy. Try again in a moment.' });
    try {
      await notes.getByTestId('reveal-notes').click();
      await page.getByTestId('reveal-failed').waitFor(ui);
      expect(await notes.textContent()).not.toContain(secret);
      expect(await notes.getByTestId('reveal-notes').count()).toBe(1);
    } finally {
      route.failing.delete('records.reveal');
    }
    await expect.poll(() => page.locator('.toast').count(), { timeout: 20_000 }).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('sends one records.reveal for a double click on Show, which is busy while it waits', async () => {
    await page.reload();
    await openContact();
    const notes = page.getByTestId('contact-detail').getByTestId('inline-notes');
    const show = notes.getByTestId('reveal-notes');
    await show.waitFor(ui);
    const before = reveals().length;
    route.holding.add('records.reveal');
    await show.dblclick();
    await expect.poll(() => show.getAttribute('aria-busy'), ui).toBe('true');
    await show.click();
    await expect.poll(() => route.held, ui).toBe(1);
    expect(reveals().length).toBe(before + 1);
    route.release();
    await notes.getByText(secret).waitFor(ui);
    expect(reveals().length).toBe(before + 1);
    expect(pageErrors).toEqual([]);
  });

  it('opens the editor once for F2 pressed twice, keeping what was typed', async () => {
    await page.reload();
    await openContact();
    const notes = page.getByTestId('contact-detail').getByTestId('inline-notes');
    await notes.getByTestId('reveal-notes').waitFor(ui);
    const before = reveals().length;
    route.holding.add('records.reveal');
    await notes.getByTestId('inline-notes-edit').focus();
    await page.keyboard.press('F2');
    await page.keyboard.press('F2');
    await expect.poll(() => route.held, ui).toBe(1);
    expect(reveals().length).toBe(before + 1);
    route.release();
    const input = notes.getByTestId('inline-notes-input');
    await expect.poll(() => input.inputValue(), ui).toBe(secret);
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type(' typed');
    await expect.poll(() => input.inputValue(), ui).toBe(`${secret} typed`);
    expect(reveals().length).toBe(before + 1);
    await page.keyboard.press('Escape');
    await expect.poll(() => notes.getByTestId('inline-notes-input').count(), ui).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('does not open the editor over a field the user went on to type in while the reveal waited', async () => {
    await page.reload();
    await openContact();
    const detail = page.getByTestId('contact-detail');
    const notes = detail.getByTestId('inline-notes');
    await notes.getByTestId('reveal-notes').waitFor(ui);
    route.holding.add('records.reveal');
    await notes.getByTestId('inline-notes-edit').focus();
    await page.keyboard.press('F2');
    await expect.poll(() => route.held, ui).toBe(1);
    const subject = detail.getByTestId('composer-subject');
    await subject.click();
    await page.keyboard.type('Call back');
    route.release();
    await notes.getByText(secret).waitFor(ui);
    expect(await notes.getByTestId('inline-notes-input').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null)).toBe('composer-subject');
    expect(await subject.inputValue()).toBe('Call back');
    await subject.fill('');
    expect(pageErrors).toEqual([]);
  });
});
