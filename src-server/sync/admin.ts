// Administrative changes, each one transaction: users and enrolment codes,
// device revocation, team/territory memberships, moving a record between
// buckets and erasure (GDPR Art. 17). Every change that devices must learn
// about takes a commit sequence, so pulls and pokes in every server process
// see it in order. The caller (HTTP layer) has already checked the admin.
import { randomBytes } from 'node:crypto';
import type {
  CreateEnrolmentCodeResponse,
  CreateUserResponse,
  EraseRecordResponse,
  ErasureStatusResponse,
  ReassignRecordResponse,
  RenameUserResponse,
  SetMembershipsResponse,
} from '../../src-shared/sync/admin-protocol';
import type { RecordKey } from '../../src-shared/sync/protocol';
import type { BucketKind, MembershipChangeRow } from '../store/rows';
import type { StoreTx } from '../store/store';
import type { SyncContext } from './context';
import { createEnrolmentCode } from './devices';
import { notFound } from './errors';

const hourMs = 3_600_000;

export async function createUser(tx: StoreTx, displayName: string, isAdmin: boolean, now: number): Promise<CreateUserResponse> {
  const userId = `u-${randomBytes(8).toString('hex')}`;
  await tx.insertUser({ id: userId, displayName, isAdmin, createdAt: now });
  return { userId };
}

/** Changes a user's display name; devices that may see the user get it with their next directory fetch. */
export function renameUser(ctx: SyncContext, adminUserId: string, userId: string, displayName: string): Promise<RenameUserResponse> {
  return ctx.store.transaction(async (tx) => {
    if (!(await tx.renameUser(userId, displayName))) throw notFound('No such user');
    return { commitSeq: await tx.allocateCommit({ kind: 'admin', deviceId: null, userId: adminUserId, at: ctx.now() }) };
  });
}

export function issueEnrolmentCode(ctx: SyncContext, userId: string, validForHours: number): Promise<CreateEnrolmentCodeResponse> {
  return ctx.store.transaction(async (tx) => {
    if ((await tx.getUser(userId)) === null) throw notFound('No such user');
    const { code, expiresAt } = await createEnrolmentCode(tx, userId, ctx.now(), validForHours * hourMs);
    return { enrolmentCode: code, expiresAt };
  });
}

export function revokeDevice(ctx: SyncContext, adminUserId: string, deviceId: string): Promise<void> {
  return ctx.store.transaction(async (tx) => {
    const device = await tx.getDevice(deviceId);
    if (device === null) throw notFound('No such device');
    if (device.revokedAt !== null) return;
    const now = ctx.now();
    await tx.revokeDevice(deviceId, now);
    // A commit wakes the device's poke in every server process, which then answers device_revoked.
    await tx.allocateCommit({ kind: 'admin', deviceId: null, userId: adminUserId, at: now });
  });
}

export function setMemberships(
  ctx: SyncContext,
  adminUserId: string,
  userId: string,
  wanted: { readonly teamIds: readonly string[]; readonly territoryIds: readonly string[] },
): Promise<SetMembershipsResponse> {
  return ctx.store.transaction(async (tx) => {
    if ((await tx.getUser(userId)) === null) throw notFound('No such user');
    const current = await tx.getMemberships(userId);
    const diff = (kind: BucketKind, have: readonly string[], want: readonly string[]) => [
      ...want.filter((id) => !have.includes(id)).map((bucketId) => ({ kind, bucketId, change: 'added' as const })),
      ...have.filter((id) => !want.includes(id)).map((bucketId) => ({ kind, bucketId, change: 'removed' as const })),
    ];
    const changes = [...diff('team', current.teamIds, [...new Set(wanted.teamIds)]), ...diff('territory', current.territoryIds, [...new Set(wanted.territoryIds)])];
    if (changes.length === 0) return { commitSeq: await tx.head() };
    const commitSeq = await tx.allocateCommit({ kind: 'membership', deviceId: null, userId: adminUserId, at: ctx.now() });
    const rows: MembershipChangeRow[] = changes.map((change) => ({ ...change, commitSeq, userId }));
    await tx.applyMembershipChanges(rows);
    return { commitSeq };
  });
}

export function reassignRecord(
  ctx: SyncContext,
  adminUserId: string,
  key: RecordKey,
  buckets: { readonly ownerUserId: string; readonly teamId: string | null; readonly territoryId: string | null },
): Promise<ReassignRecordResponse> {
  return ctx.store.transaction(async (tx) => {
    const [record] = await tx.getRecords([key]);
    if (record === undefined || record.deletedSeq !== null) throw notFound('No such record');
    if ((await tx.getUser(buckets.ownerUserId)) === null) throw notFound('No such user');
    const commitSeq = await tx.allocateCommit({ kind: 'rebucket', deviceId: null, userId: adminUserId, at: ctx.now() });
    await tx.updateRecordBuckets(key, buckets, commitSeq);
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

/** Hard-deletes the record and its history, keeps an id-only ledger entry; idempotent. */
export function eraseRecord(ctx: SyncContext, adminUserId: string, key: RecordKey): Promise<EraseRecordResponse> {
  return ctx.store.transaction(async (tx) => {
    const [earlier] = await tx.findErasures([key]);
    if (earlier !== undefined) return { commitSeq: earlier.commitSeq, existed: false };
    const now = ctx.now();
    const commitSeq = await tx.allocateCommit({ kind: 'erase', deviceId: null, userId: adminUserId, at: now });
    const existed = await tx.eraseRecord({ ...key, commitSeq, erasedAt: now, erasedByUserId: adminUserId });
    return { commitSeq, existed };
  });
}

export function erasureStatus(ctx: SyncContext, key: RecordKey): Promise<ErasureStatusResponse> {
  return ctx.store.read(async (tx) => {
    const [erasure] = await tx.findErasures([key]);
    if (erasure === undefined) throw notFound('No erasure of this record');
    const [acks, devices] = await Promise.all([tx.listPurgeAcks(erasure.commitSeq), tx.listDevices()]);
    const acknowledged = new Set(acks.map((ack) => ack.deviceId));
    const outstanding = devices
      .filter((device) => device.revokedAt === null && device.createdAt <= erasure.erasedAt && !acknowledged.has(device.id))
      .map((device) => device.id);
    return { commitSeq: erasure.commitSeq, erasedAt: erasure.erasedAt, acknowledgedBy: [...acknowledged], outstanding };
  });
}
