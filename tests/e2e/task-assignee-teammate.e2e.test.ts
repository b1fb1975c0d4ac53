// A task a manager owns and assigns to this user, in Chromium against the real
// headless shell and vault and a real TLS sync server: its assignee may set its
// status and move its reminder (assigneeWritableTaskFields), so Today's
// checkbox ticks it done, its reminder's "Remind me in 1 hour" moves it, and
// its page offers Mark done and those two fields, with a notice saying so,
// while the rest stays read-only; both reach the manager's device. Before,
// each was refused: "This record belongs to a teammate…". A teammate's task
// assigned to someone else shows a disabled Done checkbox, saying why, in the
// Tasks list and on its contact's page (before, it was offered and failed).
import { z } from 'zod';
import { beforeAll, describe, expect, it } from 'vitest';
import { uuid7 } from '../../src-main/vault/uuid7';
import { contactValues, setMemberships, taskValues, type TestDevice } from '../support/sync-server';
import { useEnrolledConflictSuite, userWithLaptop } from './conflict-steps';
import { accessibleText, openSection, ui } from './crm-steps';
import { call } from './proxied-server';

const hour = 3_600_000;
const TaskAnswer = z.object({ task: z.object({ status: z.string(), remindAt: z.number().nullable(), title: z.string() }), assignedToYou: z.literal(true).optional() });

describe('a teammate’s task assigned to this user', () => {
  let userId: string;
  const suite = useEnrolledConflictSuite('assigned by a manager');
  const { sync, route, app } = suite;
  const { pageErrors } = app;
  let mia: { readonly userId: string; readonly laptop: TestDevice };

  beforeAll(async () => {
    ({ userId } = suite.enrolled());
    mia = await userWithLaptop(sync, 'Mia Manager');
    await setMemberships(sync.server, mia.userId, ['team-east']);
    await setMemberships(sync.server, userId, ['team-east']);
  });

  const stored = async (id: string) => TaskAnswer.parse(await call(route, 'tasks.get', { id }));
  const onMiasDevice = async (id: string, field: string) => {
    await mia.laptop.pullAll();
    return mia.laptop.replica.get(`tasks/${id}`)?.get(field);
  };

  it('ticks done on Today, snoozes from its reminder and marks done on its page, and the manager receives each', async () => {
    const { page } = app;
    const overdueId = uuid7();
    const remindedId = uuid7();
    const remindAt = Date.now() + 6_000;
    await mia.laptop.push([
      mia.laptop.upsert('tasks', overdueId, taskValues(mia.userId, { title: 'Mia’s site visit', assigneeId: userId, dueAt: Date.now() - hour })),
      // Due after today, so Today lists it under Reminders.
      mia.laptop.upsert('tasks', remindedId, taskValues(mia.userId, { title: 'Mia’s price check', assigneeId: userId, remindAt, dueAt: remindAt + 30 * hour })),
    ]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 0 });
    expect(await call(route, 'tasks.get', { id: overdueId })).toMatchObject({ ownedByTeammate: true, assignedToYou: true });

    // Today's checkbox.
    await openSection(page, 'tasks');
    await openSection(page, 'today');
    const row = page.getByTestId('today-overdue').locator(`[data-task-id="${overdueId}"]`);
    await row.waitFor(ui);
    await row.getByRole('checkbox').click();
    await page.getByTestId('task-done-toast').waitFor(ui);
    expect(await page.getByTestId('task-status-failed').count()).toBe(0);
    expect((await stored(overdueId)).task.status).toBe('done');

    // The reminder's snooze.
    const toast = page.getByTestId('reminder-toast').filter({ hasText: 'Mia’s price check' });
    await toast.waitFor(ui);
    const pressed = Date.now();
    await toast.getByTestId('reminder-toast-secondary').click();
    await page.getByTestId('reminder-snoozed').waitFor(ui);
    expect(await page.getByTestId('reminder-snooze-failed').count()).toBe(0);
    const snoozed = (await stored(remindedId)).task.remindAt ?? 0;
    expect(snoozed).toBeGreaterThanOrEqual(pressed + hour);

    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 0 });
    expect(await onMiasDevice(overdueId, 'status')).toBe('done');
    expect(await onMiasDevice(remindedId, 'remindAt')).toBe(snoozed);

    // Its page: Mark done and the status and reminder fields, nothing else, and no Delete.
    await page.getByTestId('today-reminders').getByRole('button', { name: 'Mia’s price check' }).click(ui);
    const detail = page.getByTestId('task-detail');
    await expect.poll(() => detail.getByTestId('teammate-notice').textContent(), ui).toBe(
      'This task belongs to a teammate. As its assignee, you can change its status and reminder; only its owner can change the rest.',
    );
    const pencil = (field: string) => detail.locator(`[data-field="${field}"] .inline-field__pencil`);
    await pencil('status').waitFor(ui);
    expect(await pencil('remindAt').count()).toBe(1);
    expect(await detail.getByTestId('fields-card').locator('.inline-field__pencil').count()).toBe(2);
    expect(await detail.getByTestId('detail-delete').count()).toBe(0);
    await detail.getByTestId('task-mark-done').click();
    await expect.poll(async () => (await stored(remindedId)).task.status, ui).toBe('done');
    expect(await route.invoke('tasks.update', { id: remindedId, patch: { title: 'Checked' } })).toMatchObject({
      ok: false,
      error: { code: 'NOT_PERMITTED', reason: { code: 'not_owner', entity: 'tasks' } },
    });
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 0 });
    expect(await onMiasDevice(remindedId, 'status')).toBe('done');
    expect(await onMiasDevice(remindedId, 'title')).toBe('Mia’s price check');
    expect(pageErrors).toEqual([]);
  });

  it('offers no Done checkbox on a teammate’s task assigned to someone else, in the Tasks list and on its contact’s page', async () => {
    const { page } = app;
    const [contactId, theirsId, mineId] = [uuid7(), uuid7(), uuid7()];
    await mia.laptop.push([
      mia.laptop.upsert('contacts', contactId, contactValues(mia.userId, { name: 'Mia’s depot contact' })),
      mia.laptop.upsert('tasks', theirsId, taskValues(mia.userId, { title: 'Mia’s own follow-up', contactId })),
      mia.laptop.upsert('tasks', mineId, taskValues(mia.userId, { title: 'Mia’s call for you', assigneeId: userId, contactId })),
    ]);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 0 });
    const why = 'This task belongs to a teammate. Only its owner or its assignee can mark it done.';

    await openSection(page, 'tasks');
    const rowOf = (title: string) => page.getByTestId('task-table-row').filter({ hasText: title });
    await rowOf('Mia’s own follow-up').waitFor(ui);
    const locked = rowOf('Mia’s own follow-up').getByTestId('task-list-done');
    expect(await locked.isDisabled()).toBe(true);
    expect(await locked.getAttribute('title')).toBe(why);
    expect(await rowOf('Mia’s call for you').getByTestId('task-list-done').isDisabled()).toBe(false);
    await rowOf('Mia’s own follow-up').evaluate((row) => row.setAttribute('data-locked-row', ''));
    expect(await accessibleText(page, '[data-locked-row] [data-testid="task-list-done"]')).toEqual({ name: 'Mark done: Mia’s own follow-up', description: why });

    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Mia’s depot contact' }).click();
    const card = page.getByTestId('related-tasks');
    await card.getByText('Mia’s own follow-up').waitFor(ui);
    const checks = card.getByTestId('task-done');
    await expect.poll(() => checks.count(), ui).toBe(2);
    const disabled = await checks.evaluateAll((boxes) => boxes.map((box) => [box.getAttribute('aria-label'), box instanceof HTMLInputElement && box.disabled]));
    expect(Object.fromEntries(disabled)).toEqual({ 'Mark done: Mia’s own follow-up': true, 'Mark done: Mia’s call for you': false });
    expect((await stored(theirsId)).task.status).toBe('open');
    expect(pageErrors).toEqual([]);
  });
});
