// Device identity: one-time enrolment codes traded for a device id and a
// bearer token, and the token check on every later request. Codes and tokens
// are high-entropy random strings; the store keeps only their SHA-256, so a
// copy of the database cannot impersonate a device or enrol a new one.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { enrolmentCodeAlphabet, enrolmentCodeLength, normaliseEnrolmentCode } from '../../src-shared/sync/enrolment-code';
import type { EnrolResponse } from '../../src-shared/sync/protocol';
import type { DeviceRow } from '../store/rows';
import type { StoreReadTx, StoreTx } from '../store/store';
import type { SyncContext } from './context';
import { deviceRevoked, unauthenticated } from './errors';

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** 80 random bits as XXXX-XXXX-XXXX-XXXX (enrolment-code.ts). */
export function newEnrolmentCode(): string {
  const characters = Array.from({ length: enrolmentCodeLength }, () => enrolmentCodeAlphabet[randomInt(enrolmentCodeAlphabet.length)] ?? '0');
  return [0, 4, 8, 12].map((start) => characters.slice(start, start + 4).join('')).join('-');
}

/** `issuedByDeviceId`: the admin device asking (its revocation cancels the code unused); null at the server's console. */
export async function createEnrolmentCode(
  tx: StoreTx,
  userId: string,
  now: number,
  validForMs: number,
  issuedByDeviceId: string | null = null,
): Promise<{ code: string; expiresAt: number }> {
  const code = newEnrolmentCode();
  const expiresAt = now + validForMs;
  const codeHash = sha256Hex(normaliseEnrolmentCode(code));
  await tx.insertEnrolmentCode({ codeHash, userId, createdAt: now, expiresAt, usedAt: null, deviceId: null, issuedByDeviceId, cancelledAt: null });
  return { code, expiresAt };
}

/**
 * Cancels one code that was issued but never handed out (the bundle file meant to carry it could not be written),
 * leaving the user's other codes as they are; true when it could still have enrolled a device.
 */
export async function cancelEnrolmentCode(tx: StoreTx, code: string, now: number): Promise<boolean> {
  return (await tx.cancelEnrolmentCodes({ codeHash: sha256Hex(normaliseEnrolmentCode(code)) }, now)) === 1;
}

const invalidCode = () =>
  unauthenticated('This enrolment code is not valid: it is unknown, already used, cancelled or expired. Ask an administrator for a new one.');

/**
 * Trades a one-time code for a device. `attemptId`: the client's id for its tries of this code. The device id is
 * derived from it, so a retry with the same code and attempt, while the code is valid and the device it made has
 * never pushed nor had a pull cursor recorded, gets that device again under a new token: the first answer was
 * lost (a cut connection, a timeout, the app closed before it stored it) and the code was used up for a device
 * nobody held. Anyone else with the code lacks the attempt id, which only ever went to the server over TLS (the
 * store keeps the derived device id, from which the attempt id cannot be read back).
 */
export async function enrol(ctx: SyncContext, code: string, attemptId?: string): Promise<EnrolResponse> {
  const codeHash = sha256Hex(normaliseEnrolmentCode(code));
  const deviceId = attemptId === undefined ? randomBytes(10).toString('hex') : sha256Hex(`${codeHash}:${attemptId}`).slice(0, 20);
  const deviceToken = randomBytes(32).toString('base64url');
  // Read first: a wrong code (a guess) opens no write transaction, which on PostgreSQL takes the cluster-wide
  // commit lock and on SQLite the write lock. The transaction checks again (the code may be used since).
  const arrivedAt = ctx.now();
  const usable = await ctx.store.read(async (tx) => {
    const row = await tx.getEnrolmentCode(codeHash);
    if (row === null || row.expiresAt <= arrivedAt || (await tx.getOrganisation()) === null) return false;
    const retry = attemptId !== undefined && row.deviceId === deviceId;
    return retry || (row.usedAt === null && row.cancelledAt === null);
  });
  if (!usable) throw invalidCode();
  return ctx.store.transaction(async (tx) => {
    // The time now, not when the request arrived: it may have waited for the write lock (up to the write queue's
    // bound) while the code expired, and an expired code must not enrol a device, nor date it before it expired.
    const now = ctx.now();
    const row = await tx.getEnrolmentCode(codeHash);
    const organisation = await tx.getOrganisation();
    if (row !== null && organisation !== null && attemptId !== undefined && row.deviceId === deviceId && row.expiresAt > now) {
      const device = await tx.getDevice(deviceId);
      if (device !== null && device.lastSeenAt === device.createdAt && (await tx.replaceDeviceToken(deviceId, sha256Hex(deviceToken)))) {
        return { deviceId, deviceToken, userId: row.userId, organisationId: organisation.id, serverTime: now };
      }
    }
    if (row === null || organisation === null || !(await tx.consumeEnrolmentCode(codeHash, deviceId, now))) {
      throw invalidCode();
    }
    // lastCursor starts at the head: the device cannot hold anything older, and its
    // first snapshot ends there so it also learns what happened to what it pushed since.
    const head = await tx.head();
    await tx.insertDevice({ id: deviceId, userId: row.userId, tokenHash: sha256Hex(deviceToken), createdAt: now, revokedAt: null, lastAppliedSeq: 0, lastCursor: head, lastSeenAt: now });
    return { deviceId, deviceToken, userId: row.userId, organisationId: organisation.id, serverTime: now };
  });
}

/**
 * Whether the device never pushed nor pulled since it enrolled, so holds no record: its first pull moves lastSeenAt
 * past createdAt (pull.ts, recordCursor) and a push moves lastAppliedSeq. An enrolment whose answer was lost leaves
 * such a device for ever.
 */
export function neverSynced(device: DeviceRow): boolean {
  return device.lastAppliedSeq === 0 && device.lastSeenAt === device.createdAt;
}

/**
 * Checks, inside the transaction that reads what a device is served, that the device is still enrolled:
 * the sign-in (http/sign-ins.ts) read it in an earlier transaction, and a revocation committed in between must not let one
 * more page (a whole snapshot page, say) out.
 */
export async function requireEnrolled(tx: StoreReadTx, device: DeviceRow): Promise<void> {
  const current = await tx.getDevice(device.id);
  if (current === null || current.revokedAt !== null) throw deviceRevoked();
}

/** The SHA-256 of the token an Authorization header carries, or null when it carries no well-formed one. */
export function bearerTokenHash(authorization: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(authorization ?? '');
  return match?.[1] === undefined ? null : sha256Hex(match[1]);
}

