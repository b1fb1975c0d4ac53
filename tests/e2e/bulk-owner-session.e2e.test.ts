// The selection bar's Owner… and Assign… before the page knows who this
// device's user is, in Chromium against the real headless shell and vault,
// the page's IPC socket routed through Playwright (which fails the
// workspace's one read of `session.user`, then holds the one Try again asks):
// the dialogs say the user could not be read, with Try again, then that they
// are reading, and the form once the user is known, its select on "Me" and
// holding the user. They showed a select that read "Me" (once the answer
// came) while holding no one, and Apply did nothing, without a word. (The
// contact is the user's already: Apply says it had nothing to change.)
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';

const password = 'who am I on this device';

describe('Owner… and Assign… before the user is known', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;
  // From the page's first call on: the workspace asks who its user is once, as it opens.
  route.failing.set('session.user', { code: 'INTERNAL', message: 'Something went wrong.' });

  beforeAll(async () => {
    ({ page } = app);
    expect(await route.invoke('contacts.create', { name: 'Owned Before' })).toMatchObject({ ok: true });
    expect(await route.invoke('tasks.create', { title: 'Assigned Before' })).toMatchObject({ ok: true });
  });

  const selectRow = async (table: string, text: string) => {
    const row = page.getByTestId(`${table}-row`).filter({ hasText: text });
    await row.waitFor(ui);
    await row.getByTestId('row-select').click();
    await expect.poll(() => page.getByTestId('bulk-count').textContent(), ui).toMatch(/^1 selected/);
  };

  it('says the user could not be read, reads it on Try again, and Apply then gives the records their owner', async () => {
    const failedText = 'Who you are on this device could not be read, so no one can be chosen yet.';

    // Assign… on a task: the failure, no select.
    await openSection(page, 'tasks');
    await selectRow('task-table', 'Assigned Before');
    await page.getByTestId('bulk-assignee').click();
    const assignee = page.getByTestId('bulk-assignee-dialog');
    await assignee.getByTestId('bulk-people-failed').waitFor(ui);
    expect(await assignee.getByTestId('bulk-people-failed').textContent()).toContain(failedText);
    expect(await assignee.getByTestId('bulk-assignee-select').count()).toBe(0);
    await page.keyboard.press('Escape');
    await assignee.waitFor({ state: 'detached', ...ui });

    // Owner… on a contact: the failure, then the reading while Try again's ask is held.
    await openSection(page, 'contacts');
    await selectRow('contact-table', 'Owned Before');
    await page.getByTestId('bulk-owner').click();
    const dialog = page.getByTestId('bulk-owner-dialog');
    const failed = dialog.getByTestId('bulk-people-failed');
    await failed.waitFor(ui);
    expect(await failed.textContent()).toContain(failedText);
    expect(await dialog.getByTestId('bulk-owner-select').count()).toBe(0);

    route.holding.add('session.user');
    await failed.getByRole('button', { name: 'Try again' }).click();
    await dialog.getByTestId('bulk-people-loading').waitFor(ui);
    await expect.poll(() => route.held, ui).toBe(1);
    expect(await dialog.getByTestId('bulk-owner-select').count()).toBe(0);

    // The answer: the form, its select on "Me" and holding the user this device writes as.
    route.release();
    const select = dialog.getByTestId('bulk-owner-select');
    await select.waitFor(ui);
    const session = z.object({ ok: z.literal(true), value: z.object({ userId: z.string() }) }).parse(await route.invoke('session.user', {})).value;
    expect(await select.inputValue()).toBe(session.userId);
    expect(await select.locator('option:checked').textContent()).toBe('Me');
    const before = route.calls.length;
    await dialog.getByTestId('bulk-owner-apply').click();
    // The contact is the user's already: the edit goes through and says it changed nothing (it said "Owner
    // changed on 1 record", with an Undo that had nothing to put back).
    await page.getByTestId('bulk-edited-toast').filter({ hasText: 'Nothing to change: the selected records have that owner already.' }).waitFor(ui);
    expect(await page.getByTestId('bulk-edited-toast-action').count()).toBe(0);
    await dialog.waitFor({ state: 'detached', ...ui });
    expect(route.calls.slice(before)).toContain('contacts.editMany');
    expect(pageErrors).toEqual([]);
  });
});
