// The organisation's administration from the server's console: users,
// their teams and territories, enrolment codes (with a bundle file to hand a
// rep) and erasure (GDPR Art. 17). Each command calls the same function as
// the admin HTTP route (sync/admin.ts), acting as the console under the
// first admin (consoleActor), so the audit trail and the devices see the
// same change either way. Options are checked before the store is opened;
// output names ids, roles, team and territory ids and employee display
// names, never a customer value.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CreateUserRequest, SetMembershipsRequest } from '../../src-shared/sync/admin-protocol';
import { EnrolmentBundle, RecordId, SyncedEntity, syncedEntities, type RecordKey } from '../../src-shared/sync/protocol';
import { dataDirPaths } from '../org/data-dir';
import { serverUrlOf } from '../org/init';
import type { OpenedOrganisation } from '../org/open';
import type { DeviceRow, ErasureRow } from '../store/rows';
import {
  cancelEnrolmentCodes,
  consoleActor,
  createUser,
  eraseRecordSpellings,
  erasureStatus,
  findStoredKey,
  issueEnrolmentCode,
  otherEntitiesWithId,
  setMemberships,
  setUserRole,
} from '../sync/admin';
import { SyncError } from '../sync/errors';
import { placementWalksSettled } from '../sync/stored-task-placement';
import { checkBundlePath, writeBundleOrCancelCode } from './bundle-file';
import { consoleAdminId, jsonLog, openWithStoreOptions, out, storeOptions } from './cli-context';
import { checkUnheldMemberships } from './membership-check';
import { CliOptionError, dataDirOption, wholeNumber } from './options';

type Command = (args: string[]) => Promise<void>;

const when = (at: number): string => new Date(at).toISOString();
const listed = (ids: readonly string[]): string => (ids.length === 0 ? '-' : ids.join(','));

/** Runs `action` on the folder's organisation and closes it, whatever happens. */
async function withOrganisation<T>(dataDir: string, values: Parameters<typeof openWithStoreOptions>[1], action: (org: OpenedOrganisation) => Promise<T>): Promise<T> {
  const org = await openWithStoreOptions(dataDir, values);
  try {
    return await action(org);
  } finally {
    await org.close();
  }
}

function requiredOption(value: string | undefined, option: string, what: string): string {
  if (value === undefined || value.trim() === '') throw new CliOptionError(`${option} is required: ${what}`);
  return value;
}

/** Refuses a user id the organisation does not have, in words, before anything changes (the change checks again). */
export async function existingUser(org: OpenedOrganisation, userId: string): Promise<void> {
  if ((await org.store.read((tx) => tx.getUser(userId))) === null) {
    throw new CliOptionError(`No such user: --user ${JSON.stringify(userId)} is no user of this organisation (fieldvault-server users lists them)`);
  }
}

/** One line per user: id, role, teams, territories, display name (last: it may hold spaces). */
const users: Command = async (args) => {
  const { values } = parseArgs({ args, options: { 'data-dir': { type: 'string' }, ...storeOptions } });
  await withOrganisation(dataDirOption(values['data-dir']), values, async (org) => {
    const rows = await org.store.read(async (tx) => {
      const all = (await tx.listUsers()).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
      return Promise.all(all.map(async (user) => ({ user, memberships: await tx.getMemberships(user.id) })));
    });
    for (const { user, memberships } of rows) {
      out(`${user.id}  ${user.isAdmin ? 'admin' : 'member'}  teams ${listed(memberships.teamIds)}  territories ${listed(memberships.territoryIds)}  ${user.displayName}`);
    }
    if (rows.length === 0) out('No users.');
  });
};

/** Creates a user as POST /v1/admin/users does and prints its id alone, so a script can take it. */
const createUserCommand: Command = async (args) => {
  const { values } = parseArgs({ args, options: { 'data-dir': { type: 'string' }, name: { type: 'string' }, role: { type: 'string', default: 'member' }, ...storeOptions } });
  const dataDir = dataDirOption(values['data-dir']);
  const name = requiredOption(values.name, '--name', 'the user’s name as colleagues see it');
  if (values.role !== 'member' && values.role !== 'admin') throw new CliOptionError('--role is member or admin');
  const request = CreateUserRequest.safeParse({ displayName: name, isAdmin: values.role === 'admin' });
  if (!request.success) throw new CliOptionError('--name is the user’s name: 1 to 200 characters, not blank, without control, line separator or bidirectional override characters');
  const { displayName, isAdmin } = request.data;
  const { userId } = await withOrganisation(dataDir, values, async (org) => {
    const actor = consoleActor(await consoleAdminId(org));
    return org.store.transaction((tx) => createUser(tx, actor, displayName, isAdmin, org.ctx.now()));
  });
  out(userId);
};

/**
 * Makes a user an admin or a member as POST /v1/admin/users/role does: an admin made by a thief on a stolen admin
 * laptop, or one who left the role. The last admin is refused (exit 1); demoting cancels the unused codes the
 * user's devices issued.
 */
const setRole: Command = async (args) => {
  const { values } = parseArgs({ args, options: { 'data-dir': { type: 'string' }, user: { type: 'string' }, role: { type: 'string' }, ...storeOptions } });
  const dataDir = dataDirOption(values['data-dir']);
  const userId = requiredOption(values.user, '--user', 'the id of the user whose role to set (fieldvault-server users lists them)');
  const role = requiredOption(values.role, '--role', 'admin or member');
  if (role !== 'member' && role !== 'admin') throw new CliOptionError('--role is member or admin');
  await withOrganisation(dataDir, values, async (org) => {
    await existingUser(org, userId);
    // The last admin's refusal is printed as it is, and the run exits 1 (main.ts).
    const result = await setUserRole(org.ctx, consoleActor(await consoleAdminId(org)), userId, role === 'admin');
    if (!result.changed) out(`${userId} is already ${role === 'admin' ? 'an admin' : 'a member'}; nothing changed.`);
    else if (role === 'admin') out(`${userId} is now an admin (commit ${result.commitSeq}).`);
    else {
      out(
        `${userId} is now a member (commit ${result.commitSeq}); their devices' admin requests are refused from now on. ` +
          `Cancelled ${result.cancelledEnrolmentCodes} unused enrolment code(s) their devices issued.`,
      );
    }
  });
};

/** `--teams a,b --teams c`: the ids given, in order; `--teams ''` is the empty list; not given is undefined. */
function idList(values: readonly string[] | undefined, option: string, what: string): string[] | undefined {
  if (values === undefined) return undefined;
  const ids = values.flatMap((value) => value.split(',')).map((id) => id.trim()).filter((id) => id !== '');
  if (!SetMembershipsRequest.shape.teamIds.safeParse(ids).success) {
    throw new CliOptionError(`${option} is a comma-separated list of ${what} ids (letters, digits, _ and -, at most 100 characters each; at most 100 ids), or '' for none`);
  }
  return ids;
}

/**
 * Sets a user's teams and territories as POST /v1/admin/memberships does; a kind not given keeps its current ids. A
 * team or territory id nobody holds and no record carries needs --yes (membership-check.ts).
 */
const memberships: Command = async (args) => {
  const { values } = parseArgs({
    args,
    options: {
      'data-dir': { type: 'string' },
      user: { type: 'string' },
      teams: { type: 'string', multiple: true },
      territories: { type: 'string', multiple: true },
      yes: { type: 'boolean', default: false },
      ...storeOptions,
    },
  });
  const dataDir = dataDirOption(values['data-dir']);
  const userId = requiredOption(values.user, '--user', 'the id of the user whose teams and territories to set (fieldvault-server users lists them)');
  const teamIds = idList(values.teams, '--teams', 'team');
  const territoryIds = idList(values.territories, '--territories', 'territory');
  if (teamIds === undefined && territoryIds === undefined) throw new CliOptionError("--teams or --territories is required (a comma-separated list of ids; '' for none)");
  await withOrganisation(dataDir, values, async (org) => {
    await existingUser(org, userId);
    const wanted = { ...(teamIds === undefined ? {} : { teamIds }), ...(territoryIds === undefined ? {} : { territoryIds }) };
    await checkUnheldMemberships(org, userId, wanted, values.yes);
    const { commitSeq } = await setMemberships(org.ctx, consoleActor(await consoleAdminId(org)), userId, { ...wanted, allowNewIds: values.yes }, jsonLog);
    const now = await org.store.read((tx) => tx.getMemberships(userId));
    out(`Memberships of ${userId} (commit ${commitSeq}): teams ${listed(now.teamIds)}  territories ${listed(now.territoryIds)}`);
    // The tasks are placed again after the change (stored-task-placement.ts) before the store closes; a failure is
    // logged and the step runs at the next start.
    await placementWalksSettled(org.ctx.store);
  });
};

/** What a device needs to enrol, in the format `init` and `seed-demo` write and the app loads. */
function enrolmentBundle(org: OpenedOrganisation, dataDir: string, enrolmentCode: string): EnrolmentBundle {
  return EnrolmentBundle.parse({
    serverUrl: serverUrlOf(org.config.hosts, org.config.port),
    caCertificatePem: org.certificate.caPem ?? readFileSync(dataDirPaths(dataDir).caCert, 'utf8'),
    enrolmentCode,
    organisationId: org.config.organisationId,
    organisationName: org.config.organisationName,
  });
}

/** A one-time enrolment code for a user's new device, and with --enrolment-bundle the file to hand its user. */
const enrolmentCode: Command = async (args) => {
  const { values } = parseArgs({
    args,
    options: { 'data-dir': { type: 'string' }, user: { type: 'string' }, hours: { type: 'string', default: '72' }, 'enrolment-bundle': { type: 'string' }, ...storeOptions },
  });
  const dataDir = dataDirOption(values['data-dir']);
  const userId = requiredOption(values.user, '--user', 'the id of the user whose device enrols (fieldvault-server users lists them)');
  const hours = wholeNumber(values.hours, '--hours', 1, 720);
  const bundlePath = values['enrolment-bundle'];
  if (bundlePath !== undefined) checkBundlePath(bundlePath, dataDir);
  await withOrganisation(dataDir, values, async (org) => {
    await existingUser(org, userId);
    const { enrolmentCode: code, expiresAt } = await issueEnrolmentCode(org.ctx, consoleActor(await consoleAdminId(org)), userId, hours);
    if (bundlePath !== undefined) await writeBundleOrCancelCode(org.ctx, bundlePath, enrolmentBundle(org, dataDir, code), userId);
    out(`One-time enrolment code for ${userId}: ${code} (valid until ${when(expiresAt)})`);
    if (bundlePath !== undefined) out(`Enrolment bundle for ${userId} (server URL, CA, code): ${bundlePath}`);
  });
};

function recordKey(entity: string | undefined, recordId: string | undefined): RecordKey {
  const parsedEntity = SyncedEntity.safeParse(requiredOption(entity, '--entity', `one of ${syncedEntities.join(', ')}`));
  if (!parsedEntity.success) throw new CliOptionError(`--entity is one of ${syncedEntities.join(', ')}`);
  const parsedId = RecordId.safeParse(requiredOption(recordId, '--record', 'the record’s id (a UUID)'));
  if (!parsedId.success) throw new CliOptionError('--record is the record’s id (a UUID)');
  return { entity: parsedEntity.data, recordId: parsedId.data };
}

const ledgerText = (entry: ErasureRow): string =>
  `ledger entry ${entry.entity}/${entry.recordId} at commit ${entry.commitSeq}, erased ${when(entry.erasedAt)} by user ${entry.erasedByUserId}`;

/** Refuses, before anything changes, an id this entity never held that another one holds: a wrong --entity. */
async function checkEntity(org: OpenedOrganisation, key: RecordKey): Promise<void> {
  const others = await org.store.read(async (tx) => ((await findStoredKey(tx, key)) === null ? otherEntitiesWithId(tx, key) : []));
  if (others.length > 0) {
    throw new CliOptionError(`--record names no ${key.entity} record; the id is stored as ${others.join(', ')} (run with --entity ${others[0] ?? ''}). Nothing changed.`);
  }
}

/**
 * Erases a record as POST /v1/admin/erase does: the record and its history go, an id-only ledger entry stays (so no
 * device can write the id again) and every device that may hold it purges it at its next sync. An id the server
 * never stored is entered in the ledger too, as the route does: a device may hold it unpushed. That run exits 1
 * all the same, as nothing was erased (a mistyped id); an id another entity holds is refused before any change.
 * On SQLite, a WAL checkpoint still owed once the store has closed (a running serve held a read through every try, so
 * the erased values' sealed bytes may still be in the -wal file) is said and exits 1: the erasure stands, and the
 * mark it left in the file has whichever store opens it next finish the job.
 */
const erase: Command = async (args) => {
  const { values } = parseArgs({ args, options: { 'data-dir': { type: 'string' }, entity: { type: 'string' }, record: { type: 'string' }, ...storeOptions } });
  const dataDir = dataDirOption(values['data-dir']);
  const named = recordKey(values.entity, values.record);
  const store = await withOrganisation(dataDir, values, async (org) => {
    await checkEntity(org, named);
    const { existed, alreadyErased, ledger } = await eraseRecordSpellings(org.ctx, consoleActor(await consoleAdminId(org)), named);
    // One entry, or one per spelling of the id that was stored (eraseRecordSpellings).
    const entries = ledger.map(ledgerText).join('; ');
    if (alreadyErased) out(`Already erased, nothing changed: ${entries}.`);
    else if (existed) out(`Erased: ${entries}. Every device that may hold it purges it at its next sync.`);
    else {
      out(`No such record was stored; recorded anyway so no device can write it: ${entries}.`);
      throw new CliOptionError(`Nothing was erased: no ${named.entity} record with this id was stored (check --entity and --record).`);
    }
    return org.store;
  });
  // Asked once the store has closed: its close() made the last try.
  if (store.erasureCheckpointOwed?.() === true) throw new Error(checkpointOwedWarning);
};

const checkpointOwedWarning =
  'the erasure is recorded, but another process held the database open through every checkpoint try, so the erased ' +
  'record’s sealed bytes may still be in the store.db-wal file. A running serve settles it within 30 s or after its ' +
  'next write, and so does any command that opens this folder; run erase again to check (it exits 0 once settled).';

/** One device of an erasure's status: id, user and its times. */
const deviceLine = (device: DeviceRow, ackedAt?: number): string =>
  `  ${device.id}  user ${device.userId}  enrolled ${when(device.createdAt)}  last seen ${device.lastSeenAt === null ? '-' : when(device.lastSeenAt)}` +
  `${device.revokedAt === null ? '' : `  revoked ${when(device.revokedAt)}`}${ackedAt === undefined ? '' : `  acknowledged ${when(ackedAt)}`}`;

/** Which devices confirmed an erasure's purge, as POST /v1/admin/erasures/status answers, with each device's times. */
const erasureStatusCommand: Command = async (args) => {
  const { values } = parseArgs({ args, options: { 'data-dir': { type: 'string' }, entity: { type: 'string' }, record: { type: 'string' }, ...storeOptions } });
  const dataDir = dataDirOption(values['data-dir']);
  const named = recordKey(values.entity, values.record);
  await withOrganisation(dataDir, values, async (org) => {
    await checkEntity(org, named);
    const status = await erasureStatus(org.ctx, consoleActor(await consoleAdminId(org)), named).catch((error: unknown) => {
      if (error instanceof SyncError && error.code === 'not_found') throw new CliOptionError(`No erasure of this ${named.entity} record (erase makes one).`);
      throw error;
    });
    const [devices, acks] = await org.store.read((tx) => Promise.all([tx.listDevices(), tx.listPurgeAcks(status.commitSeq)]));
    const byId = new Map(devices.map((device) => [device.id, device]));
    const ackedAt = new Map(acks.map((ack) => [ack.deviceId, ack.ackedAt]));
    const section = (title: string, ids: readonly string[], acknowledged = false): void => {
      out(`${title}: ${ids.length}`);
      for (const id of ids) {
        const device = byId.get(id);
        out(device === undefined ? `  ${id}` : deviceLine(device, acknowledged ? ackedAt.get(id) : undefined));
      }
    };
    out(`Erasure at commit ${status.commitSeq}, erased ${when(status.erasedAt)}.`);
    section('Acknowledged', status.acknowledgedBy, true);
    section('Outstanding (active; purges at its next sync)', status.outstanding);
    section('Revoked, not confirmed (may still hold the record; cannot be told to purge)', status.revokedUnconfirmed);
    section('Never synced (holds nothing)', status.neverSynced);
  });
};

/**
 * Cancels every unused enrolment code of a user, whoever issued it: a code handed to the wrong person, or one a
 * lost admin laptop may have issued (revoking that device cancels the codes it issued; this covers the rest).
 */
const cancelCodes: Command = async (args) => {
  const { values } = parseArgs({ args, options: { 'data-dir': { type: 'string' }, user: { type: 'string' }, ...storeOptions } });
  const dataDir = dataDirOption(values['data-dir']);
  const userId = requiredOption(values.user, '--user', 'the id of the user whose unused codes to cancel (fieldvault-server users lists them)');
  await withOrganisation(dataDir, values, async (org) => {
    await existingUser(org, userId);
    const { cancelled } = await cancelEnrolmentCodes(org.ctx, consoleActor(await consoleAdminId(org)), userId);
    out(`Cancelled ${cancelled} unused enrolment code(s) of ${userId}. Devices already enrolled are not affected (revoke-device removes one).`);
  });
};

export const adminCommands: Readonly<Record<string, Command>> = {
  users,
  'create-user': createUserCommand,
  'set-role': setRole,
  memberships,
  'enrolment-code': enrolmentCode,
  'cancel-enrolment-codes': cancelCodes,
  erase,
  'erasure-status': erasureStatusCommand,
};
