// A task's assignee counts toward its visibility (ARCHITECTURE.md "Partial
// replication"). A new record is filed under its creator and the creator's
// first team and territory; the desktop's "Assign…" offers everyone who shares
// any team or territory with the user. A rep in teams X and Y who assigned a
// task to someone only in Y filed it in X, and the assignee's device never
// received it. So a task's team and territory follow its assignee: when a push
// creates a task or changes its assignee, they are chosen afresh from its
// owner's memberships (the owner is the pusher: only the owner writes): the
// owner's first team and territory when the assignee is in either, else the
// owner's first team the assignee is also in, else the first such territory.
// A stored task keeps its team and territory when its new assignee (the
// owner, when it is assigned to the owner or to no one) already shares either:
// a task an admin placed in a team, or that sits in the owner's second team,
// stayed visible to that team's members only while it stayed there
// (push-assignee.test.ts).
// A task moved that way is a bucket move of the push's commit (a 'rebucket'
// change-log row, as an admin's reassignment makes), so pulls backfill it to
// the new assignee and evict it from devices that no longer see it, the
// former assignee's among them.
import type { Memberships, RecordBuckets, RecordKey } from '../store/rows';
import type { StoreTx } from '../store/store';
import { bucketsForNewRecord } from './buckets';
import type { PushState } from './push-state';

/** Whether a member of these teams and territories sees a record in `buckets` through its team or territory. */
const sharesGroup = (buckets: RecordBuckets, member: Memberships): boolean =>
  (buckets.teamId !== null && member.teamIds.includes(buckets.teamId)) || (buckets.territoryId !== null && member.territoryIds.includes(buckets.territoryId));

/**
 * The buckets of a task owned by `ownerId` and assigned to `assigneeId` (null: none known). `stored`: the buckets
 * of a stored task being reassigned, kept when the assignee (the owner, for none or the owner) shares their team or territory.
 */
export function taskBuckets(
  ownerId: string,
  owner: Memberships,
  assigneeId: string | null,
  assignee: Memberships,
  stored: RecordBuckets | null = null,
): RecordBuckets {
  const toOwner = assigneeId === null || assigneeId === ownerId;
  if (stored !== null && sharesGroup(stored, toOwner ? owner : assignee)) return stored;
  const base = bucketsForNewRecord(ownerId, owner);
  if (toOwner || sharesGroup(base, assignee)) return base;
  const team = owner.teamIds.find((id) => assignee.teamIds.includes(id));
  if (team !== undefined) return { ...base, teamId: team };
  const territory = owner.territoryIds.find((id) => assignee.territoryIds.includes(id));
  if (territory !== undefined) return { ...base, territoryId: territory };
  // The assignee shares nothing with the owner (the desktop does not offer them): the task stays the owner's.
  return base;
}

/** A stored task this push moves to other buckets. */
export interface TaskMove {
  readonly key: RecordKey;
  readonly previous: RecordBuckets;
  readonly next: RecordBuckets;
}

export const sameBuckets = (a: RecordBuckets, b: RecordBuckets): boolean => a.ownerUserId === b.ownerUserId && a.teamId === b.teamId && a.territoryId === b.territoryId;

/**
 * Places every live task this push creates or reassigns (after its operations
 * applied): a new one is inserted in its buckets, a stored one that must move
 * is returned for `writeTaskMoves`.
 */
export async function placeAssignedTasks(tx: StoreTx, state: PushState, ownerId: string, owner: Memberships): Promise<TaskMove[]> {
  const moves: TaskMove[] = [];
  const memberships = new Map<string, Memberships>();
  for (const record of state.dirty()) {
    if (record.key.entity !== 'tasks' || record.buckets === null || record.deleted || record.deleteHlc !== null) continue;
    if (!record.created && !record.applied.has('assigneeId')) continue;
    const value = record.fields['assigneeId']?.value;
    const assigneeId = typeof value === 'string' ? value : null;
    let assignee = assigneeId === null ? undefined : memberships.get(assigneeId);
    if (assigneeId !== null && assignee === undefined) {
      assignee = await tx.getMemberships(assigneeId);
      memberships.set(assigneeId, assignee);
    }
    const previous = record.buckets;
    const next = taskBuckets(ownerId, owner, assigneeId, assignee ?? { teamIds: [], territoryIds: [] }, record.created ? null : previous);
    if (sameBuckets(previous, next)) continue;
    record.buckets = next;
    if (!record.created) moves.push({ key: record.key, previous, next });
  }
  return moves;
}

/** Writes the moves as part of the push's commit, after its field state (which moves with the record); `deviceId` null: a server step's commit. */
export async function writeTaskMoves(tx: StoreTx, moves: readonly TaskMove[], commitSeq: number, deviceId: string | null): Promise<void> {
  for (const move of moves) await tx.updateRecordBuckets(move.key, move.next, commitSeq);
  await tx.appendChangeLog(moves.map((move) => ({ ...move.key, commitSeq, kind: 'rebucket' as const, deviceId, fields: [], previousBuckets: move.previous })));
}
