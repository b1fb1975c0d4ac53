// Enrolment: checks the bundle an administrator handed over (an https
// origin, one CA certificate), trades the one-time code for a device id and
// bearer token over a connection that trusts only that CA, and stores all of
// it inside the encrypted vault. The token never leaves the main process.
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { LockedError } from '../../src-shared/ipc/errors';
import type { SyncEnrolInput } from '../../src-shared/sync/client-api';
import { normaliseEnrolmentCode } from '../../src-shared/sync/enrolment-code';
import { DeviceId, type EnrolResponse } from '../../src-shared/sync/protocol';
import type { ReadTx, WriteTx } from '../vault/connection';
import { checkChanges, recordCheckedChangesQuietly, type Change } from './change-recorder';
import { EnrolmentError, SyncNetworkError, SyncServerError } from './errors';
import type { SyncConnection } from './session';
import type { Credentials } from './sync-api';
import { enrolDevice } from './sync-api';
import { resetPullPosition } from './sync-state';
import { clearDirectory } from './directory';
import { parseServerUrl } from './transport';

export interface Enrolment extends Credentials {
  readonly userId: string;
  readonly organisationId: string;
  readonly organisationName: string;
  readonly enrolledAt: number;
}

const EnrolmentRow = z.object({
  server_url: z.string(),
  ca_pem: z.string(),
  device_id: DeviceId,
  device_token: z.string(),
  user_id: z.string(),
  organisation_id: z.string(),
  organisation_name: z.string(),
  enrolled_at: z.number().int(),
});

export async function readEnrolment(tx: ReadTx): Promise<Enrolment | null> {
  const row = await tx.get('SELECT * FROM sync_enrolment WHERE id = 1');
  if (row === undefined) return null;
  const parsed = EnrolmentRow.parse(row);
  return {
    serverUrl: parsed.server_url,
    caPem: parsed.ca_pem,
    deviceId: parsed.device_id,
    deviceToken: parsed.device_token,
    userId: parsed.user_id,
    organisationId: parsed.organisation_id,
    organisationName: parsed.organisation_name,
    enrolledAt: parsed.enrolled_at,
  };
}

/** Checks that the PEM is exactly one CA certificate, valid now. */
export function checkOrganisationCa(pem: string, now: number): string {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch {
    throw new EnrolmentError('BAD_INPUT', 'certificate_unreadable', 'The organisation certificate is not a valid PEM certificate.');
  }
  if (!certificate.ca) throw new EnrolmentError('BAD_INPUT', 'certificate_not_ca', 'The organisation certificate is not a certificate authority.');
  if (Date.parse(certificate.validTo) < now || Date.parse(certificate.validFrom) > now) {
    throw new EnrolmentError('BAD_INPUT', 'certificate_not_current', 'The organisation certificate is not valid at this time.');
  }
  // Keep exactly the one certificate: anything else pasted along must not become a trust anchor.
  return certificate.toString();
}

const LocalUserRow = z.object({ value: z.string() });
const TaskIdRow = z.object({ id: z.string() });

/**
 * Hands what the vault's local owner ('local-owner', migration 0002) held
 * before enrolment to the server's user: Today and saved views look for the
 * current user's id, and lost everything made before the device enrolled.
 * Saved views are local only: their owner is rewritten in place, and so is a
 * tasks view's assignee filter ("Assignee: Me" saved before enrolment), which
 * would otherwise name an assignee no live task has any more. A task's
 * assigneeId syncs: each live task's change is recorded like any local edit
 * (with updatedAt/updatedBy), after its create in the outbox, so the server
 * and the user's other devices get the same assignee. Trashed tasks keep
 * theirs: the push deletes them on the server, which refuses later edits; one
 * restored later gets the user as assignee then (restoreTask, restoreTasks).
 * Record owners (ownerId, createdBy) are not rewritten: the server buckets a
 * pushed record by the pushing user whatever its ownerId says. So a view's
 * owner filter keeps naming the local owner: the records it lists keep theirs.
 */
async function adoptLocalOwnerRecords(tx: WriteTx, userId: string, now: number): Promise<void> {
  const previous = LocalUserRow.safeParse(await tx.get("SELECT value FROM sync_state WHERE key = 'local_user_id'"));
  if (!previous.success || previous.data.value === userId) return;
  const from = previous.data.value;
  await tx.run('UPDATE saved_views SET owner_id = ? WHERE owner_id = ?', [userId, from]);
  await tx.run(
    "UPDATE saved_views SET query = json_set(query, '$.filter.assigneeId', ?) WHERE entity = 'tasks' AND json_extract(query, '$.filter.assigneeId') = ?",
    [userId, from],
  );
  const tasks = z
    .array(TaskIdRow)
    .parse(
      await tx.all('UPDATE tasks SET assignee_id = ?, updated_at = ?, updated_by = ? WHERE assignee_id = ? AND deleted_at IS NULL RETURNING id', [
        userId, now, userId, from,
      ]),
    );
  const changes = tasks.map(
    (task): Change => ({ entity: 'tasks', recordId: task.id, kind: 'upsert', fields: { assigneeId: userId, updatedAt: now, updatedBy: userId } }),
  );
  await recordCheckedChangesQuietly(tx, checkChanges(changes), now);
}

/** Stores the enrolment and makes the server's user the vault's user, in the caller's transaction. */
export async function storeEnrolment(tx: WriteTx, enrolment: Enrolment): Promise<void> {
  await tx.run(
    `INSERT INTO sync_enrolment (id, server_url, ca_pem, device_id, device_token, user_id, organisation_id, organisation_name, enrolled_at)
     VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      enrolment.serverUrl,
      enrolment.caPem,
      enrolment.deviceId,
      enrolment.deviceToken,
      enrolment.userId,
      enrolment.organisationId,
      enrolment.organisationName,
      enrolment.enrolledAt,
    ],
  );
  await resetPullPosition(tx);
  await clearDirectory(tx);
  await adoptLocalOwnerRecords(tx, enrolment.userId, enrolment.enrolledAt);
  // New records are owned by the signed-in server user from now on (0002 starts with a local owner).
  await tx.run(
    "INSERT INTO sync_state (key, value) VALUES ('local_user_id', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    [enrolment.userId],
  );
}

function alreadyEnrolled(): EnrolmentError {
  return new EnrolmentError('BAD_INPUT', 'already_enrolled', 'This device is already connected to a sync server.');
}

/**
 * A failed trade of the code, worded for the person enrolling: the server
 * answers `unauthenticated` to a code that is unknown, used or expired, and
 * an unreachable server or a certificate from another CA most often means a
 * mistyped address or the wrong bundle. Anything else keeps its sync reason:
 * the organisation's certificate reached at an address it does not name
 * (host_not_in_certificate) too, whose reason lists the names it carries and
 * which the form shows at the address.
 */
function enrolmentFailure(error: unknown): unknown {
  if (error instanceof SyncNetworkError) {
    switch (error.failure) {
      // At enrolment, an address that answers without TLS is most often a wrong one (a plain-HTTP port).
      case 'unreachable':
      case 'no_secure_connection':
        return new EnrolmentError(error.code, 'server_unreachable', "The sync server cannot be reached. Check its address and this device's network connection.");
      case 'timeout':
        return new EnrolmentError(error.code, 'server_timeout', 'The sync server did not answer in time. Check its address and try again.');
      case 'untrusted_certificate':
        return new EnrolmentError(error.code, 'certificate_mismatch', "The sync server's certificate does not come from the organisation certificate entered. Nothing was sent.");
      default:
        return error;
    }
  }
  if (error instanceof SyncServerError && error.serverCode === 'unauthenticated') {
    return new EnrolmentError(error.code, 'code_invalid', 'This enrolment code is not valid: it is unknown, already used or expired. Ask an administrator for a new one.');
  }
  if (error instanceof SyncServerError && error.serverCode === 'rate_limited') {
    return new EnrolmentError(error.code, 'too_many_attempts', 'Too many enrolment attempts from this network. Try again later.', error.retryAfterMs);
  }
  return error;
}

/**
 * This process's attempt id for each code tried (by a hash of server and code, never the code): a retry sends the
 * same one, so the server gives back the device its lost first answer made (sync/devices.ts `enrol`), where the
 * code was used up for a device nobody held. Forgotten once the enrolment is stored, and with the process.
 */
const attempts = new Map<string, string>();

function attemptKey(origin: string, code: string): string {
  return createHash('sha256').update(`${origin}\n${normaliseEnrolmentCode(code)}`).digest('hex');
}

/** The attempt an enrolment input is (a hash of its server's origin and its code), or null for an address enrol refuses. */
function enrolmentAttemptKey(input: Pick<SyncEnrolInput, 'serverUrl' | 'enrolmentCode'>): string | null {
  try {
    return attemptKey(parseServerUrl(new URL(input.serverUrl).origin + '/').origin, input.enrolmentCode);
  } catch {
    return null;
  }
}

/**
 * One trade of a code at a time. The same server and code again (Settings
 * left and opened again during a slow Connect, the bundle loaded again) gets
 * the first one's answer: sent too, with the same attempt id, it was answered
 * the same device under a token that the first one's answer then replaced on
 * the server, and the token stored first was refused at every sync
 * (`sync-session-start.test.ts`). Another code waits for the first to end.
 */
export class OneEnrolmentAtATime<T> {
  #running: { readonly key: string | null; readonly done: Promise<T> } | null = null;

  async run(input: Pick<SyncEnrolInput, 'serverUrl' | 'enrolmentCode'>, enrolNow: () => Promise<T>): Promise<T> {
    const key = enrolmentAttemptKey(input);
    const running = this.#running;
    if (running !== null && key !== null && running.key === key) return running.done;
    if (running !== null) await running.done.catch(() => undefined);
    const mine = { key, done: enrolNow() };
    this.#running = mine;
    try {
      return await mine.done;
    } finally {
      if (this.#running === mine) this.#running = null;
    }
  }
}

function attemptOf(origin: string, code: string): { readonly key: string; readonly id: string } {
  const key = attemptKey(origin, code);
  let id = attempts.get(key);
  if (id === undefined) {
    id = randomBytes(24).toString('base64url');
    attempts.set(key, id);
  }
  return { key, id };
}

/**
 * Trades the code and stores the enrolment. `refused` is asked again in the
 * transaction that would store it: a lock or shutdown that began during the
 * trade leaves nothing written (LockedError), as one before the call would.
 */
export async function enrol(connection: SyncConnection, input: SyncEnrolInput, schemaVersion: number, now: number, refused: () => boolean = () => false): Promise<Enrolment> {
  if ((await connection.read(readEnrolment)) !== null) throw alreadyEnrolled();
  let origin: string;
  try {
    origin = parseServerUrl(new URL(input.serverUrl).origin + '/').origin;
  } catch {
    throw new EnrolmentError('BAD_INPUT', 'address_invalid', 'The sync server address must be an https:// address.');
  }
  const caPem = checkOrganisationCa(input.caCertificatePem, now);
  // Locking (or shutting down) already: the code is not sent at all.
  if (refused()) throw new LockedError();
  const attempt = attemptOf(origin, input.enrolmentCode);
  let answer: EnrolResponse;
  try {
    answer = await enrolDevice(origin, caPem, input.enrolmentCode, schemaVersion, attempt.id);
  } catch (error) {
    throw enrolmentFailure(error);
  }
  const enrolment: Enrolment = {
    serverUrl: origin,
    caPem,
    deviceId: answer.deviceId,
    deviceToken: answer.deviceToken,
    userId: answer.userId,
    organisationId: answer.organisationId,
    organisationName: input.organisationName,
    enrolledAt: now,
  };
  await connection.write(async (tx) => {
    if (refused()) throw new LockedError();
    // Two enrolments racing: the second must not overwrite the first's token.
    if ((await readEnrolment(tx)) !== null) throw alreadyEnrolled();
    await storeEnrolment(tx, enrolment);
  });
  attempts.delete(attempt.key);
  return enrolment;
}
