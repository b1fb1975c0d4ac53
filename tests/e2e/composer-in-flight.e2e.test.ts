// Typing on while the composer's Log saves, in Chromium against the real
// headless shell and vault (the vault's answer held back): the logged text
// goes, the text typed meanwhile stays for the next Log. Before, the answer
// cleared both fields, and the notes typed while it saved were lost with no
// question asked (the unsaved-changes check saw empty fields).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { call, createdId } from './proxied-server';

const password = 'keep typing while it saves';

describe('the composer while Log saves', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;
  let contact = '';

  beforeAll(async () => {
    ({ page } = app);
    contact = await createdId(route, 'contacts.create', { name: 'Sol Sailmaker' });
  });

  it('clears what was logged and keeps what was typed while it saved', async () => {
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Sol Sailmaker' }).click();
    await page.getByTestId('activity-composer').waitFor(ui);
    await page.getByTestId('composer-subject').fill('Called about the new jib');
    route.holding.add('activities.create');
    await page.getByTestId('composer-submit').click();
    await expect.poll(() => route.held, ui).toBe(1);
    await page.getByTestId('composer-body').fill('Wants a quote by Friday');
    route.release();
    await page.getByTestId('activity-logged').waitFor(ui);
    expect(await page.getByTestId('composer-subject').inputValue()).toBe('');
    expect(await page.getByTestId('composer-body').inputValue()).toBe('Wants a quote by Friday');
    const logged = z.object({ activities: z.array(z.object({ subject: z.string(), body: z.string() })) }).parse(await call(route, 'contacts.get', { id: contact }));
    expect(logged.activities.map(({ subject, body }) => ({ subject, body }))).toEqual([{ subject: 'Called about the new jib', body: '' }]);
    expect(pageErrors).toEqual([]);
  });
});
