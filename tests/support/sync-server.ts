// Test support for sync suites: the real sync server (src-server's test
// harness: an initialised organisation served over TLS on loopback) plus the
// admin calls the suites need, a protocol-level "second laptop" of the same
// user, and complete record values as a device would create them.
import { randomUUID } from 'node:crypto';
import {
  CreateEnrolmentCodeResponse,
  EraseRecordResponse,
  ErasureStatusResponse,
  ReassignRecordResponse,
  SetMembershipsResponse,
} from '../../src-shared/sync/admin-protocol';
import type { JsonValue, RecordKey } from '../../src-shared/sync/protocol';
import { TestDevice } from '../../src-server/testing/test-device';
import { startTestServer, type TestServer, type TestServerOptions } from '../../src-server/testing/test-server';

export type { TestServer, TestServerOptions };
export { startTestServer, TestDevice };

async function admin<T>(server: TestServer, path: string, body: unknown, parse: (json: unknown) => T): Promise<T> {
  const answer = await server.client.request('POST', path, { token: server.admin.token, body });
  if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}: ${JSON.stringify(answer.json)}`);
  return parse(answer.json);
}

export const enrolmentCode = (server: TestServer, userId: string): Promise<string> =>
  admin(server, '/v1/admin/enrolment-codes', { userId }, (json) => CreateEnrolmentCodeResponse.parse(json).enrolmentCode);

export const erase = (server: TestServer, record: RecordKey) => admin(server, '/v1/admin/erase', { record }, (json) => EraseRecordResponse.parse(json));

export const erasureStatus = (server: TestServer, record: RecordKey) =>
  admin(server, '/v1/admin/erasures/status', { record }, (json) => ErasureStatusResponse.parse(json));

/** `allowNewIds`: a move out of a team into one nobody has yet is meant (the server refuses it as a likely typo otherwise). */
export const reassign = (server: TestServer, record: RecordKey, ownerUserId: string, teamId: string | null = null, territoryId: string | null = null, allowNewIds = false) =>
  admin(server, '/v1/admin/records/reassign', { record, ownerUserId, teamId, territoryId, allowNewIds }, (json) => ReassignRecordResponse.parse(json));

export const setMemberships = (server: TestServer, userId: string, teamIds: string[], territoryIds: string[] = []) =>
  admin(server, '/v1/admin/memberships', { userId, teamIds, territoryIds }, (json) => SetMembershipsResponse.parse(json));

export const revoke = (server: TestServer, deviceId: string) => admin(server, '/v1/admin/devices/revoke', { deviceId }, (json) => json);

/** A second device of the user, speaking the protocol directly. */
export async function protocolDevice(server: TestServer, userId: string): Promise<TestDevice> {
  return new TestDevice(server.client, await server.enrolDevice(userId));
}

/** The fields every synced record carries: its owner and who wrote it when, and not in the trash. */
function recordStamps(ownerId: string): Record<string, JsonValue> {
  const now = Date.now();
  return { ownerId, createdAt: now, createdBy: ownerId, updatedAt: now, updatedBy: ownerId, deletedAt: null };
}

/** Every synced field of a new contact, as the CRM writes them. */
export function contactValues(ownerId: string, overrides: Record<string, JsonValue> = {}): Record<string, JsonValue> {
  return {
    name: `Contact ${randomUUID().slice(0, 8)}`,
    title: '',
    accountId: null,
    emails: [],
    phones: [],
    address: { street: '', city: '', region: '', postalCode: '', country: '' },
    preferredChannel: 'any',
    tags: [],
    notes: '',
    ...recordStamps(ownerId),
    ...overrides,
  };
}

/** A whole open task as another device would push it, assigned to and owned by ownerId, linked to nothing unless overridden. */
export function taskValues(ownerId: string, overrides: Record<string, JsonValue> = {}): Record<string, JsonValue> {
  return {
    title: `Task ${randomUUID().slice(0, 8)}`,
    notes: '',
    dueAt: null,
    remindAt: null,
    priority: 'normal',
    status: 'open',
    assigneeId: ownerId,
    contactId: null,
    accountId: null,
    dealId: null,
    tags: [],
    ...recordStamps(ownerId),
    ...overrides,
  };
}
