// Test support for PostgreSQL-backed organisations driven through the real
// HTTPS API (enrolment, users, enrolment codes), and canary customer values
// with a scanner that looks for them in any encoding a database dump could
// carry them in (text, escaped JSON, bytea hex, base64).
import { randomBytes } from 'node:crypto';
import { CreateEnrolmentCodeResponse, CreateUserResponse } from '../../../../src-shared/sync/admin-protocol';
import { EnrolResponse, protocolVersion } from '../../../../src-shared/sync/protocol';
import type { HttpAnswer, HttpsTestClient } from '../../../testing/https-client';
import type { EnrolledDevice } from '../../../testing/test-server';

function expectOk<T>(what: string, answer: HttpAnswer, parse: (value: unknown) => T): T {
  if (answer.status !== 200) throw new Error(`${what} answered ${answer.status}: ${JSON.stringify(answer.json)}`);
  return parse(answer.json);
}

export async function enrol(client: HttpsTestClient, enrolmentCode: string): Promise<EnrolledDevice> {
  const answer = await client.request('POST', '/v1/enrol', { body: { protocolVersion, schemaVersion: 1, enrolmentCode } });
  const enrolled = expectOk('enrol', answer, (json) => EnrolResponse.parse(json));
  return { deviceId: enrolled.deviceId, token: enrolled.deviceToken, userId: enrolled.userId };
}

export async function createUser(client: HttpsTestClient, admin: EnrolledDevice, displayName: string): Promise<string> {
  const answer = await client.request('POST', '/v1/admin/users', { token: admin.token, body: { displayName, isAdmin: false } });
  return expectOk('create user', answer, (json) => CreateUserResponse.parse(json)).userId;
}

export async function createEnrolmentCode(client: HttpsTestClient, admin: EnrolledDevice, userId: string): Promise<string> {
  const answer = await client.request('POST', '/v1/admin/enrolment-codes', { token: admin.token, body: { userId } });
  return expectOk('create enrolment code', answer, (json) => CreateEnrolmentCodeResponse.parse(json)).enrolmentCode;
}

/** Realistic-looking customer values, each with a random marker no database could hold by chance. */
export function canaryContact(): { name: string; emails: string[]; phones: string[]; notes: string } {
  const marker = randomBytes(6).toString('hex');
  return {
    name: `Zebulon Canary${marker}`,
    emails: [`zebulon.canary${marker}@example.test`],
    phones: [`+44 7700 9${marker.slice(0, 5).replace(/[a-f]/g, '0')}`],
    notes: `Met at the trade fair; canary note ${marker}`,
  };
}

/** Every string in a canary contact, each at least 8 characters. */
export function canaryStrings(contact: ReturnType<typeof canaryContact>): string[] {
  return [contact.name, ...contact.emails, ...contact.phones, contact.notes];
}

/**
 * The base64 text a value produces wherever it sits in a longer byte string:
 * one form per alignment (0, 1, 2 bytes after a 3-byte boundary), without
 * the characters that depend on the neighbouring bytes.
 */
function base64Forms(bytes: Buffer): string[] {
  return [0, 1, 2].map((shift) => {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    return encoded.slice([0, 2, 3][shift], encoded.length - 4);
  });
}

/**
 * The canaries (as given) found anywhere in `text`: verbatim, lower-cased,
 * JSON-escaped, as bytea hex (pg_dump prints bytea as \x…), or as base64.
 */
export function findCanaries(text: string, canaries: readonly string[]): string[] {
  const lower = text.toLowerCase();
  return canaries.filter((canary) => {
    const bytes = Buffer.from(canary, 'utf8');
    const caseInsensitive = [canary, JSON.stringify(canary).slice(1, -1), bytes.toString('hex')];
    return caseInsensitive.some((form) => lower.includes(form.toLowerCase())) || base64Forms(bytes).some((form) => text.includes(form));
  });
}
