// A task's assignee set where the task is made and on its page, in Chromium
// against the real headless shell, vault and a real TLS sync server: the New
// task form offers the people this device can name (the user first, then
// teammates by name) and the task is made theirs; the task page's Details
// card changes it inline. Before, the form had no assignee and the page only
// named it: a list's "Assign…" was the one way to give a task to someone.
// "Assign…" counts only the tasks it changed, and offers no Undo for none.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { setMemberships, startTestServer, enrolmentCode, type TestServer } from '../support/sync-server';
import { useApp } from './app';
import { fillAndCreate, openSection, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { call } from './proxied-server';

const password = 'tasks for the team';

const Listed = z.object({ items: z.array(z.object({ title: z.string(), assigneeId: z.string() })) });

describe('a task’s assignee in its form and on its page', () => {
  let server: TestServer;
  let page: Page;
  const route = new InjectingRoute();

  // Registered before the app's hooks: the server starts before the shell and stops after it.
  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server.close();
  });

  const app = useApp({ context: { viewport: { width: 1280, height: 900 } }, route, password });
  const { pageErrors } = app;

  beforeAll(() => {
    ({ page } = app);
  });

  /** Makes a task for `assignee` with the New task form; `me`: the user it offers first, picked. */
  const fillNewTask = async (title: string, assignee: string, me?: string) => {
    await openSection(page, 'tasks');
    await page.getByTestId('list-new').click();
    const select = page.getByTestId('new-task').getByTestId('field-assigneeId');
    // The user first (and picked), then the teammates the directory names.
    await expect.poll(() => select.locator('option').allTextContents(), ui).toEqual(['Me', 'Rita Rep']);
    if (me !== undefined) expect(await select.inputValue()).toBe(me);
    await fillAndCreate(page, 'task', { title, assigneeId: assignee });
    await page.getByTestId('task-detail').waitFor(ui);
  };

  it('makes a task for a teammate, then gives it back to the user inline', async () => {
    const manager = await server.createUser('Mona Manager');
    const rita = await server.createUser('Rita Rep');
    await setMemberships(server, manager, ['team-east']);
    await setMemberships(server, rita, ['team-east']);
    const enrolled = await route.invoke('sync.enrol', { serverUrl: server.url, caCertificatePem: server.caPem, enrolmentCode: await enrolmentCode(server, manager) });
    expect(enrolled).toMatchObject({ ok: true });
    expect(await route.invoke('sync.now', {})).toMatchObject({ ok: true });

    await fillNewTask('Visit the depot', 'Rita Rep', manager);
    const detail = page.getByTestId('task-detail');
    await detail.waitFor(ui);
    const assignee = detail.getByTestId('inline-assigneeId');
    await expect.poll(() => assignee.locator('.inline-field__value').textContent(), ui).toBe('Rita Rep');
    const stored = async () => {
      const { items } = Listed.parse(await call(route, 'tasks.list', {}));
      return items.find((task) => task.title === 'Visit the depot');
    };
    expect((await stored())?.assigneeId).toBe(rita);

    // Changed inline on the task's page, as any of its fields.
    await assignee.getByTestId('inline-assigneeId-edit').click();
    await page.getByTestId('inline-assigneeId-input').selectOption('Me');
    await page.getByTestId('inline-assigneeId-save').click();
    await expect.poll(() => assignee.locator('.inline-field__value').textContent(), ui).toBe('Me');
    await expect.poll(async () => (await stored())?.assigneeId, ui).toBe(manager);
    expect(pageErrors).toEqual([]);
  });

  it('counts only the tasks "Assign…" changed, and says when it changed none, with no Undo', async () => {
    await fillNewTask('Rita’s errand', 'Rita Rep');
    await openSection(page, 'today');
    await openSection(page, 'tasks');
    const rowOf = (title: string) => page.getByTestId('task-table-row').filter({ hasText: title });
    const assignBoth = async () => {
      await expect.poll(() => page.locator('.toast').count(), ui).toBe(0);
      for (const title of ['Visit the depot', 'Rita’s errand']) await rowOf(title).getByTestId('row-select').click();
      await page.getByTestId('bulk-assignee').click();
      await page.getByTestId('bulk-assignee-select').selectOption({ label: 'Rita Rep' });
      await page.getByTestId('bulk-assignee-apply').click();
      await page.getByTestId('bulk-assignee-dialog').waitFor({ state: 'detached', timeout: ui.timeout });
    };
    await rowOf('Rita’s errand').waitFor(ui);
    // One of the two is Rita's already: one assigned (before, "2 tasks assigned").
    await assignBoth();
    const toast = page.getByTestId('bulk-edited-toast');
    await toast.filter({ hasText: '1 task assigned' }).waitFor(ui);
    // Both hers now: nothing changed, and no Undo (an empty one would be refused).
    await assignBoth();
    await toast.filter({ hasText: 'Nothing to assign: the selected tasks are assigned to that person already.' }).waitFor(ui);
    expect(await toast.getByTestId('bulk-edited-toast-action').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
