// Administrative changes, each one transaction: users and enrolment codes,
// device revocation, team/territory memberships, moving a record between
// buckets and erasure (GDPR Art. 17). Every change that devices must learn
// about takes a commit sequence, so pulls and pokes in every server process
// see it in order. The HTTP layer checks the admin before it reads the
// body; each change checks again in its own transaction (`stillAdmin`) that
// the device is not revoked and its user still an admin, as pulls, pushes
// and pokes do (`requireEnrolled`): a revocation that committed after the
// request was authenticated let one more change through, an enrolment code
// for a thief's next device among them (`admin-revoked.test.ts`). A code
// names the admin device that issued it, and revoking that device cancels
// the codes it issued that could still enrol one (`enrolment-code-cancel.test.ts`).
// An admin can be made a member again (setUserRole), unless they are the last
// one; an admin device may demote only its own user, the console anyone.
// The typo guards the console has are kept here too, in the change's
// transaction: a wrong entity for an erasure, a team or territory id nobody
// has in place of a real one (unheld-buckets.ts); nothing is written then.
import { randomBytes } from 'node:crypto';
import type {
  CancelEnrolmentCodesResponse,
  CreateEnrolmentCodeResponse,
  CreateUserResponse,
  EraseRecordResponse,
  ErasureStatusResponse,
  ReassignRecordResponse,
  RenameUserResponse,
  SetMembershipsResponse,
  SetUserRoleResponse,
} from '../../src-shared/sync/admin-protocol';
import { syncedEntities, type RecordKey, type SyncedEntity } from '../../src-shared/sync/protocol';
import type { BucketKind, DeviceRow, ErasureRow, MembershipChangeRow } from '../store/rows';
import type { StoreReadTx, StoreTx } from '../store/store';
import type { SyncContext, SyncLog } from './context';
import { createEnrolmentCode, neverSynced, requireEnrolled } from './devices';
import { badRequest, forbidden, notFound } from './errors';
import { adminTaskBuckets, placeAfterMembershipChange, storedTaskPlacementStep } from './stored-task-placement';
import { describeUnheld, unheldBucketIds, type WantedBuckets } from './unheld-buckets';

const hourMs = 3_600_000;

/** Who makes an admin change: an admin user's device, or the operator at the server's console (no device) acting as a user. */
export interface AdminActor {
  readonly userId: string;
  readonly device: DeviceRow | null;
}

/** The operator at the server's console (the CLI, the demo seed), acting as `userId`. */
export const consoleActor = (userId: string): AdminActor => ({ userId, device: null });

/** Refuses the change, in its transaction, when the acting device was revoked or its user is no longer an admin. */
async function stillAdmin(tx: StoreReadTx, actor: AdminActor): Promise<void> {
  if (actor.device === null) return;
  await requireEnrolled(tx, actor.device);
  if ((await tx.getUser(actor.userId))?.isAdmin !== true) throw forbidden('Only an administrator may do this');
}

export async function createUser(tx: StoreTx, actor: AdminActor, displayName: string, isAdmin: boolean, now: number): Promise<CreateUserResponse> {
  await stillAdmin(tx, actor);
  const userId = `u-${randomBytes(8).toString('hex')}`;
  await tx.insertUser({ id: userId, displayName, isAdmin, createdAt: now });
  return { userId };
}

/** Changes a user's display name; devices that may see the user get it with their next directory fetch. */
export function renameUser(ctx: SyncContext, actor: AdminActor, userId: string, displayName: string): Promise<RenameUserResponse> {
  return ctx.store.transaction(async (tx) => {
    await stillAdmin(tx, actor);
    if (!(await tx.renameUser(userId, displayName))) throw notFound('No such user');
    return { commitSeq: await tx.allocateCommit({ kind: 'admin', deviceId: null, userId: actor.userId, at: ctx.now() }) };
  });
}

/**
 * Makes the user an admin or a member. Demoting the last admin is refused: nobody could then administer the
 * organisation over the API. Over the API (an actor with a device) an admin may demote only themself; demoting
 * another admin is for the console. Demoting cancels every code that one of the user's devices issued and that could
 * still enrol a device, as revoking such a device does (revokeDevice): an admin made by a thief on a stolen admin
 * laptop loses, with the role, the codes their own devices handed out. Nothing a device holds shows the role, so
 * the directory stays; the next admin request of the user's devices is refused (`stillAdmin`, the HTTP gate).
 */
export function setUserRole(ctx: SyncContext, actor: AdminActor, userId: string, isAdmin: boolean): Promise<SetUserRoleResponse> {
  return ctx.store.transaction(async (tx) => {
    await stillAdmin(tx, actor);
    const user = await tx.getUser(userId);
    if (user === null) throw notFound('No such user');
    // A device may demote only its own user: a thief on a stolen admin laptop makes an admin of their own, which
    // satisfies the last-admin rule, and could then demote every real admin, whose devices could no longer revoke
    // the laptop. Another admin is made a member at the console (`set-role`). Promoting adds nothing a thief
    // lacks: they can already create an admin.
    if (!isAdmin && actor.device !== null && userId !== actor.userId) {
      throw forbidden('An admin device may make only its own user a member; make another admin a member at the server console (fieldvault-server set-role). Nothing changed.');
    }
    if (user.isAdmin === isAdmin) return { commitSeq: await tx.head(), changed: false, cancelledEnrolmentCodes: 0 };
    if (!isAdmin && !(await tx.listUsers()).some((other) => other.isAdmin && other.id !== userId)) {
      throw badRequest(`${userId} is the organisation's last admin: make another user an admin first. Nothing changed.`);
    }
    const now = ctx.now();
    await tx.setUserAdmin(userId, isAdmin);
    let cancelled = 0;
    if (!isAdmin) for (const device of await tx.listDevices(userId)) cancelled += await tx.cancelEnrolmentCodes({ issuedByDeviceId: device.id }, now);
    const commitSeq = await tx.allocateCommit({ kind: 'admin', deviceId: null, userId: actor.userId, at: now });
    return { commitSeq, changed: true, cancelledEnrolmentCodes: cancelled };
  });
}

/**
 * Refuses, unless `allowNewIds`, a change that takes a team or territory away and names one in `added` that no user
 * holds and no record carries (unheld-buckets.ts): most likely a typo, whose devices would evict the real one's records.
 */
async function refuseUnheldInPlaceOfHeld(tx: StoreReadTx, added: WantedBuckets, takesAway: readonly string[], allowNewIds: boolean): Promise<void> {
  if (allowNewIds || takesAway.length === 0) return;
  const unknown = describeUnheld(await unheldBucketIds(tx, added));
  if (unknown === null) return;
  throw badRequest(`No user and no record has ${unknown}: a typo, or a new one? The change would also take away ${takesAway.join(', ')}. Nothing changed; send allowNewIds to make it anyway.`);
}

export function issueEnrolmentCode(ctx: SyncContext, actor: AdminActor, userId: string, validForHours: number): Promise<CreateEnrolmentCodeResponse> {
  return ctx.store.transaction(async (tx) => {
    await stillAdmin(tx, actor);
    if ((await tx.getUser(userId)) === null) throw notFound('No such user');
    const { code, expiresAt } = await createEnrolmentCode(tx, userId, ctx.now(), validForHours * hourMs, actor.device?.id ?? null);
    return { enrolmentCode: code, expiresAt };
  });
}

/** Cancels every code for `userId` that could still enrol a device (a code handed to the wrong person, or leaked). */
export function cancelEnrolmentCodes(ctx: SyncContext, actor: AdminActor, userId: string): Promise<CancelEnrolmentCodesResponse> {
  return ctx.store.transaction(async (tx) => {
    await stillAdmin(tx, actor);
    if ((await tx.getUser(userId)) === null) throw notFound('No such user');
    return { cancelled: await tx.cancelEnrolmentCodes({ userId }, ctx.now()) };
  });
}

/**
 * Revokes the device and, in the same transaction, cancels every code it issued that could still enrol one
 * (for any user, a new admin among them): whoever holds a stolen admin laptop must not keep its codes.
 * Devices already enrolled with its codes stay enrolled; revoke them one by one.
 */
export function revokeDevice(ctx: SyncContext, actor: AdminActor, deviceId: string): Promise<RevokeOutcome> {
  return ctx.store.transaction(async (tx) => {
    await stillAdmin(tx, actor);
    const device = await tx.getDevice(deviceId);
    if (device === null) throw notFound('No such device');
    if (device.revokedAt !== null) return { revokedAt: device.revokedAt, alreadyRevoked: true };
    const now = ctx.now();
    await tx.revokeDevice(deviceId, now);
    await tx.cancelEnrolmentCodes({ issuedByDeviceId: deviceId }, now);
    // A commit wakes the device's poke in every server process, which then answers device_revoked.
    await tx.allocateCommit({ kind: 'admin', deviceId: null, userId: actor.userId, at: now });
    return { revokedAt: now, alreadyRevoked: false };
  });
}

/** When the device was revoked, and whether an earlier revocation had done it (nothing changed then). */
export interface RevokeOutcome {
  readonly revokedAt: number;
  readonly alreadyRevoked: boolean;
}

/**
 * Replaces the user's teams and territories; a kind left out keeps its current ones (the console's `memberships --teams`
 * alone). A change re-places the tasks after it commits, outside its commit lock (stored-task-placement.ts): the
 * user's tasks may have left their reach, or found a team they share with their owner. The answer does not wait for
 * that walk (placementWalksSettled does); a failed walk is logged to `log` and left to the next start or change.
 */
export async function setMemberships(
  ctx: SyncContext,
  actor: AdminActor,
  userId: string,
  wanted: WantedBuckets & { readonly allowNewIds?: boolean },
  log: SyncLog = () => undefined,
): Promise<SetMembershipsResponse> {
  const changed = await ctx.store.transaction(async (tx) => {
    await stillAdmin(tx, actor);
    if ((await tx.getUser(userId)) === null) throw notFound('No such user');
    const current = await tx.getMemberships(userId);
    const diff = (kind: BucketKind, have: readonly string[], want: readonly string[]) => [
      ...want.filter((id) => !have.includes(id)).map((bucketId) => ({ kind, bucketId, change: 'added' as const })),
      ...have.filter((id) => !want.includes(id)).map((bucketId) => ({ kind, bucketId, change: 'removed' as const })),
    ];
    const teams = [...new Set(wanted.teamIds ?? current.teamIds)];
    const territories = [...new Set(wanted.territoryIds ?? current.territoryIds)];
    const changes = [...diff('team', current.teamIds, teams), ...diff('territory', current.territoryIds, territories)];
    if (changes.length === 0) return { commitSeq: await tx.head(), changed: false };
    const ids = (kind: BucketKind, change: 'added' | 'removed') => changes.filter((row) => row.kind === kind && row.change === change).map((row) => row.bucketId);
    const removed = [...ids('team', 'removed').map((id) => `team ${JSON.stringify(id)}`), ...ids('territory', 'removed').map((id) => `territory ${JSON.stringify(id)}`)];
    await refuseUnheldInPlaceOfHeld(tx, { teamIds: ids('team', 'added'), territoryIds: ids('territory', 'added') }, removed, wanted.allowNewIds === true);
    const commitSeq = await tx.allocateCommit({ kind: 'membership', deviceId: null, userId: actor.userId, at: ctx.now() });
    const rows: MembershipChangeRow[] = changes.map((change) => ({ ...change, commitSeq, userId }));
    await tx.applyMembershipChanges(rows);
    // With the change, so a walk that never ends (a failure, a stop) runs again at the next start.
    await tx.forgetServerStep(storedTaskPlacementStep);
    return { commitSeq, changed: true };
  });
  if (changed.changed) void placeAfterMembershipChange(ctx, log);
  return { commitSeq: changed.commitSeq };
}

export function reassignRecord(
  ctx: SyncContext,
  actor: AdminActor,
  named: RecordKey,
  buckets: { readonly ownerUserId: string; readonly teamId: string | null; readonly territoryId: string | null; readonly allowNewIds?: boolean },
): Promise<ReassignRecordResponse> {
  return ctx.store.transaction(async (tx) => {
    await stillAdmin(tx, actor);
    const [record] = await tx.getRecords([(await findStoredKey(tx, named)) ?? named]);
    if (record === undefined || record.deletedSeq !== null) throw notFound('No such record');
    const key: RecordKey = { entity: record.entity, recordId: record.recordId };
    if ((await tx.getUser(buckets.ownerUserId)) === null) throw notFound('No such user');
    const wanted = { ownerUserId: buckets.ownerUserId, teamId: buckets.teamId, territoryId: buckets.territoryId };
    const moved = (from: string | null, to: string | null): from is string => from !== null && from !== to;
    const takesAway = [
      ...(moved(record.teamId, wanted.teamId) ? [`team ${JSON.stringify(record.teamId)}`] : []),
      ...(moved(record.territoryId, wanted.territoryId) ? [`territory ${JSON.stringify(record.territoryId)}`] : []),
    ];
    const added = { teamIds: wanted.teamId === null ? [] : [wanted.teamId], territoryIds: wanted.territoryId === null ? [] : [wanted.territoryId] };
    await refuseUnheldInPlaceOfHeld(tx, added, takesAway, buckets.allowNewIds === true);
    // A task follows its assignee here too (stored-task-placement.ts): a move that would leave the assignee out puts it where both reach.
    const next = record.entity === 'tasks' ? await adminTaskBuckets(tx, ctx.keyring, record, wanted) : wanted;
    const commitSeq = await tx.allocateCommit({ kind: 'rebucket', deviceId: null, userId: actor.userId, at: ctx.now() });
    await tx.updateRecordBuckets(key, next, commitSeq);
    await tx.appendChangeLog([
      {
        ...key,
        commitSeq,
        kind: 'rebucket',
        deviceId: null,
        fields: [],
        previousBuckets: { ownerUserId: record.ownerUserId, teamId: record.teamId, territoryId: record.territoryId },
      },
    ]);
    return { commitSeq };
  });
}

/** The spellings of an id admins may name: as given, in lower case and in upper case (findStoredKey). */
const spellingsOf = (key: RecordKey): RecordKey[] =>
  [...new Set([key.recordId, key.recordId.toLowerCase(), key.recordId.toUpperCase()])].map((recordId) => ({ entity: key.entity, recordId }));

/** Every spelling of the id the server holds: its ledger entries and its stored records (tombstones included), in spellingsOf's order. */
async function storedSpellings(tx: StoreReadTx, key: RecordKey): Promise<{ readonly erasures: ErasureRow[]; readonly stored: RecordKey[] }> {
  const spellings = spellingsOf(key);
  const [erasures, records] = await Promise.all([tx.findErasures(spellings), tx.getRecords(spellings)]);
  const held = new Set(records.map((row) => row.recordId));
  return { erasures, stored: spellings.filter((spelling) => held.has(spelling.recordId)) };
}

/** The most recent of these ledger entries: the erasure whose purge devices confirm last. */
const latestErasure = (erasures: readonly ErasureRow[]): ErasureRow | undefined =>
  erasures.reduce<ErasureRow | undefined>((latest, row) => (latest === undefined || row.commitSeq > latest.commitSeq ? row : latest), undefined);

/**
 * The key as the server holds it, a record or a ledger entry, or null. Admins may name an id in either case: a
 * server before the lower-case rule for new ids (push.ts) stored one as its device spelt it, and keys compare byte
 * for byte, so such a record could not be erased by its lower-case id. A mixed-case spelling is found only as given.
 * A stored record comes before a ledger entry (a device may have pushed the id in two spellings, one erased since),
 * and of two ledger entries the latest.
 */
export async function findStoredKey(tx: StoreReadTx, key: RecordKey): Promise<RecordKey | null> {
  const { erasures, stored } = await storedSpellings(tx, key);
  const erasure = latestErasure(erasures);
  return stored[0] ?? (erasure === undefined ? null : { entity: erasure.entity, recordId: erasure.recordId });
}

/** The other entities that hold a record or a ledger entry under this id (in any spelling findStoredKey finds): a wrong entity named. */
export async function otherEntitiesWithId(tx: StoreReadTx, key: RecordKey): Promise<SyncedEntity[]> {
  const others = syncedEntities.filter((entity) => entity !== key.entity);
  const found = await Promise.all(others.map(async (entity) => ((await findStoredKey(tx, { entity, recordId: key.recordId })) === null ? null : entity)));
  return found.filter((entity) => entity !== null);
}

/** What an erasure did, with the ledger entries it made (or, already erased, the latest one it found). */
export interface EraseOutcome extends EraseRecordResponse {
  readonly ledger: readonly ErasureRow[];
}

/**
 * Hard-deletes the record and its history, keeps an id-only ledger entry; idempotent. The id may be named in either
 * case (findStoredKey), and every stored spelling of it is erased, each in its own commit with its own ledger entry
 * (purges are acknowledged per erasure commit): a copy under another spelling, with its personal data, stayed when
 * the spelling found first was already in the ledger. An id stored nowhere is entered in lower case, as devices make ids,
 * unless another entity holds it: a wrong entity named is refused (`bad_request`) before anything is written.
 */
export function eraseRecordSpellings(ctx: SyncContext, actor: AdminActor, named: RecordKey): Promise<EraseOutcome> {
  return ctx.store.transaction(async (tx) => {
    await stillAdmin(tx, actor);
    const { erasures, stored } = await storedSpellings(tx, named);
    const earlier = latestErasure(erasures);
    if (stored.length === 0 && earlier === undefined) {
      // A wrong entity named (a deal's id as `contacts`): the ledger entry would be permanent and the record stay.
      const others = await otherEntitiesWithId(tx, named);
      if (others.length > 0) throw badRequest(`No ${named.entity} record has this id; it is stored as ${others.join(', ')}. Nothing changed.`);
    }
    if (stored.length === 0 && earlier !== undefined) return { commitSeq: earlier.commitSeq, existed: false, alreadyErased: true, ledger: [earlier] };
    const keys = stored.length > 0 ? stored : [{ entity: named.entity, recordId: named.recordId.toLowerCase() }];
    const now = ctx.now();
    const ledger: ErasureRow[] = [];
    let existed = false;
    for (const key of keys) {
      const entry: ErasureRow = { ...key, commitSeq: await tx.allocateCommit({ kind: 'erase', deviceId: null, userId: actor.userId, at: now }), erasedAt: now, erasedByUserId: actor.userId };
      existed = (await tx.eraseRecord(entry)) || existed;
      ledger.push(entry);
    }
    return { commitSeq: Math.max(...ledger.map((entry) => entry.commitSeq)), existed, alreadyErased: false, ledger };
  });
}

/** POST /v1/admin/erase: eraseRecordSpellings, answered with its latest erasure's commit. */
export async function eraseRecord(ctx: SyncContext, actor: AdminActor, named: RecordKey): Promise<EraseRecordResponse> {
  const { commitSeq, existed, alreadyErased } = await eraseRecordSpellings(ctx, actor, named);
  return { commitSeq, existed, alreadyErased };
}

/**
 * Which devices enrolled before the erasure confirmed the purge, and which did not, in three kinds: active devices
 * that synced (they purge at their next sync), revoked ones that synced (a stolen or lost laptop may still hold the
 * record; it is told nothing more), and devices that never synced (they hold nothing; a later first sync
 * acknowledges for them, pull.ts). A device acknowledged is listed there, revoked or not. Of an id erased under two
 * spellings (eraseRecordSpellings) the latest erasure is read.
 */
export function erasureStatus(ctx: SyncContext, actor: AdminActor, named: RecordKey): Promise<ErasureStatusResponse> {
  return ctx.store.read(async (tx) => {
    await stillAdmin(tx, actor);
    const erasure = latestErasure((await storedSpellings(tx, named)).erasures);
    if (erasure === undefined) throw notFound('No erasure of this record');
    const [acks, devices] = await Promise.all([tx.listPurgeAcks(erasure.commitSeq), tx.listDevices()]);
    const acknowledged = new Set(acks.map((ack) => ack.deviceId));
    const unconfirmed = devices.filter((device) => device.createdAt <= erasure.erasedAt && !acknowledged.has(device.id));
    const ids = (rows: readonly DeviceRow[]): string[] => rows.map((device) => device.id);
    const synced = unconfirmed.filter((device) => !neverSynced(device));
    return {
      commitSeq: erasure.commitSeq,
      erasedAt: erasure.erasedAt,
      acknowledgedBy: [...acknowledged],
      outstanding: ids(synced.filter((device) => device.revokedAt === null)),
      revokedUnconfirmed: ids(synced.filter((device) => device.revokedAt !== null)),
      neverSynced: ids(unconfirmed.filter(neverSynced)),
    };
  });
}
