// Buckets decide what a device may hold: records its user owns, and records
// of the teams and territories the user belongs to. Until roles land this is
// the whole of read access (ARCHITECTURE.md "Partial replication").
import type { Buckets, Memberships, RecordBuckets } from '../store/rows';

export function bucketsOf(userId: string, memberships: Memberships): Buckets {
  return { userIds: [userId], teamIds: memberships.teamIds, territoryIds: memberships.territoryIds };
}

/** Buckets of teams and territories only (no owner): the ones a membership change added or removed. */
export function groupBuckets(teamIds: readonly string[], territoryIds: readonly string[]): Buckets {
  return { userIds: [], teamIds, territoryIds };
}

export function isVisible(record: RecordBuckets, buckets: Buckets): boolean {
  return (
    buckets.userIds.includes(record.ownerUserId) ||
    (record.teamId !== null && buckets.teamIds.includes(record.teamId)) ||
    (record.territoryId !== null && buckets.territoryIds.includes(record.territoryId))
  );
}

export function isEmpty(buckets: Buckets): boolean {
  return buckets.userIds.length === 0 && buckets.teamIds.length === 0 && buckets.territoryIds.length === 0;
}

/** Bucket keys of a record a user creates: owner, and the user's first team and territory (sorted ids). */
export function bucketsForNewRecord(userId: string, memberships: Memberships): RecordBuckets {
  return { ownerUserId: userId, teamId: memberships.teamIds[0] ?? null, territoryId: memberships.territoryIds[0] ?? null };
}

export const recordKeyString = (entity: string, recordId: string): string => `${entity}/${recordId}`;
