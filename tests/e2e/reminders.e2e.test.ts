// Task reminders in Chromium against the real headless shell and vault: a
// reminder that falls due while the app is open shows as a toast naming the
// task, in the polite region screen readers announce, and its Open goes to
// the task; reminders that fell due while the vault was locked show once
// after unlock, as one "2 reminders" notice, not one toast each; one still
// showing when the vault locks shows again after unlock (unless its task was
// done or given to someone else meanwhile) until it is pressed away; one that
// fell due while no page was open shows once on the page opened next; "Remind
// me in 1 hour" moves a reminder on, with Undo. The tasks are
// written through the page's own IPC socket (as the New task dialog would)
// so their reminder can be seconds away: the dialog's picker counts minutes.
// A reminder after the due time is refused at its field, in the New task
// dialog and on the task's page.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useApp } from './app';
import { localDateTime } from './crm-fixtures';
import { openSection, ui, unlock } from './crm-steps';
import { InjectingRoute } from './injecting-route';

const password = 'a nudge at the right time';

describe('task reminders', () => {
  const route = new InjectingRoute();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password });

  const addTask = async (title: string, inMs: number): Promise<number> => {
    const remindAt = Date.now() + inMs;
    expect(await route.invoke('tasks.create', { title, remindAt, dueAt: remindAt + 3_600_000 })).toMatchObject({ ok: true });
    return remindAt;
  };

  it('shows a reminder when its time comes, announced, and Open goes to the task', async () => {
    const { page } = app;
    await page.getByTestId('today').waitFor(ui);
    const remindAt = await addTask('Call Ms Weber back', 2_000);
    const toast = page.getByTestId('reminder-toast');
    await toast.waitFor(ui);
    expect(Date.now()).toBeGreaterThanOrEqual(remindAt);
    await expect.poll(() => toast.textContent(), ui).toContain('Reminder: Call Ms Weber back');
    // Said through the page's polite announcer (ui/toast-announcer.tsx).
    await expect.poll(() => page.locator('[data-toast-announcer="page"] [role="status"][aria-live="polite"]').textContent(), ui).toContain('Reminder: Call Ms Weber back');
    // It stays until the rep acts on it (well past a plain toast's 3 s and an Undo's 8 s would be too slow to wait: 1 s more shows no clock of its own ran).
    await page.waitForTimeout(1_000);
    expect(await toast.count()).toBe(1);
    expect(await toast.getByTestId('reminder-toast-dismiss').textContent()).toBe('Dismiss');
    await toast.getByTestId('reminder-toast-action').click();
    await page.getByTestId('task-detail').waitFor(ui);
    expect(await page.getByTestId('task-detail').textContent()).toContain('Call Ms Weber back');
    expect(await page.getByTestId('reminder-toast').count()).toBe(0);
  });

  it('shows the reminders that fell due while locked once after unlock, as one notice', async () => {
    const { page } = app;
    const first = await addTask('Visit the plant', 3_000);
    const second = await addTask('Send the contract', 3_500);
    await page.getByTestId('lock-button').click();
    await page.getByTestId('unlock-password').waitFor(ui);
    while (Date.now() < Math.max(first, second) + 500) await page.waitForTimeout(250);
    await unlock(page, password);
    const toast = page.getByTestId('reminder-toast');
    await toast.waitFor(ui);
    await expect.poll(() => toast.textContent(), ui).toContain('2 reminders fell due');
    // No toast per task on top of it, now or a moment later.
    await page.waitForTimeout(1_000);
    expect(await toast.count()).toBe(1);
    await toast.getByTestId('reminder-toast-dismiss').click();
    await toast.waitFor({ state: 'detached', timeout: ui.timeout });
    // Shown once: locking and unlocking again brings nothing back.
    await page.getByTestId('lock-button').click();
    await unlock(page, password);
    // The workspace is back (on the page it locked on), its pushes heard.
    await page.getByTestId('lock-button').waitFor(ui);
    await page.waitForTimeout(1_500);
    expect(await page.getByTestId('reminder-toast').count()).toBe(0);
  });
  it('shows a reminder still showing when the vault locked again after unlock, read anew, unless its task was done or reassigned meanwhile', async () => {
    const { page } = app;
    await page.getByTestId('lock-button').waitFor(ui);
    await addTask('Check the stock levels', 1_500);
    const stock = page.getByTestId('reminder-toast').filter({ hasText: 'Reminder: Check the stock levels' });
    await stock.waitFor(ui);
    const remindAt = Date.now() + 1_500;
    const created = await route.invoke('tasks.create', { title: 'Water the samples', remindAt, dueAt: remindAt + 3_600_000 });
    const id = z.object({ ok: z.literal(true), value: z.object({ id: z.string() }) }).parse(created).value.id;
    await page.getByTestId('reminder-toast').filter({ hasText: 'Reminder: Water the samples' }).waitFor(ui);
    // Done elsewhere (as a sync would bring it) while its toast still shows.
    expect(await route.invoke('tasks.update', { id, patch: { status: 'done' } })).toMatchObject({ ok: true });
    // And one given to a teammate meanwhile (as a sync would bring it): not the user's to be reminded of.
    const labelsAt = Date.now() + 1_500;
    const labels = await route.invoke('tasks.create', { title: 'Print the labels', remindAt: labelsAt, dueAt: labelsAt + 3_600_000 });
    const labelsId = z.object({ ok: z.literal(true), value: z.object({ id: z.string() }) }).parse(labels).value.id;
    await page.getByTestId('reminder-toast').filter({ hasText: 'Reminder: Print the labels' }).waitFor(ui);
    expect(await route.invoke('tasks.update', { id: labelsId, patch: { assigneeId: 'user-teammate' } })).toMatchObject({ ok: true });

    // Locked as the idle timer locks it: by the main process, the page hearing vault.didLock.
    expect(await route.invoke('vault.lock', {})).toMatchObject({ ok: true });
    await page.getByTestId('unlock-password').waitFor(ui);
    expect(await page.getByTestId('reminder-toast').count()).toBe(0);
    await unlock(page, password);
    await stock.waitFor(ui);
    await page.waitForTimeout(1_000);
    expect(await page.getByTestId('reminder-toast').count()).toBe(1);
    expect(await page.getByTestId('reminder-toast').textContent()).toContain('Check the stock levels');

    // Pressed away, it stays away.
    await stock.getByTestId('reminder-toast-dismiss').click();
    await stock.waitFor({ state: 'detached', timeout: ui.timeout });
    await page.getByTestId('lock-button').click();
    await unlock(page, password);
    await page.getByTestId('lock-button').waitFor(ui);
    await page.waitForTimeout(1_500);
    expect(await page.getByTestId('reminder-toast').count()).toBe(0);
  });

  it('keeps a reminder that falls due while no page is open for the page that opens next, shown once', async () => {
    const { page, shell } = app;
    await page.getByTestId('lock-button').waitFor(ui);
    const remindAt = await addTask('Book the hotel in Lyon', 2_500);
    // The page goes (as while it reloads, or with every window closed): its socket closes, no page listens.
    await page.goto('about:blank');
    while (Date.now() < remindAt + 1_000) await page.waitForTimeout(250);
    // The vault stayed unlocked; the page that opens next hears what fell due meanwhile.
    await page.goto(shell.url);
    const toast = page.getByTestId('reminder-toast');
    await toast.waitFor(ui);
    await expect.poll(() => toast.textContent(), ui).toContain('Reminder: Book the hotel in Lyon');
    await page.waitForTimeout(1_000);
    expect(await toast.count()).toBe(1);
    // Once: a reload (a page attaching again) brings it back no more.
    await page.reload();
    await page.getByTestId('lock-button').waitFor(ui);
    await page.waitForTimeout(1_500);
    expect(await page.getByTestId('reminder-toast').count()).toBe(0);
  });

  it('moves a reminder an hour on with "Remind me in 1 hour", with Undo, to the due time when that is sooner, and snoozes no task done since', async () => {
    const { page } = app;
    await page.getByTestId('lock-button').waitFor(ui);
    const remindAt = Date.now() + 2_000;
    // Due after today (one due today is listed under Due today, not Reminders).
    const created = await route.invoke('tasks.create', { title: 'Chase the quote', remindAt, dueAt: remindAt + 30 * 3_600_000 });
    const id = z.object({ ok: z.literal(true), value: z.object({ id: z.string() }) }).parse(created).value.id;
    const remindAtNow = async () => z.object({ ok: z.literal(true), value: z.object({ task: z.object({ remindAt: z.number().nullable() }) }) }).parse(await route.invoke('tasks.get', { id })).value.task.remindAt;

    const toast = page.getByTestId('reminder-toast').filter({ hasText: 'Chase the quote' });
    await toast.waitFor(ui);
    // Today lists the reminder; a snooze from the toast moves it there too (it kept the old time until a reload).
    await openSection(page, 'tasks');
    await openSection(page, 'today');
    const todayReminder = page.getByTestId('today-reminders').getByTestId('today-task').filter({ hasText: 'Chase the quote' }).locator('.today-task__when');
    // Its time, or "tomorrow" when an hour on is past midnight (it then leaves today's reminders).
    const shownReminder = async () => ((await todayReminder.count()) === 0 ? 'not listed today' : ((await todayReminder.textContent()) ?? ''));
    await todayReminder.waitFor(ui);
    expect(await todayReminder.textContent()).not.toMatch(/in (1 hour|59 minutes|60 minutes)/);
    const snooze = toast.getByTestId('reminder-toast-secondary');
    expect(await snooze.textContent()).toBe('Remind me in 1 hour');
    const pressed = Date.now();
    await snooze.click();
    const snoozed = page.getByTestId('reminder-snoozed');
    await snoozed.waitFor(ui);
    expect(await snoozed.textContent()).toMatch(/^I’ll remind you again at \d{1,2}:\d{2}/);
    expect(await toast.count()).toBe(0);
    const moved = (await remindAtNow()) ?? 0;
    expect(moved).toBeGreaterThanOrEqual(pressed + 3_600_000);
    expect(moved).toBeLessThanOrEqual(Date.now() + 3_600_000);
    await expect.poll(shownReminder, ui).toMatch(/in (1 hour|59 minutes|60 minutes)|not listed today/);

    await snoozed.getByTestId('reminder-snoozed-action').click();
    await page.getByTestId('reminder-snooze-undone').waitFor(ui);
    expect(await remindAtNow()).toBe(remindAt);
    await expect.poll(shownReminder, ui).not.toMatch(/in (1 hour|59 minutes|60 minutes)|not listed today/);
    // The reminder back is due already: its notice shows again (reminder-snooze-undo.e2e); dismissed, it leaves room.
    await toast.getByTestId('reminder-toast-dismiss').click();
    await toast.waitFor({ state: 'detached', timeout: ui.timeout });

    // Due within the hour: the reminder moves to the due time (past it, it was refused and the reminder was gone).
    const tight = Date.now() + 2_000;
    const tightId = z.object({ ok: z.literal(true), value: z.object({ id: z.string() }) }).parse(
      await route.invoke('tasks.create', { title: 'Sign before noon', remindAt: tight, dueAt: tight + 10 * 60_000 }),
    ).value.id;
    const tightToast = page.getByTestId('reminder-toast').filter({ hasText: 'Sign before noon' });
    await tightToast.waitFor(ui);
    await tightToast.getByTestId('reminder-toast-secondary').click();
    await page.getByTestId('reminder-snoozed').filter({ hasText: 'again at' }).last().waitFor(ui);
    const tightTask = z.object({ ok: z.literal(true), value: z.object({ task: z.object({ remindAt: z.number().nullable() }) }) }).parse(
      await route.invoke('tasks.get', { id: tightId }),
    );
    expect(tightTask.value.task.remindAt).toBe(tight + 10 * 60_000);

    // Past its due time: refused in words about the due time (before: the schema's "Invalid input (patch.remindAt: …)"),
    // and the reminder shows again without the snooze that cannot work.
    const overdue = Date.now() + 1_500;
    expect(await route.invoke('tasks.create', { title: 'File the expenses', remindAt: overdue, dueAt: overdue })).toMatchObject({ ok: true });
    const overdueToast = page.getByTestId('reminder-toast').filter({ hasText: 'File the expenses' });
    await overdueToast.waitFor(ui);
    while (Date.now() <= overdue) await page.waitForTimeout(100);
    await overdueToast.getByTestId('reminder-toast-secondary').click();
    const pastDue = page.getByTestId('reminder-snooze-past-due');
    await pastDue.waitFor(ui);
    expect(await pastDue.textContent()).toMatch(/^This task was due at .+: a reminder cannot come later\. Change its due time to be reminded again\.$/);
    expect(await page.getByTestId('reminder-snooze-failed').count()).toBe(0);
    await overdueToast.waitFor(ui);
    expect(await overdueToast.getByTestId('reminder-toast-secondary').count()).toBe(0);
    await overdueToast.getByTestId('reminder-toast-dismiss').click();

    // Done since the toast showed (on another page, or by sync): not snoozed, and said so.
    const doneAt = Date.now() + 1_500;
    const doneId = z.object({ ok: z.literal(true), value: z.object({ id: z.string() }) }).parse(
      await route.invoke('tasks.create', { title: 'Return the samples', remindAt: doneAt, dueAt: doneAt + 3 * 3_600_000 }),
    ).value.id;
    const doneToast = page.getByTestId('reminder-toast').filter({ hasText: 'Return the samples' });
    await doneToast.waitFor(ui);
    expect(await route.invoke('tasks.update', { id: doneId, patch: { status: 'done' } })).toMatchObject({ ok: true });
    await doneToast.getByTestId('reminder-toast-secondary').click();
    await page.getByTestId('reminder-snooze-gone').waitFor(ui);

    // The task not read for another reason (the vault busy): said as it is, and the reminder shows again.
    const busyAt = Date.now() + 1_500;
    expect(await route.invoke('tasks.create', { title: 'Book the venue', remindAt: busyAt, dueAt: busyAt + 3 * 3_600_000 })).toMatchObject({ ok: true });
    const busyToast = page.getByTestId('reminder-toast').filter({ hasText: 'Book the venue' });
    await busyToast.waitFor(ui);
    const goneBefore = await page.getByTestId('reminder-snooze-gone').count();
    route.failing.set('tasks.get', { code: 'BUSY', message: 'FieldVault is busy. Try again in a moment.' });
    await busyToast.getByTestId('reminder-toast-secondary').click();
    await expect.poll(() => page.getByTestId('reminder-snooze-failed').last().textContent(), ui).toBe('FieldVault is busy. Try again in a moment.');
    route.failing.clear();
    await busyToast.getByTestId('reminder-toast-secondary').waitFor(ui);
    expect(await page.getByTestId('reminder-snooze-gone').count()).toBeLessThanOrEqual(goneBefore);
    await busyToast.getByTestId('reminder-toast-secondary').click();
    await page.getByTestId('reminder-snoozed').filter({ hasText: 'again at' }).last().waitFor(ui);
    const doneTask = z.object({ ok: z.literal(true), value: z.object({ task: z.object({ remindAt: z.number().nullable() }) }) }).parse(
      await route.invoke('tasks.get', { id: doneId }),
    );
    expect(doneTask.value.task.remindAt).toBe(doneAt);
  });

  it('refuses a reminder after the due time at the field, on create and on edit', async () => {
    const { page } = app;
    const late = 'The reminder must not be after the due time';
    await openSection(page, 'tasks');
    await page.getByTestId('list-new').click();
    const dialog = page.getByTestId('new-task');
    await dialog.getByTestId('field-title').fill('Renew the maintenance contract');
    await dialog.getByTestId('field-dueAt').fill(localDateTime(1, 9));
    await dialog.getByTestId('field-remindAt').fill(localDateTime(1, 10));
    await dialog.getByTestId('new-task-submit').click();
    await dialog.getByTestId('field-remindAt-error').waitFor(ui);
    expect(await dialog.getByTestId('field-remindAt-error').textContent()).toBe(late);
    expect(await dialog.getByTestId('field-remindAt').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByTestId('field-remindAt').fill(localDateTime(1, 8));
    await dialog.getByTestId('new-task-submit').click();
    await dialog.waitFor({ state: 'detached', timeout: ui.timeout });
    await page.getByTestId('task-detail').waitFor(ui);
    // Moving the due time before the reminder is refused the same way, and nothing is saved.
    const calls = route.calls.length;
    await page.getByTestId('inline-dueAt-edit').click();
    const editor = page.getByTestId('inline-dueAt-input');
    await editor.fill(localDateTime(1, 7));
    await editor.press('Enter');
    await expect.poll(() => page.getByTestId('task-detail').getByText(late).count(), ui).toBe(1);
    expect(route.calls.slice(calls)).not.toContain('tasks.update');
  });

  it('shows the reminder again when its Open is kept from leaving a page with unsaved typing', async () => {
    const { page } = app;
    // The due time the test before left refused and typed: given up first.
    if ((await page.getByTestId('inline-dueAt-input').count()) > 0) await page.getByTestId('inline-dueAt-input').press('Escape');
    // Typing not saved yet: the title of a task's page.
    await openSection(page, 'tasks');
    await page.getByTestId('task-table-row').first().click();
    await page.getByTestId('task-detail').waitFor(ui);
    await page.getByTestId('inline-title-edit').click();
    await page.getByTestId('inline-title-input').fill('A title being typed');
    await addTask('Ring the courier', 1_500);
    const toast = page.getByTestId('reminder-toast').filter({ hasText: 'Ring the courier' });
    await toast.waitFor(ui);
    await toast.getByTestId('reminder-toast-action').click();
    await page.getByTestId('discard-changes-keep').click();
    // Before, the notice was gone for good though the task was never opened (only Today still listed it).
    await toast.waitFor(ui);
    expect(await page.getByTestId('inline-title-input').inputValue()).toBe('A title being typed');
    await page.getByTestId('inline-title-input').press('Escape');
    await toast.getByTestId('reminder-toast-action').click();
    await page.getByTestId('task-detail').filter({ hasText: 'Ring the courier' }).waitFor(ui);
    expect(await toast.count()).toBe(0);
  });
});
