// The device fetches the user directory page by page (keyset pages by user
// id) from the real sync server over TLS into a real SQLCipher vault, and
// replaces its copy with all the pages at once; a directory that changes
// between two pages (a rename) makes it start again, so the stored copy is
// always one version's whole list, never half of one and half of another.
// Only a change of the people or their names counts as a change (the engine
// then tells the UI); a new version of the same list is stored quietly.
// A server from before paging answers the whole list without `next`: one page.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsersResponse } from '../../src-shared/sync/protocol';
import { listDirectory, refreshDirectory, storedDirectoryVersion } from '../../src-main/sync/directory';
import { SyncSession } from '../../src-main/sync/session';
import { type DirectoryPageRequest, HttpSyncApi, type SyncApi } from '../../src-main/sync/sync-api';
import { countingHooks, createSyncTestVault, type SyncTestVault } from '../../src-main/sync/testing/sync-vault';
import { latestVersion } from '../../src-main/vault/migrations/index';
import { setMemberships, startTestServer, type TestServer } from '../support/sync-server';

describe('user directory pages on the device', () => {
  let server: TestServer;
  let vault: SyncTestVault;
  let http: HttpSyncApi;
  let manager = '';
  let token = '';
  const names = ['Ada', 'Bo', 'Cy', 'Di', 'Ed', 'Flo'];

  beforeEach(async () => {
    server = await startTestServer();
    vault = await createSyncTestVault();
    manager = await server.createUser('Max Manager');
    await setMemberships(server, manager, ['team-pages']);
    for (const name of names) await setMemberships(server, await server.createUser(name), ['team-pages']);
    const enrolled = await server.enrolDevice(manager);
    token = enrolled.token;
    http = new HttpSyncApi({ serverUrl: server.url, caPem: server.caPem, deviceId: enrolled.deviceId, deviceToken: enrolled.token }, latestVersion);
  });

  afterEach(async () => {
    http.close();
    await vault.dispose();
    await server.close();
  });

  /** The whole directory as the server has it now (asked without a limit, as a client from before paging). */
  async function serverDirectory(): Promise<UsersResponse> {
    const answer = await server.client.request('GET', '/v1/users', { token });
    expect(answer.status).toBe(200);
    return UsersResponse.parse(answer.json);
  }

  /** The real API, with each page asked for recorded, and a hook before a request goes out. */
  function recording(asked: DirectoryPageRequest[], before: (request: number) => Promise<void> = () => Promise.resolve()): SyncApi {
    return {
      push: (operations, signal) => http.push(operations, signal),
      pull: (cursor, resume, limit, signal) => http.pull(cursor, resume, limit, signal),
      ack: (purged, signal) => http.ack(purged, signal),
      poke: (cursor, directoryVersion, signal) => http.poke(cursor, directoryVersion, signal),
      async users(page, signal) {
        await before(asked.length);
        asked.push(page);
        return http.users(page, signal);
      },
      close: () => undefined,
    };
  }

  const sessionOn = (api: SyncApi) => new SyncSession({ api, connection: () => vault.connection, hooks: countingHooks(), log: vault.log, now: Date.now });

  it('follows the pages and stores them all, with the version they name', async () => {
    const whole = await serverDirectory();
    expect(whole.users).toHaveLength(7);
    const asked: DirectoryPageRequest[] = [];
    expect(await refreshDirectory(sessionOn(recording(asked)), whole.version, new AbortController().signal, 3)).toBe(true);
    const ids = whole.users.map((user) => user.userId);
    expect(asked).toEqual([
      { after: null, limit: 3 },
      { after: ids[2], limit: 3 },
      { after: ids[5], limit: 3 },
    ]);
    expect(await vault.connection.read(listDirectory)).toEqual(whole.users);
    expect(await vault.connection.read(storedDirectoryVersion)).toBe(whole.version);
  });

  it('stores a new version of the same list but reports no change, and reports a rename', async () => {
    const signal = new AbortController().signal;
    const whole = await serverDirectory();
    expect(await refreshDirectory(sessionOn(recording([])), whole.version, signal, 3)).toBe(true);
    // The server's version moves while the list this device sees does not (a change it cannot see, another way of naming versions).
    const asked: DirectoryPageRequest[] = [];
    const base = recording(asked);
    const moved: SyncApi = { ...base, users: async (page, pageSignal) => ({ ...(await base.users(page, pageSignal)), version: `${whole.version}-moved` }) };
    expect(await refreshDirectory(sessionOn(moved), `${whole.version}-moved`, signal, 3)).toBe(false);
    expect(asked).toHaveLength(3);
    expect(await vault.connection.read(listDirectory)).toEqual(whole.users);
    // The new version is stored: the next sync fetches nothing.
    expect(await vault.connection.read(storedDirectoryVersion)).toBe(`${whole.version}-moved`);
    expect(await refreshDirectory(sessionOn(moved), `${whole.version}-moved`, signal, 3)).toBe(false);
    expect(asked).toHaveLength(3);

    const renamed = whole.users[1]?.userId ?? '';
    const answer = await server.client.request('POST', '/v1/admin/users/rename', { token: server.admin.token, body: { userId: renamed, displayName: 'Bo Renamed' } });
    expect(answer.status).toBe(200);
    const after = await serverDirectory();
    expect(await refreshDirectory(sessionOn(recording([])), after.version, signal, 3)).toBe(true);
    expect(await vault.connection.read(listDirectory)).toEqual(after.users);
  });

  it('takes the one answer of a server from before paging (whole list, no next) as the only page', async () => {
    const asked: DirectoryPageRequest[] = [];
    const beforePaging: SyncApi = {
      ...recording(asked),
      // Such a server ignores the query and answers the whole list, without `next`.
      async users(page) {
        asked.push(page);
        const answer = await server.client.request('GET', '/v1/users', { token });
        const { next, ...json } = UsersResponse.parse(answer.json);
        expect(next).toBeNull();
        return UsersResponse.parse(json);
      },
    };
    const whole = await serverDirectory();
    expect(await refreshDirectory(sessionOn(beforePaging), whole.version, new AbortController().signal, 3)).toBe(true);
    expect(asked).toEqual([{ after: null, limit: 3 }]);
    expect(await vault.connection.read(listDirectory)).toEqual(whole.users);
  });

  it('starts again when the directory changes between two pages, and stores the new version whole', async () => {
    const before = await serverDirectory();
    const renamed = before.users[4]?.userId ?? '';
    const asked: DirectoryPageRequest[] = [];
    const api = recording(asked, async (request) => {
      // Between the first and the second page: an admin renames someone on a later page.
      if (request !== 1) return;
      const answer = await server.client.request('POST', '/v1/admin/users/rename', { token: server.admin.token, body: { userId: renamed, displayName: 'Ed Renamed' } });
      expect(answer.status).toBe(200);
    });
    expect(await refreshDirectory(sessionOn(api), before.version, new AbortController().signal, 3)).toBe(true);
    const after = await serverDirectory();
    expect(after.version).not.toBe(before.version);
    // The first fetch stopped at its second page; the second one read all three.
    expect(asked.map((page) => page.after)).toEqual([null, before.users[2]?.userId, null, after.users[2]?.userId, after.users[5]?.userId]);
    expect(await vault.connection.read(listDirectory)).toEqual(after.users);
    expect(Object.fromEntries((await vault.connection.read(listDirectory)).map((user) => [user.userId, user.displayName]))[renamed]).toBe('Ed Renamed');
    expect(await vault.connection.read(storedDirectoryVersion)).toBe(after.version);
  });
});
