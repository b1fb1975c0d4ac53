// An enrolment makes the server's user the vault's user (enrolment.ts
// storeEnrolment): a task already assigned to that user becomes one of "my"
// tasks, and its reminder must come when its time does. The core checked the
// reminders again after CRM writes and sync cycles, not after sync.enrol, so
// the scheduler kept the timer it had armed for the local owner (none here)
// and the reminder waited for the next unrelated write or the 15-minute
// recheck. A real desktop core (vault, keychain) and the real sync server.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSyncClient, type SyncClient } from '../support/sync-client';
import { enrolmentCode, startTestServer, type TestServer } from '../support/sync-server';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('reminders after an enrolment', () => {
  let server: TestServer;
  let client: SyncClient;

  beforeEach(async () => {
    server = await startTestServer();
    client = await startSyncClient();
  });

  afterEach(async () => {
    await client.dispose();
    await server.close();
  });

  it("come for a task the enrolment made the user's", async () => {
    const userId = await server.createUser('Rep');
    const detach = client.core.events.attachPage();
    const reminded = () => client.events.filter((event) => event.name === 'tasks.didRemind');
    // Not the local owner's before the enrolment: the check after this write arms no timer for it.
    const remindAt = Date.now() + 6_000;
    await client.call('tasks.create', { title: 'Call the buyer', assigneeId: userId, remindAt, dueAt: remindAt + 86_400_000 });
    await pause(1_000); // that check has run
    await client.call('sync.enrol', { serverUrl: server.url, caCertificatePem: server.caPem, enrolmentCode: await enrolmentCode(server, userId) });
    await client.core.sync.idle(); // enrol answers once the first sync has started
    expect(reminded()).toEqual([]);
    await expect.poll(() => reminded().length, { timeout: 15_000, interval: 200 }).toBe(1);
    expect(reminded()[0]?.payload).toMatchObject({ total: 1, tasks: [{ title: 'Call the buyer' }] });
    detach();
  });
});
