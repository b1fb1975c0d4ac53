// An activity's page and the records it links to that are in the trash. Its
// fields name a trashed contact (their names read trashed records too), and
// its Related card now lists it as well, marked "In the trash", and opens its
// page; before, the card said "None yet" beside "Contact: Jane Doe". And the
// Undo of an edit away from a trashed contact says the contact is in the
// trash; before, it said there was no such contact.
// Records are written through the page's own (routed) IPC socket, as the
// "New" dialogs would write them.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { openSection, pickRecord, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';

const password = 'a trashed contact is still named';

interface Answer {
  readonly ok: boolean;
  readonly value?: { readonly id?: string };
}

async function created(route: InjectingRoute, channel: string, input: unknown): Promise<string> {
  const answer = (await route.invoke(channel, input)) as Answer;
  const id = answer.value?.id;
  if (!answer.ok || id === undefined) throw new Error(`${channel} failed`);
  return id;
}

describe('an activity linked to a record in the trash', () => {
  const route = new InjectingRoute();
  const app = useApp({ context: { viewport: { width: 1280, height: 900 } }, route, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  async function openActivity(subject: string): Promise<void> {
    await openSection(page, 'activities');
    await page.getByTestId('activity-table-row').filter({ hasText: subject }).click();
    await page.getByTestId('activity-detail').getByTestId('detail-title').filter({ hasText: subject }).waitFor(ui);
  }

  it('lists the trashed contact under Related, marked in the trash, as its fields name it, and opens its page', async () => {
    const contactId = await created(route, 'contacts.create', { name: 'Jane Doe' });
    await created(route, 'activities.create', { kind: 'call', subject: 'Call about the crates', occurredAt: Date.now(), contactId });
    expect(await route.invoke('contacts.delete', { id: contactId })).toMatchObject({ ok: true });

    await openActivity('Call about the crates');
    const detail = page.getByTestId('activity-detail');
    await detail.getByTestId('inline-contactId').getByText('Jane Doe').waitFor(ui);
    const links = detail.getByTestId('links-card');
    const contact = links.getByTestId('links-card-contact');
    await contact.getByText('Jane Doe').waitFor(ui);
    expect(await contact.getByTestId('links-card-in-trash').textContent()).toBe('In the trash');
    expect(await links.getByText('None yet').count()).toBe(0);

    await contact.getByRole('button').click();
    await page.getByTestId('contact-detail').getByTestId('trashed-banner').waitFor(ui);
    expect(await page.getByTestId('detail-title').textContent()).toBe('Jane Doe');
    expect(pageErrors).toEqual([]);
  });

  it('lists a live contact without the mark, and says an Undo back to a trashed contact waits on its restore', async () => {
    const ivy = await created(route, 'contacts.create', { name: 'Ivy Binned' });
    await created(route, 'contacts.create', { name: 'Dora Live' });
    await created(route, 'activities.create', { kind: 'call', subject: 'Call about the pallets', occurredAt: Date.now(), contactId: ivy });
    expect(await route.invoke('contacts.delete', { id: ivy })).toMatchObject({ ok: true });

    await openActivity('Call about the pallets');
    const detail = page.getByTestId('activity-detail');
    const field = detail.getByTestId('inline-contactId');
    await field.getByTestId('inline-contactId-edit').click();
    await pickRecord(page, 'inline-contactId-input', 'Dora', 'Dora Live');
    await field.getByTestId('inline-contactId-save').click();
    const saved = page.getByTestId('saved-field-toast');
    await saved.waitFor(ui);
    const contact = detail.getByTestId('links-card').getByTestId('links-card-contact');
    await contact.getByText('Dora Live').waitFor(ui);
    expect(await contact.getByTestId('links-card-in-trash').count()).toBe(0);

    await saved.getByTestId('saved-field-toast-action').click();
    // The error toast shows the vault's message: before, "No such contact" (link_missing).
    await page.getByTestId('toast').filter({ hasText: 'The linked contact is in the trash. Restore the contact first.' }).waitFor(ui);
    expect(await page.getByTestId('toast').filter({ hasText: 'No such contact' }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
