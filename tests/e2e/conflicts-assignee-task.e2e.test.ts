// The conflict review of a teammate's task assigned to this user, in Chromium
// against the real headless shell and vault and a real TLS sync server (a
// proxy in between). An administrator gives the task to a teammate before
// this device hears of it, and the device marks it done and renames it in one
// edit: the server refuses both. Its status is still the assignee's to set
// (src-shared assigneeMayWrite), so Keep mine is offered for it, written,
// pushed and taken by the server; the title offers only the server's value.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { protocolDevice, reassign, setMemberships } from '../support/sync-server';
import { useEnrolledConflictSuite } from './conflict-steps';
import { ui } from './crm-steps';
import { call, createdId } from './proxied-server';

describe('sync conflicts of a teammate’s task assigned to this user', () => {
  let userId: string;
  let page: Page;
  const suite = useEnrolledConflictSuite('conflicts of an assigned task');
  const { sync, route, app, closeConflictsAfterTest } = suite;

  beforeAll(() => {
    ({ page } = app);
    ({ userId } = suite.enrolled());
  });

  it('offers Keep mine of its refused status, which the server then takes, and only the server’s title', async () => {
    const tess = await sync.server.createUser('Tess Teammate');
    await setMemberships(sync.server, tess, ['team-east']);
    await setMemberships(sync.server, userId, ['team-east']);
    const taskId = await createdId(route, 'tasks.create', { title: 'Call the buyer' });
    closeConflictsAfterTest(taskId);
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 0 });
    await reassign(sync.server, { entity: 'tasks', recordId: taskId }, tess, 'team-east');
    await call(route, 'tasks.update', { id: taskId, patch: { status: 'done', title: 'Called the buyer' } });
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 2 });
    expect(await call(route, 'tasks.get', { id: taskId })).toMatchObject({ ownedByTeammate: true, assignedToYou: true, task: { status: 'open' } });

    await expect.poll(() => page.getByTestId('sync-review-count').textContent(), ui).toBe('2');
    await page.getByTestId('sync-status').click();
    await page.getByTestId('sync-details-review').click();
    const review = page.getByTestId('conflicts-page');
    const status = review.locator('[data-testid="conflict-item"][data-field="status"]');
    const title = review.locator('[data-testid="conflict-item"][data-field="title"]');
    await status.getByTestId('conflict-keep-local').waitFor(ui);
    await title.getByTestId('conflict-keep-remote').waitFor(ui);
    expect(await title.getByTestId('conflict-keep-local').count()).toBe(0);

    await status.getByTestId('conflict-keep-local').click();
    await expect.poll(() => status.count(), ui).toBe(0);
    await expect.poll(async () => ((await call(route, 'tasks.get', { id: taskId })) as { task: { status: string } }).task.status, ui).toBe('done');
    expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 1 });
    const tessLaptop = await protocolDevice(sync.server, tess);
    await tessLaptop.pullAll();
    expect(tessLaptop.replica.get(`tasks/${taskId}`)?.get('status')).toBe('done');
    expect(tessLaptop.replica.get(`tasks/${taskId}`)?.get('title')).toBe('Call the buyer');
    expect(app.pageErrors).toEqual([]);
  });
});
