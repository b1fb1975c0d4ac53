// The user directory reaches a real desktop core (real SQLCipher vault, real
// keychain) from the real sync server over TLS: after a sync the device can
// name its own user and the members of its teams and territories, nobody
// else; a rename and a teammate leaving reach it at the next sync; the names
// are in the encrypted vault only, never in the log.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSyncClient, type SyncClient } from '../support/sync-client';
import { enrolmentCode, setMemberships, startTestServer, type TestServer } from '../support/sync-server';

describe('user directory on the device', () => {
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

  async function rename(userId: string, displayName: string): Promise<void> {
    const answer = await server.client.request('POST', '/v1/admin/users/rename', { token: server.admin.token, body: { userId, displayName } });
    expect(answer.status).toBe(200);
  }

  const people = async () => Object.fromEntries((await client.call('session.user', {})).people.map((person) => [person.userId, person.displayName]));

  it('knows its teammates’ names and not others’, and follows renames and leavers', async () => {
    const manager = await server.createUser('Mona Manager');
    const rita = await server.createUser('Rita Rep');
    const tom = await server.createUser('Tom Territory');
    const sam = await server.createUser('Sam Stranger');
    await setMemberships(server, manager, ['team-east'], ['north']);
    await setMemberships(server, rita, ['team-east']);
    await setMemberships(server, tom, [], ['north']);
    await setMemberships(server, sam, ['team-west'], ['south']);

    expect(await people()).toEqual({});
    await client.call('sync.enrol', { serverUrl: server.url, caCertificatePem: server.caPem, enrolmentCode: await enrolmentCode(server, manager) });
    await client.core.sync.idle(); // enrol answers once the first sync has started
    expect(await people()).toEqual({ [manager]: 'Mona Manager', [rita]: 'Rita Rep', [tom]: 'Tom Territory' });
    const directoryEvents = () => client.events.filter((event) => event.name === 'sync.didApplyChanges' && JSON.stringify(event.payload).includes('"people":true')).length;
    const afterEnrol = directoryEvents();
    expect(afterEnrol).toBe(1);

    // Nothing changed: a sync fetches nothing and announces nothing.
    await client.call('sync.now', {});
    expect(directoryEvents()).toBe(afterEnrol);

    await rename(rita, 'Rita Renamed');
    await setMemberships(server, tom, [], []);
    const status = await client.call('sync.now', {});
    expect(status.lastError).toBeNull();
    expect(await people()).toEqual({ [manager]: 'Mona Manager', [rita]: 'Rita Renamed' });
    expect(directoryEvents()).toBe(afterEnrol + 1);

    // Colleagues' names are personal data: in the encrypted vault, never in the log.
    expect(await client.rawContains('Rita Renamed')).toBe(true);
    for (const name of ['Mona Manager', 'Rita Rep', 'Rita Renamed', 'Tom Territory', 'Sam Stranger']) {
      expect(client.logLines.some((line) => line.includes(name))).toBe(false);
    }
  });
});
