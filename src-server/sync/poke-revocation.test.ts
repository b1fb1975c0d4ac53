// Long-poll poke and device revocation over the real API: a waiting device
// is answered as soon as a commit it may see lands (not for commits it may
// not see, nor for its own pushes), times out with changed: false, and a revoked device gets
// device_revoked on its next request and on a poke it is waiting in.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PokeResponse, protocolVersion, PullRequest, SyncErrorBody } from '../../src-shared/sync/protocol';
import { pullPage } from './pull';
import { startTestServer, type TestServer } from '../testing/test-server';
import { TestDevice } from '../testing/test-device';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ policy: { pokeTimeoutMs: 1500 } });
});
afterAll(async () => {
  await server.close();
});

const poke = (device: TestDevice) =>
  server.client.request('GET', `/v1/poke?cursor=${device.cursor}`, { token: device.enrolled.token, timeoutMs: 10_000 });

describe('poke', () => {
  it('answers changed as soon as a visible commit lands, ignoring invisible ones, and times out otherwise', async () => {
    const userId = await server.createUser();
    const writer = new TestDevice(server.client, await server.enrolDevice(userId));
    const reader = new TestDevice(server.client, await server.enrolDevice(userId));
    const stranger = new TestDevice(server.client, await server.enrolDevice(await server.createUser()));
    await reader.pullAll();

    const quiet = await poke(reader);
    expect(PokeResponse.parse(quiet.json)).toMatchObject({ changed: false });

    const started = Date.now();
    const waiting = poke(reader);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await stranger.push([stranger.upsert('contacts', randomUUID(), { name: 'Not for you' })]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const visible = await writer.push([writer.upsert('contacts', randomUUID(), { name: 'For you' })]);
    const answer = PokeResponse.parse((await waiting).json);
    expect(answer.changed).toBe(true);
    // Woken by the visible commit, not the stranger's earlier one.
    expect(answer.head).toBeGreaterThanOrEqual(visible.commitSeq ?? Number.POSITIVE_INFINITY);
    expect(Date.now() - started).toBeLessThan(1400);
  });

  it('does not wake a device for its own push, which its pull would leave out, and does for another device\'s after it', async () => {
    const userId = await server.createUser();
    const writer = new TestDevice(server.client, await server.enrolDevice(userId));
    const reader = new TestDevice(server.client, await server.enrolDevice(userId));
    await reader.pullAll();
    await reader.push([reader.upsert('contacts', randomUUID(), { name: 'Mine' })]);

    const quiet = PokeResponse.parse((await poke(reader)).json);
    expect(quiet).toMatchObject({ changed: false });
    expect((await reader.pullPage()).changes).toEqual([]);

    const waiting = poke(reader);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await reader.push([reader.upsert('contacts', randomUUID(), { name: 'Mine too' })]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const visible = await writer.push([writer.upsert('contacts', randomUUID(), { name: 'For you' })]);
    const answer = PokeResponse.parse((await waiting).json);
    expect(answer).toEqual({ changed: true, head: visible.commitSeq });
  });
});

describe('revocation', () => {
  it('answers device_revoked to the revoked device only, also while it waits in a poke', async () => {
    const userId = await server.createUser();
    const lost = new TestDevice(server.client, await server.enrolDevice(userId));
    const kept = new TestDevice(server.client, await server.enrolDevice(userId));
    await lost.pullAll();
    const waiting = poke(lost);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const revoke = await server.client.request('POST', '/v1/admin/devices/revoke', { token: server.admin.token, body: { deviceId: lost.enrolled.deviceId } });
    expect(revoke.status).toBe(200);

    const inPoke = await waiting;
    expect(inPoke.status).toBe(403);
    expect(SyncErrorBody.parse(inPoke.json).error.code).toBe('device_revoked');
    const next = await lost.rawPush([lost.upsert('contacts', randomUUID(), { name: 'Too late' })]);
    expect(next.status).toBe(403);
    expect(SyncErrorBody.parse(next.json).error.code).toBe('device_revoked');
    const pull = await lost.rawPull();
    expect(SyncErrorBody.parse(pull.json).error.code).toBe('device_revoked');
    expect((await kept.pullPage()).changes).toBeDefined();
  });

  it('serves no page and no directory to a device revoked after its request was authenticated', async () => {
    const userId = await server.createUser();
    const writer = new TestDevice(server.client, await server.enrolDevice(userId));
    await writer.push([writer.upsert('contacts', randomUUID(), { name: 'Kept from the lost laptop' })]);
    const lost = await server.enrolDevice(userId);
    // The device as authenticate() read it, before the revocation committed.
    const seen = await server.org.store.read((tx) => tx.getDevice(lost.deviceId));
    if (seen === null) throw new Error('device not stored');
    const revoked = await server.client.request('POST', '/v1/admin/devices/revoke', { token: server.admin.token, body: { deviceId: lost.deviceId } });
    expect(revoked.status).toBeLessThan(300);
    const request = PullRequest.parse({ protocolVersion, schemaVersion: 1, deviceId: lost.deviceId, cursor: 0 });
    await expect(pullPage(server.org.ctx, seen, request)).rejects.toMatchObject({ code: 'device_revoked' });
  });
});
