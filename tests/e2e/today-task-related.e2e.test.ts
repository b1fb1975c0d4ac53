// Walkthrough 6, finding 10, in Chromium against the real headless shell and
// vault: a Today task about no contact, deal or account shows no second line
// (it used to read a bare "—" under the title), while a task about a contact
// still names the contact there.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { localDateTime } from './crm-fixtures';
import { fillAndCreate, openSection, ui } from './crm-steps';

const password = 'a task about nothing in particular';

describe('Today task rows and their record', () => {
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(() => {
    ({ page } = app);
  });

  it('leaves the record line out of a task with no linked record, and keeps it for a task about a contact', async () => {
    await openSection(page, 'tasks');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'task', { title: 'Water the office plants', dueAt: localDateTime(-1, 9) });
    await page.getByTestId('task-detail').waitFor(ui);

    await openSection(page, 'contacts');
    await page.getByTestId('list-new').click();
    await fillAndCreate(page, 'contact', { name: 'Linked Line Person' });
    await page.getByTestId('contact-detail').waitFor(ui);
    await page.getByTestId('related-tasks-add').click();
    await fillAndCreate(page, 'task', { title: 'Send the linked quote', dueAt: localDateTime(-1, 10) });
    await page.getByTestId('related-tasks').locator('li').filter({ hasText: 'Send the linked quote' }).waitFor(ui);

    await openSection(page, 'today');
    const loose = page.getByTestId('today-task').filter({ hasText: 'Water the office plants' });
    const linked = page.getByTestId('today-task').filter({ hasText: 'Send the linked quote' });
    await loose.waitFor(ui);
    await linked.locator('.today-task__meta').filter({ hasText: 'Linked Line Person' }).waitFor(ui);
    expect(await loose.locator('.today-task__meta').count()).toBe(0);
    expect(await loose.locator('.today-task__main').innerText()).toBe('Water the office plants');
    expect(pageErrors).toEqual([]);
  });
});
