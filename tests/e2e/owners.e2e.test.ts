// The Owner filter names colleagues, in Chromium against the real headless
// shell, vault and a real TLS sync server: a manager's device enrolled in a
// team sees a teammate's contact and offers its owner by name, not as
// "User 5f6a7b"; a rename on the server reaches the open list at the next
// sync; two teammates of one name read apart in the Owner column and on
// detail pages too; the selection bar gives records a new owner, and tasks a
// new assignee, by name; the tasks list shows and filters by assignee. Enrolment and "sync now" are sent over the page's own (routed) IPC
// socket, as the Settings form and the sync pill would send them.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contactValues, enrolmentCode, protocolDevice, setMemberships, startTestServer, type TestServer } from '../support/sync-server';
import { useApp } from './app';
import { fillAndCreate, openSection, saveViewAs, ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { setLanguage } from './layout-steps';

const password = 'owners have names here';

describe('the Owner filter with a user directory', () => {
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

  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password });
  const { pageErrors } = app;

  beforeAll(() => {
    ({ page } = app);
  });

  it('offers a teammate by name, and follows a rename', async () => {
    const manager = await server.createUser('Mona Manager');
    const rita = await server.createUser('Rita Rep');
    const sam = await server.createUser('Sam Stranger');
    await setMemberships(server, manager, ['team-east']);
    await setMemberships(server, rita, ['team-east']);
    await setMemberships(server, sam, ['team-west']);
    // Rita's laptop writes a contact; it lands in her team's bucket, which the manager's device holds.
    const laptop = await protocolDevice(server, rita);
    await laptop.push([laptop.upsert('contacts', randomUUID(), contactValues(rita, { name: 'Teamed Contact' }))]);

    const enrolled = await route.invoke('sync.enrol', { serverUrl: server.url, caCertificatePem: server.caPem, enrolmentCode: await enrolmentCode(server, manager) });
    expect(enrolled).toMatchObject({ ok: true });

    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Teamed Contact' }).waitFor(ui);
    await page.getByTestId('filter-toggle').click();
    // The user and the teammates of the directory, whether or not a row held is theirs (Sam, of another team, is not named).
    await expect.poll(() => page.locator('#filter-owner option').allTextContents(), ui).toEqual(['Anyone', 'Me', 'Rita Rep']);

    const renamed = await server.client.request('POST', '/v1/admin/users/rename', { token: server.admin.token, body: { userId: rita, displayName: 'Rita Renamed' } });
    expect(renamed.status).toBe(200);
    expect(await route.invoke('sync.now', {})).toMatchObject({ ok: true });
    // The open list asks again when sync says the directory changed.
    await expect.poll(() => page.locator('#filter-owner option').allTextContents(), ui).toEqual(['Anyone', 'Me', 'Rita Renamed']);
    expect(pageErrors).toEqual([]);
  });

  it('names owners and assignees on detail pages and in the lists, in English and Chinese, and follows a rename', async () => {
    // A new teammate's contact reaches the (enrolled) manager's device with the teammate's name.
    const tess = await server.createUser('Tess Teammate');
    await setMemberships(server, tess, ['team-east']);
    const laptop = await protocolDevice(server, tess);
    await laptop.push([laptop.upsert('contacts', randomUUID(), contactValues(tess, { name: 'Tess Contact' }))]);
    expect(await route.invoke('sync.now', {})).toMatchObject({ ok: true });

    const ownerOf = (detail: string) => page.getByTestId(detail).getByTestId('field-owner');
    const openContact = async () => {
      // From another section, so the list loads afresh.
      await openSection(page, 'today');
      await openSection(page, 'contacts');
      await page.getByTestId('contact-table-row').filter({ hasText: 'Tess Contact' }).click(ui);
      await page.getByTestId('contact-detail').waitFor(ui);
    };
    await openContact();
    await expect.poll(() => ownerOf('contact-detail').textContent(), ui).toBe('OwnerTess Teammate');

    // A rename reaches the open page at the next sync.
    const renamed = await server.client.request('POST', '/v1/admin/users/rename', { token: server.admin.token, body: { userId: tess, displayName: 'Tess Renamed' } });
    expect(renamed.status).toBe(200);
    expect(await route.invoke('sync.now', {})).toMatchObject({ ok: true });
    await expect.poll(() => ownerOf('contact-detail').textContent(), ui).toBe('OwnerTess Renamed');

    // What this device's user writes is theirs: "Me" as owner, and as a task's assignee.
    const created = [
      ['accounts', 'account', { name: 'Owned Account' }],
      ['deals', 'deal', { name: 'Owned Deal' }],
      ['activities', 'activity', { subject: 'Owned Call' }],
      ['tasks', 'task', { title: 'Owned Task' }],
    ] as const;
    for (const [section, kind, fields] of created) {
      await openSection(page, section);
      await page.getByTestId('list-new').click();
      await fillAndCreate(page, kind, fields);
      await page.getByTestId(`${kind}-detail`).waitFor(ui);
      expect(await ownerOf(`${kind}-detail`).textContent()).toBe('OwnerMe');
    }
    expect(await page.getByTestId('task-detail').getByTestId('inline-assigneeId').locator('.inline-field__value').textContent()).toBe('Me');

    // At 1440 px the tasks and activities lists have room for an Owner column.
    await page.setViewportSize({ width: 1440, height: 900 });
    for (const [section, table] of [
      ['tasks', 'task-table'],
      ['activities', 'activity-table'],
    ] as const) {
      await openSection(page, section);
      await page.getByTestId(table).getByRole('columnheader', { name: 'Owner' }).waitFor(ui);
    }
    await openSection(page, 'tasks');
    const taskRow = page.getByTestId('task-table-row').filter({ hasText: 'Owned Task' });
    await taskRow.waitFor(ui);
    expect(await taskRow.getByRole('cell').last().textContent()).toBe('Me');
    // It is the first column to go where the list is narrower: at 1280 px the title takes its room.
    for (const size of [{ width: 1280, height: 800 }, { width: 900, height: 700 }]) {
      await page.setViewportSize(size);
      await expect.poll(() => page.getByTestId('task-table').getByRole('columnheader').allTextContents(), ui).not.toContain('Owner');
    }
    await page.setViewportSize({ width: 1280, height: 800 });

    // In Chinese, the same people in Chinese wording.
    await setLanguage(page, 'zh-CN');
    await openContact();
    await expect.poll(() => ownerOf('contact-detail').textContent(), ui).toBe('负责人Tess Renamed');
    await openSection(page, 'tasks');
    await page.getByTestId('task-table-row').filter({ hasText: 'Owned Task' }).click();
    await page.getByTestId('task-detail').waitFor(ui);
    expect(await page.getByTestId('task-detail').getByTestId('inline-assigneeId').locator('.inline-field__value').textContent()).toBe('我');
    await setLanguage(page, 'en');
    expect(pageErrors).toEqual([]);
  });

  it('tells two teammates of the same name apart in the Owner column and on detail pages, as the filter does', async () => {
    const contacts = ['First Alex Contact', 'Second Alex Contact'];
    for (const name of contacts) {
      const alex = await server.createUser('Alex Kim');
      await setMemberships(server, alex, ['team-east']);
      const laptop = await protocolDevice(server, alex);
      await laptop.push([laptop.upsert('contacts', randomUUID(), contactValues(alex, { name }))]);
    }
    expect(await route.invoke('sync.now', {})).toMatchObject({ ok: true });

    // At 1440 px the contacts list has room for its Owner column (its last).
    await page.setViewportSize({ width: 1440, height: 900 });
    const labels: string[] = [];
    for (const name of contacts) {
      await openSection(page, 'today');
      await openSection(page, 'contacts');
      const row = page.getByTestId('contact-table-row').filter({ hasText: name });
      await row.waitFor(ui);
      await page.getByTestId('contact-table').getByRole('columnheader', { name: 'Owner' }).waitFor(ui);
      // The names come from the user directory the page asks for again when sync says it changed:
      // its answer may land after the row, so the label is waited for, not read once.
      const owner = row.getByRole('cell').last();
      await expect.poll(() => owner.textContent(), ui).toMatch(/^Alex Kim \([0-9A-Za-z]{6}\)$/);
      const label = (await owner.textContent()) ?? '';
      await row.click();
      await page.getByTestId('contact-detail').waitFor(ui);
      expect(await page.getByTestId('contact-detail').getByTestId('field-owner').textContent()).toBe(`Owner${label}`);
      labels.push(label);
    }
    expect(new Set(labels).size).toBe(2);
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(pageErrors).toEqual([]);
  });

  it('gives a selection a new owner from the selection bar, chosen by name, and Undo gives each its own owner back', async () => {
    // Two contacts this device made, one handed to Rita: the server holds them as this user's, so they may be
    // changed here (a teammate's own contacts, pulled, are refused locally: not_owner).
    const session = z.object({ ok: z.literal(true), value: z.object({ people: z.array(z.object({ userId: z.string(), displayName: z.string() })) }) }).parse(await route.invoke('session.user', {})).value;
    const rita = session.people.find((person) => person.displayName === 'Rita Renamed')?.userId;
    expect(await route.invoke('contacts.create', { name: 'Kept Contact' })).toMatchObject({ ok: true });
    expect(await route.invoke('contacts.create', { name: 'Handed Contact', ownerId: rita })).toMatchObject({ ok: true });
    await page.setViewportSize({ width: 1440, height: 900 });
    await openSection(page, 'today');
    await openSection(page, 'contacts');
    const ownerCell = (name: string) => page.getByTestId('contact-table-row').filter({ hasText: name }).getByRole('cell').last();
    await expect.poll(() => ownerCell('Kept Contact').textContent(), ui).toBe('Me');
    await expect.poll(() => ownerCell('Handed Contact').textContent(), ui).toBe('Rita Renamed');
    for (const name of ['Kept Contact', 'Handed Contact']) await page.getByTestId('contact-table-row').filter({ hasText: name }).getByTestId('row-select').click();
    await page.getByTestId('bulk-owner').click();
    const dialog = page.getByTestId('bulk-owner-dialog');
    await dialog.waitFor(ui);
    expect(await dialog.getByRole('heading').textContent()).toBe('Owner of 2 records');
    // Me first, then the people of the directory by name, two of one name told apart (a stranger of another team is not there).
    const choices = await page.getByTestId('bulk-owner-select').locator('option').allTextContents();
    expect(choices).toEqual(['Me', expect.stringMatching(/^Alex Kim \([0-9a-f]{6}\)$/), expect.stringMatching(/^Alex Kim \([0-9a-f]{6}\)$/), 'Rita Renamed', 'Tess Renamed']);
    await page.getByTestId('bulk-owner-select').selectOption({ label: 'Tess Renamed' });
    await page.getByTestId('bulk-owner-apply').click();
    await page.getByTestId('bulk-edited-toast').filter({ hasText: 'Owner changed on 2 records' }).waitFor(ui);
    await expect.poll(() => ownerCell('Kept Contact').textContent(), ui).toBe('Tess Renamed');
    expect(await ownerCell('Handed Contact').textContent()).toBe('Tess Renamed');

    await page.getByTestId('bulk-edited-toast-action').click();
    await page.getByTestId('bulk-undone-toast').waitFor(ui);
    await expect.poll(() => ownerCell('Kept Contact').textContent(), ui).toBe('Me');
    expect(await ownerCell('Handed Contact').textContent()).toBe('Rita Renamed');
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(pageErrors).toEqual([]);
  });

  it('assigns a selection of tasks to a teammate from the selection bar (tasks only), and Undo assigns them back', async () => {
    const session = z.object({ ok: z.literal(true), value: z.object({ userId: z.string(), people: z.array(z.object({ userId: z.string(), displayName: z.string() })) }) }).parse(await route.invoke('session.user', {})).value;
    const tess = session.people.find((person) => person.displayName === 'Tess Renamed')?.userId;
    const assigneeOf = async (title: string) => {
      const listed = z.object({ ok: z.literal(true), value: z.object({ items: z.array(z.object({ title: z.string(), assigneeId: z.string() })) }) }).parse(await route.invoke('tasks.list', {}));
      return listed.value.items.find((task) => task.title === title)?.assigneeId;
    };
    expect(await assigneeOf('Owned Task')).toBe(session.userId);

    // Contacts have no assignee: their bar offers none.
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Tess Contact' }).getByTestId('row-select').click();
    await page.getByTestId('bulk-owner').waitFor(ui);
    expect(await page.getByTestId('bulk-assignee').count()).toBe(0);

    await openSection(page, 'tasks');
    await page.getByTestId('task-table-row').filter({ hasText: 'Owned Task' }).getByTestId('row-select').click();
    // Six actions on a tasks selection: at the narrowest window they wrap inside the bar, none cut off.
    await page.setViewportSize({ width: 800, height: 700 });
    await expect
      .poll(
        () =>
          page.getByTestId('bulk-bar').evaluate((bar) => {
            const box = bar.getBoundingClientRect();
            return Array.from(bar.querySelectorAll('button')).filter((button) => {
              const own = button.getBoundingClientRect();
              return own.left < box.left || own.right > box.right + 0.5;
            }).length;
          }),
        ui,
      )
      .toBe(0);
    expect(await page.getByTestId('bulk-bar').getByRole('button').allTextContents()).toEqual(['Mark done', 'Tags…', 'Owner…', 'Assign…', 'Delete', 'Clear selection']);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('bulk-assignee').click();
    const dialog = page.getByTestId('bulk-assignee-dialog');
    await dialog.waitFor(ui);
    expect(await dialog.getByRole('heading').textContent()).toBe('Assignee of 1 task');
    await page.getByTestId('bulk-assignee-select').selectOption({ label: 'Tess Renamed' });
    await page.getByTestId('bulk-assignee-apply').click();
    await page.getByTestId('bulk-edited-toast').filter({ hasText: '1 task assigned' }).waitFor(ui);
    expect(await assigneeOf('Owned Task')).toBe(tess);

    await page.getByTestId('bulk-edited-toast-action').click();
    await page.getByTestId('bulk-undone-toast').filter({ hasText: 'The tasks are assigned as they were' }).waitFor(ui);
    expect(await assigneeOf('Owned Task')).toBe(session.userId);
    expect(pageErrors).toEqual([]);
  });

  it('shows each task’s assignee in the tasks list and filters it by assignee, in a saved view too', async () => {
    const session = z.object({ ok: z.literal(true), value: z.object({ userId: z.string(), people: z.array(z.object({ userId: z.string(), displayName: z.string() })) }) }).parse(await route.invoke('session.user', {})).value;
    const tess = session.people.find((person) => person.displayName === 'Tess Renamed')?.userId;
    expect(await route.invoke('tasks.create', { title: 'Tess Task', assigneeId: tess })).toMatchObject({ ok: true });

    await page.setViewportSize({ width: 1440, height: 900 });
    await openSection(page, 'today');
    await openSection(page, 'tasks');
    const assigneeCell = (title: string) => page.getByTestId('task-table-row').filter({ hasText: title }).locator('[data-column="assignee"]');
    await expect.poll(() => assigneeCell('Tess Task').textContent(), ui).toBe('Tess Renamed');
    expect(await assigneeCell('Owned Task').textContent()).toBe('Me');

    // "Me" and everyone of the directory are choices, whoever the rows held are assigned to.
    await page.getByTestId('filter-toggle').click();
    await expect.poll(() => page.locator('#filter-assignee option').allTextContents(), ui).toEqual([
      'Anyone',
      'Me',
      expect.stringMatching(/^Alex Kim \([0-9a-f]{6}\)$/),
      expect.stringMatching(/^Alex Kim \([0-9a-f]{6}\)$/),
      'Rita Renamed',
      'Tess Renamed',
    ]);
    await page.locator('#filter-assignee').selectOption({ label: 'Tess Renamed' });
    await page.getByTestId('filter-apply').click();
    const titles = () => page.getByTestId('task-table-row').locator('.cell-primary__name').allTextContents();
    await expect.poll(titles, ui).toEqual(['Tess Task']);
    expect(await page.getByTestId('filter-toggle').textContent()).toBe('2 filters');

    // Kept in a saved view: back from the default tab, the view asks for Tess's tasks again.
    await saveViewAs(page, 'Tess’s tasks');
    await page.locator('[data-testid="view-bar"] [role="tab"]').first().click();
    await expect.poll(titles, ui).toContain('Owned Task');
    await page.getByTestId('saved-view').filter({ hasText: 'Tess’s tasks' }).click();
    await expect.poll(titles, ui).toEqual(['Tess Task']);
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(pageErrors).toEqual([]);
  });
});
