// A call logged on a deal's page reaches its contact's timeline, in Chromium
// against the real headless shell and vault: a deal with exactly one live
// contact links that contact to what is logged there ("l", type, Log), so the
// call shows on the contact's page too. Before, the deal page sent only the
// deal and its account, and the contact's timeline never listed it. With
// several contacts none is picked for the user.
// Records are written through the page's own (routed) IPC socket, as the
// "New" dialogs would write them.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { focusedTestId, openSection, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';

const password = 'the call reaches the contact';

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

describe('a call logged on a deal page', () => {
  const route = new InjectingRoute();
  const app = useApp({ context: { viewport: { width: 1280, height: 900 } }, route, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  async function openDeal(name: string): Promise<void> {
    await openSection(page, 'deals');
    await page.getByTestId('deal-table-row').filter({ hasText: name }).click();
    await page.getByTestId('deal-detail').getByTestId('detail-title').filter({ hasText: name }).waitFor(ui);
    await page.getByTestId('activity-composer').waitFor(ui);
  }

  /** Presses "l" on the page, types the subject and logs it; waits for it on the deal's timeline. */
  async function logCall(subject: string): Promise<void> {
    await page.getByTestId('workspace').locator('main').focus();
    await page.keyboard.press('l');
    expect(await focusedTestId(page)).toBe('composer-subject');
    await page.keyboard.type(subject);
    await page.getByTestId('composer-submit').click();
    await page.getByTestId('deal-detail').getByTestId('timeline-item').filter({ hasText: subject }).waitFor(ui);
  }

  async function openContactFromDeal(name: string): Promise<void> {
    await page.getByTestId('related-contacts').getByText(name).click();
    await page.getByTestId('contact-detail').getByTestId('detail-title').filter({ hasText: name }).waitFor(ui);
  }

  const deal = (name: string, contactIds: readonly string[]) => ({
    name,
    stageId: 'lead',
    currency: 'EUR',
    expectedCloseDate: '2027-03-01',
    contactIds,
  });

  it('shows on the contact’s timeline when the deal has one contact', async () => {
    const greta = await created(route, 'contacts.create', { name: 'Greta Holm' });
    await created(route, 'deals.create', deal('Harbour cranes', [greta]));

    await openDeal('Harbour cranes');
    await logCall('Asked about the crane lead times');
    await openContactFromDeal('Greta Holm');
    await page.getByTestId('contact-detail').getByTestId('timeline-item').filter({ hasText: 'Asked about the crane lead times' }).waitFor(ui);
    expect(pageErrors).toEqual([]);
  });

  it('links no contact when the deal has several', async () => {
    const piet = await created(route, 'contacts.create', { name: 'Piet Vos' });
    const anna = await created(route, 'contacts.create', { name: 'Anna Berg' });
    await created(route, 'deals.create', deal('Dock lights', [piet, anna]));

    await openDeal('Dock lights');
    await logCall('Went over the dock plan');
    await openContactFromDeal('Piet Vos');
    await page.getByTestId('contact-detail').getByTestId('timeline').waitFor(ui);
    expect(await page.getByTestId('timeline-item').filter({ hasText: 'Went over the dock plan' }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
