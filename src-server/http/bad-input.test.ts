// Bad input against the real HTTPS server: each request gets a typed 4xx
// SyncErrorBody and writes nothing (the commit head does not move and no
// record appears).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateEnrolmentCodeResponse } from '../../src-shared/sync/admin-protocol';
import { EnrolResponse, maxPushBodyBytes, protocolVersion, SyncErrorBody } from '../../src-shared/sync/protocol';
import { TestDevice } from '../testing/test-device';
import type { HttpAnswer } from '../testing/https-client';
import { startTestServer, type TestServer } from '../testing/test-server';

let server: TestServer;
let device: TestDevice;

beforeAll(async () => {
  server = await startTestServer();
  device = new TestDevice(server.client, await server.enrolDevice(await server.createUser()));
});
afterAll(async () => {
  await server.close();
});

const head = () => server.org.store.read((tx) => tx.head());

/** Runs `send`, expects the typed error, and proves the store did not change. */
async function expectRefused(send: () => Promise<HttpAnswer>, status: number, code: string, recordId?: string): Promise<void> {
  const before = await head();
  const answer = await send();
  expect(answer.status).toBe(status);
  expect(SyncErrorBody.parse(answer.json).error.code).toBe(code);
  expect(await head()).toBe(before);
  if (recordId !== undefined) {
    const rows = await server.org.store.read((tx) => tx.getRecords([{ entity: 'contacts', recordId }]));
    expect(rows).toEqual([]);
  }
}

const pushBody = (operations: unknown) => ({ protocolVersion, schemaVersion: 1, deviceId: device.enrolled.deviceId, operations });

describe('bad input gets a typed 4xx and writes nothing', () => {
  it('malformed JSON', async () => {
    await expectRefused(() => server.client.request('POST', '/v1/push', { token: device.enrolled.token, rawBody: '{"operations": [' }), 400, 'bad_request');
  });

  it('a body that is not JSON', async () => {
    await expectRefused(
      () => server.client.request('POST', '/v1/push', { token: device.enrolled.token, rawBody: 'hello', contentType: 'text/plain' }),
      400,
      'bad_request',
    );
  });

  it('wrong types and unknown keys', async () => {
    const id = randomUUID();
    const op = device.upsert('contacts', id, { name: 'Typed' });
    for (const operations of [[{ ...op, seq: '1' }], [{ ...op, entity: 'invoices' }], [{ ...op, extra: true }], [{ ...op, recordId: 'not-a-uuid' }], 'ops']) {
      await expectRefused(() => server.client.request('POST', '/v1/push', { token: device.enrolled.token, body: pushBody(operations) }), 400, 'bad_request', id);
    }
  });

  it('a batch of more than 500 operations', async () => {
    const id = randomUUID();
    const operations = Array.from({ length: 501 }, () => device.upsert('contacts', id, { name: 'x' }));
    await expectRefused(() => server.client.request('POST', '/v1/push', { token: device.enrolled.token, body: pushBody(operations) }), 400, 'bad_request', id);
  });

  it('a body over 8 MiB', async () => {
    const id = randomUUID();
    const op = device.upsert('contacts', id, { notes: 'n'.repeat(maxPushBodyBytes) });
    await expectRefused(() => server.client.request('POST', '/v1/push', { token: device.enrolled.token, body: pushBody([op]) }), 413, 'too_large', id);
    const pushAnswer = await server.client.request('POST', '/v1/push', { token: device.enrolled.token, body: pushBody([op]) });
    expect(SyncErrorBody.parse(pushAnswer.json).error.message).toContain('a push holds at most 500 operations');
  });

  it('an enrolment body over its 16 KiB, told of no push limit', async () => {
    const answer = await server.client.request('POST', '/v1/enrol', { body: { code: 'x'.repeat(20 * 1024) } });
    expect(answer.status).toBe(413);
    const { error } = SyncErrorBody.parse(answer.json);
    expect(error.code).toBe('too_large');
    expect(error.message).not.toMatch(/push/);
  });

  it('a forged device id (another device’s id with this device’s token)', async () => {
    const other = await server.enrolDevice(device.enrolled.userId);
    const id = randomUUID();
    const body = { ...pushBody([device.upsert('contacts', id, { name: 'Forged' })]), deviceId: other.deviceId };
    await expectRefused(() => server.client.request('POST', '/v1/push', { token: device.enrolled.token, body }), 403, 'forbidden', id);
  });

  it('no token, or an unknown one', async () => {
    const id = randomUUID();
    const body = pushBody([device.upsert('contacts', id, { name: 'Anonymous' })]);
    await expectRefused(() => server.client.request('POST', '/v1/push', { body }), 401, 'unauthenticated', id);
    await expectRefused(() => server.client.request('POST', '/v1/push', { token: 'A'.repeat(43), body }), 401, 'unauthenticated', id);
    // Refused before its body is read: without a token, an 8 MiB body, or one that is no JSON, is not parsed first
    // (it was answered 413 or 400 only after the server had buffered and parsed it).
    const huge = pushBody([device.upsert('contacts', id, { notes: 'n'.repeat(maxPushBodyBytes) })]);
    await expectRefused(() => server.client.request('POST', '/v1/push', { body: huge }), 401, 'unauthenticated', id);
    await expectRefused(() => server.client.request('POST', '/v1/push', { rawBody: '{"deviceId":' }), 401, 'unauthenticated', id);
    await expectRefused(() => server.client.request('POST', '/v1/acks', { rawBody: '{"deviceId":' }), 401, 'unauthenticated', id);
  });

  it('a clock far in the future', async () => {
    // Its own device: an HLC never runs backwards, so every later stamp of this device is in the future too.
    const skewed = new TestDevice(server.client, await server.enrolDevice(device.enrolled.userId));
    const id = randomUUID();
    const op = skewed.upsert('contacts', id, { name: 'Tomorrow' }, 86_400_000);
    const body = { ...pushBody([op]), deviceId: skewed.enrolled.deviceId };
    await expectRefused(() => server.client.request('POST', '/v1/push', { token: skewed.enrolled.token, body }), 400, 'clock_skew', id);
  });

  it('a record outside the caller’s buckets', async () => {
    const stranger = new TestDevice(server.client, await server.enrolDevice(await server.createUser()));
    const id = randomUUID();
    await stranger.push([stranger.upsert('contacts', id, { name: 'Private' })]);
    const before = await server.org.store.read((tx) => tx.listChangeLog({ entity: 'contacts', recordId: id }));
    const mixed = [device.upsert('contacts', randomUUID(), { name: 'Mine' }), device.upsert('contacts', id, { name: 'Theirs now' })];
    await expectRefused(() => server.client.request('POST', '/v1/push', { token: device.enrolled.token, body: pushBody(mixed) }), 403, 'forbidden');
    expect(await server.org.store.read((tx) => tx.listChangeLog({ entity: 'contacts', recordId: id }))).toEqual(before);
  });

  it('missing version headers, versions that disagree, and a version below the minimum', async () => {
    const id = randomUUID();
    const body = pushBody([device.upsert('contacts', id, { name: 'Versions' })]);
    const token = device.enrolled.token;
    await expectRefused(() => server.client.request('POST', '/v1/push', { token, body, headers: { 'x-fieldvault-protocol': null } }), 400, 'bad_request', id);
    await expectRefused(() => server.client.request('POST', '/v1/push', { token, body: { ...body, schemaVersion: 7 } }), 400, 'bad_request', id);
    const old = await server.client.request('POST', '/v1/push', { token, body: { ...body, protocolVersion: 0 }, headers: { 'x-fieldvault-protocol': '0' } });
    expect(old.status).toBe(426);
    const parsed = SyncErrorBody.parse(old.json).error;
    expect(parsed).toMatchObject({ code: 'upgrade_required', minimumProtocolVersion: 1 });
    expect(parsed.message).toMatch(/Update FieldVault/);
  });

  it('a used enrolment code, unless it is the same attempt again and its device never synced', async () => {
    const userId = await server.createUser();
    const issued = await server.client.request('POST', '/v1/admin/enrolment-codes', { token: server.admin.token, body: { userId } });
    const code = CreateEnrolmentCodeResponse.parse(issued.json).enrolmentCode;
    const enrolBody = (attemptId?: string) => ({ protocolVersion, schemaVersion: 1, enrolmentCode: code, ...(attemptId === undefined ? {} : { attemptId }) });
    const attempt = 'a'.repeat(32);
    const first = EnrolResponse.parse((await server.client.request('POST', '/v1/enrol', { body: enrolBody(attempt) })).json);
    // The first answer was lost: the same attempt gets that device again, under a new token; the lost one is dead.
    const again = await server.client.request('POST', '/v1/enrol', { body: enrolBody(attempt) });
    expect(again.status).toBe(200);
    const second = EnrolResponse.parse(again.json);
    expect(second.deviceId).toBe(first.deviceId);
    expect(second.deviceToken).not.toBe(first.deviceToken);
    const pull = (token: string) =>
      server.client.request('POST', '/v1/pull', { token, body: { protocolVersion, schemaVersion: 1, deviceId: first.deviceId, cursor: 0 } });
    expect((await pull(first.deviceToken)).status).toBe(401);
    // Anyone else with the code (another attempt, or none) is refused.
    await expectRefused(() => server.client.request('POST', '/v1/enrol', { body: enrolBody('b'.repeat(32)) }), 401, 'unauthenticated');
    await expectRefused(() => server.client.request('POST', '/v1/enrol', { body: enrolBody() }), 401, 'unauthenticated');
    // Once the device has pulled (a snapshot from cursor 0 records no cursor), it is held: the same attempt is
    // refused. Before, whoever held the attempt id could take the device's token after it had downloaded its data.
    expect((await pull(second.deviceToken)).status).toBe(200);
    await expectRefused(() => server.client.request('POST', '/v1/enrol', { body: enrolBody(attempt) }), 401, 'unauthenticated');
    // Once it has pushed, too.
    const held = new TestDevice(server.client, { deviceId: second.deviceId, token: second.deviceToken, userId });
    expect((await held.push([held.upsert('contacts', randomUUID(), { name: 'Held' })])).rejected).toEqual([]);
    await expectRefused(() => server.client.request('POST', '/v1/enrol', { body: enrolBody(attempt) }), 401, 'unauthenticated');
    expect((await pull(second.deviceToken)).status).toBe(200);
  });

  it('a revoked device below the minimum version: it hears that it was revoked, not to upgrade', async () => {
    const lost = await server.enrolDevice(await server.createUser());
    const revoked = await server.client.request('POST', '/v1/admin/devices/revoke', { token: server.admin.token, body: { deviceId: lost.deviceId } });
    expect(revoked.status).toBeLessThan(300);
    const body = { protocolVersion: 0, schemaVersion: 1, deviceId: lost.deviceId, operations: [] };
    // Before, the version was refused first: an old client stops asking on upgrade_required, and was never wiped.
    await expectRefused(() => server.client.request('POST', '/v1/push', { token: lost.token, body, headers: { 'x-fieldvault-protocol': '0' } }), 403, 'device_revoked');
    await expectRefused(() => server.client.request('GET', '/v1/poke?cursor=0', { token: lost.token, headers: { 'x-fieldvault-protocol': '0' } }), 403, 'device_revoked');
    // An administrator's lost laptop too, on the admin routes.
    const lostAdmin = await server.enrolDevice(await server.createUser('Second Admin', true));
    expect((await server.client.request('POST', '/v1/admin/devices/revoke', { token: server.admin.token, body: { deviceId: lostAdmin.deviceId } })).status).toBeLessThan(300);
    await expectRefused(
      () => server.client.request('POST', '/v1/admin/users', { token: lostAdmin.token, body: { displayName: 'Me' }, headers: { 'x-fieldvault-protocol': '0' } }),
      403,
      'device_revoked',
    );
    // A device not revoked is still told to upgrade, and one with no token too.
    await expectRefused(() => server.client.request('POST', '/v1/push', { token: device.enrolled.token, body: pushBody([]), headers: { 'x-fieldvault-protocol': '0' } }), 426, 'upgrade_required');
    await expectRefused(() => server.client.request('POST', '/v1/pull', { body: {}, headers: { 'x-fieldvault-protocol': '0' } }), 426, 'upgrade_required');
  });

  it('a user name with a control character (PostgreSQL refused NUL with a 500; SQLite stored it)', async () => {
    for (const displayName of ['Rep\u0000 1', 'Rep\n1', 'Rep\u001b[31m']) {
      await expectRefused(() => server.client.request('POST', '/v1/admin/users', { token: server.admin.token, body: { displayName } }), 400, 'bad_request');
      const body = { userId: device.enrolled.userId, displayName };
      await expectRefused(() => server.client.request('POST', '/v1/admin/users/rename', { token: server.admin.token, body }), 400, 'bad_request');
    }
  });

  it('a user name with a C1 control, a line or paragraph separator, or a bidirectional override or isolate', async () => {
    const users = () => server.org.store.read(async (tx) => (await tx.listUsers()).length);
    const before = await users();
    // NEL and CSI (C1), U+2028/U+2029, LRE..RLO (U+202A-U+202E: "Rep \u202Egnp.exe" shows as "Rep exe.png"), LRI..PDI.
    const names = ['Rep\u0085One', 'Rep\u009b31m', 'Rep\u2028One', 'Rep\u2029One', 'Rep \u202Egnp.exe', 'Rep\u202AOne', 'Rep\u202COne', 'Rep\u2066One', 'Rep\u2069One'];
    for (const displayName of names) {
      await expectRefused(() => server.client.request('POST', '/v1/admin/users', { token: server.admin.token, body: { displayName } }), 400, 'bad_request');
      const body = { userId: device.enrolled.userId, displayName };
      await expectRefused(() => server.client.request('POST', '/v1/admin/users/rename', { token: server.admin.token, body }), 400, 'bad_request');
    }
    expect(await users()).toBe(before);
    // Right-to-left and accented names are names: only the characters that reorder or break the text are refused.
    for (const displayName of ['محمد علي', 'Zoë Ångström', 'דנה כהן']) {
      const answer = await server.client.request('POST', '/v1/admin/users', { token: server.admin.token, body: { displayName } });
      expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    }
  });

  it('a directory page after something that is not a user id (PostgreSQL refused a NUL with a 500)', async () => {
    for (const after of ['%00', 'u-1%27%20OR%201%3D1', '%E2%80%AE']) {
      await expectRefused(() => server.client.request('GET', `/v1/users?after=${after}&limit=10`, { token: device.enrolled.token }), 400, 'bad_request');
    }
  });

  it('an admin request from a device whose user is not an admin', async () => {
    await expectRefused(
      () => server.client.request('POST', '/v1/admin/users', { token: device.enrolled.token, body: { displayName: 'Me', isAdmin: true } }),
      403,
      'forbidden',
    );
  });

  it('an unknown endpoint', async () => {
    await expectRefused(() => server.client.request('GET', '/v1/everything', { token: device.enrolled.token }), 404, 'not_found');
  });
});
