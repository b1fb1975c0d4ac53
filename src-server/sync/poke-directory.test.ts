// The poke and the user directory over the real API: a device that names the
// directory version it holds (header x-fieldvault-directory) is woken when
// the directory it may see changes (a teammate renamed or joining), not when
// someone outside it is renamed, and at once when the version it names is
// already stale. A device that names none (a client from before) is woken by
// commits it may see only, as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directoryHeader, PokeResponse, SyncErrorBody, UsersResponse } from '../../src-shared/sync/protocol';
import type { HttpAnswer } from '../testing/https-client';
import { TestDevice } from '../testing/test-device';
import { startTestServer, type TestServer } from '../testing/test-server';

const pokeTimeoutMs = 3000;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ policy: { pokeTimeoutMs } });
});
afterAll(async () => {
  await server.close();
});

async function admin(path: string, body: unknown): Promise<void> {
  const answer = await server.client.request('POST', path, { token: server.admin.token, body });
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
}

const rename = (userId: string, displayName: string) => admin('/v1/admin/users/rename', { userId, displayName });
const setTeams = (userId: string, teamIds: string[]) => admin('/v1/admin/memberships', { userId, teamIds, territoryIds: [] });

function poke(device: TestDevice, directoryVersion: string | null): Promise<HttpAnswer> {
  return device.client.request('GET', `/v1/poke?cursor=${device.cursor}`, {
    token: device.enrolled.token,
    timeoutMs: 10_000,
    ...(directoryVersion === null ? {} : { headers: { [directoryHeader]: directoryVersion } }),
  });
}

async function answered(waiting: Promise<HttpAnswer>): Promise<PokeResponse> {
  const answer = await waiting;
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return PokeResponse.parse(answer.json);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A manager in a team with one rep; a stranger in another team. */
async function team(): Promise<{ device: TestDevice; rep: string; stranger: string; team: string }> {
  const teamId = `team-${Math.random().toString(36).slice(2, 8)}`;
  const manager = await server.createUser('Mona Manager');
  const rep = await server.createUser('Rita Rep');
  const stranger = await server.createUser('Sam Stranger');
  await setTeams(manager, [teamId]);
  await setTeams(rep, [teamId]);
  await setTeams(stranger, [`${teamId}-elsewhere`]);
  const device = new TestDevice(server.client, await server.enrolDevice(manager));
  await device.pullAll();
  expect(device.directoryVersion).not.toBeNull();
  return { device, rep, stranger, team: teamId };
}

describe('poke and the user directory', () => {
  it('wakes a device naming its directory version when a teammate is renamed or joins, not for a stranger’s rename', async () => {
    const { device, rep, stranger, team: teamId } = await team();
    const before = device.directoryVersion;

    const started = Date.now();
    let settled = false;
    const waiting = poke(device, before).finally(() => (settled = true));
    await pause(300);
    await rename(stranger, 'Sam Elsewhere');
    await pause(300);
    expect(settled).toBe(false);
    await rename(rep, 'Rita Renamed');
    const woken = await answered(waiting);
    // A timeout answers changed: false; true is the rename of someone the device may name.
    expect(woken.changed).toBe(true);
    expect(Date.now() - started).toBeLessThan(pokeTimeoutMs - 500);

    // The pull the device makes names the new version, and /v1/users has the new name.
    await device.pullAll();
    expect(device.directoryVersion).not.toBe(before);
    const users = UsersResponse.parse((await server.client.request('GET', '/v1/users', { token: device.enrolled.token })).json);
    expect(users.version).toBe(device.directoryVersion);
    expect(users.users.find((user) => user.userId === rep)?.displayName).toBe('Rita Renamed');

    // A new teammate changes the directory as well.
    const newcomer = await server.createUser('Nina Newcomer');
    const waitingAgain = poke(device, device.directoryVersion);
    await pause(300);
    await setTeams(newcomer, [teamId]);
    expect((await answered(waitingAgain)).changed).toBe(true);
  });

  it('answers at once when the version a device names is no longer its directory’s', async () => {
    const { device, rep } = await team();
    const stale = device.directoryVersion;
    await rename(rep, 'Rita While Away');
    const started = Date.now();
    expect((await answered(poke(device, stale))).changed).toBe(true);
    expect(Date.now() - started).toBeLessThan(pokeTimeoutMs - 500);
  });

  it('leaves a device that names no version (a client from before) to its commits, and refuses a malformed version', async () => {
    const { device, rep } = await team();
    const waiting = poke(device, null);
    await pause(300);
    await rename(rep, 'Rita Unseen');
    expect(await answered(waiting)).toEqual({ changed: false, head: expect.any(Number) as number });

    const malformed = await poke(device, 'v'.repeat(101));
    expect(malformed.status).toBe(400);
    expect(SyncErrorBody.parse(malformed.json).error).toMatchObject({ code: 'bad_request', message: 'The request headers are not valid: x-fieldvault-directory: too_big' });
    // An empty cursor was read as 0, and a poke from 0 answers at once: the device poked in a loop.
    for (const cursor of ['-1', '', '1e3']) {
      const badCursor = await device.client.request('GET', `/v1/poke?cursor=${cursor}`, { token: device.enrolled.token, timeoutMs: 10_000 });
      expect(badCursor.status).toBe(400);
      expect(SyncErrorBody.parse(badCursor.json).error).toMatchObject({ code: 'bad_request', message: 'The request query is not valid: cursor: invalid_format' });
    }
  });
});
