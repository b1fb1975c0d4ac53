// Activities: create, detail (linked contact, account and deal, live or in
// the trash), list, patch, soft delete and restore. A write's links must be
// live. One logged against a contact or deal without an account gets theirs
// (accountFor), so the account's timeline, which lists by the activity's own
// account link, shows it.
import { Activity, type ActivityDraft, type ActivityListQuery, type ActivityPage, type ActivityPatch } from '../../../src-shared/domain/activity';
import type { BulkDeleted, BulkRestored, Deleted } from '../../../src-shared/domain/common';
import type { ActivityDetail } from '../../../src-shared/domain/details';
import type { AccountId, ActivityId } from '../../../src-shared/domain/ids';
import { NotFoundError } from '../../../src-shared/ipc/errors';
import type { ReadTx, WriteTx } from '../../vault/connection';
import { uuid7 } from '../../vault/uuid7';
import { activityListRequest, activityTable } from './activity.repo';
import { findRecord } from './entity-table';
import { requireRecordLinks, requireRestorableLinks, restorableLinks } from './links';
import { countList, listPage } from './list-query';
import { restoreRecords, trashRecords, type BulkMoveOptions } from './bulk-writes';
import { insertRecord, requireLiveRecord, restoreRecord, saveChanges, trashRecord } from './record-writes';
import { linksOf, liveAccount, liveContact, liveDeal } from './related';
import { writeContext } from './write-context';
import { teammateMark } from './record-owners';

export async function createActivity(tx: WriteTx, draft: ActivityDraft, now: number): Promise<Activity> {
  const { userId } = await writeContext(tx, now);
  await requireRecordLinks(tx, draft);
  const activity = Activity.parse({
    ...draft,
    accountId: await accountFor(tx, draft),
    id: uuid7(now),
    ownerId: draft.ownerId ?? userId,
    createdAt: now,
    createdBy: userId,
    updatedAt: now,
    updatedBy: userId,
    deletedAt: null,
  });
  return insertRecord(tx, activityTable, activity, now);
}

/**
 * The account a new activity is linked to: the one the caller gave, else its
 * deal's, else its contact's (the deal's first: when the two differ, the call
 * was about that sale). A live account only: a local write may not link one
 * in the trash or not on this device (links.ts), so none is filled in then.
 * Only here, on a local create: an activity from sync or an edit keeps the
 * links it was given.
 */
async function accountFor(tx: ReadTx, draft: ActivityDraft): Promise<AccountId | null> {
  if (draft.accountId !== null) return draft.accountId;
  for (const linked of [await liveDeal(tx, draft.dealId), await liveContact(tx, draft.contactId)]) {
    const account = await liveAccount(tx, linked?.accountId ?? null);
    if (account !== null) return account.id;
  }
  return null;
}

/**
 * The activity and the records it links to. Those in the trash are named apart
 * (trashedContact…): its fields name them, so its Related card lists them as in
 * the trash; before, it said "None yet" beside "Contact: Jane Doe".
 */
export async function getActivityDetail(tx: ReadTx, id: ActivityId): Promise<ActivityDetail> {
  const activity = await findRecord(tx, activityTable, id);
  if (activity === null) throw new NotFoundError(activityTable.label);
  return { activity, ...(await teammateMark(tx, 'activities', id)), ...(await linksOf(tx, activity)) };
}

export function listActivities(tx: ReadTx, query: ActivityListQuery): Promise<ActivityPage> {
  return listPage(tx, activityTable, activityListRequest(query));
}

/** How many activities the list query matches (filters and trash side), counting no further than upTo. */
export function countActivities(tx: ReadTx, query: ActivityListQuery, upTo: number, ids?: readonly string[]): Promise<number> {
  return countList(tx, activityTable, activityListRequest(query), upTo, ids);
}

export async function updateActivity(tx: WriteTx, id: ActivityId, patch: ActivityPatch, now: number): Promise<Activity> {
  const before = await requireLiveRecord(tx, activityTable, id);
  await requireRecordLinks(tx, patch, before);
  return saveChanges(tx, activityTable, before, Activity.parse({ ...before, ...patch }), await writeContext(tx, now));
}

export async function deleteActivity(tx: WriteTx, id: ActivityId, now: number): Promise<Deleted> {
  return trashRecord(tx, activityTable, id, await writeContext(tx, now));
}

export async function restoreActivity(tx: WriteTx, id: ActivityId, now: number): Promise<Activity> {
  return restoreRecord(tx, activityTable, id, await writeContext(tx, now), (record) => requireRestorableLinks(tx, record));
}

/** Trashes the selection in the caller's transaction, all or nothing but for an Undo's `skipGone` (bulk-writes.ts). */
export async function deleteActivities(tx: WriteTx, ids: readonly ActivityId[], now: number, options: BulkMoveOptions = {}): Promise<BulkDeleted> {
  return trashRecords(tx, activityTable, ids, await writeContext(tx, now), options);
}

/** Restores the selection (undo of deleteActivities), all or nothing but for an Undo's `skipGone`. */
export async function restoreActivities(tx: WriteTx, ids: readonly ActivityId[], now: number, options: BulkMoveOptions = {}): Promise<BulkRestored> {
  return restoreRecords(tx, activityTable, ids, await writeContext(tx, now), restorableLinks(tx), options);
}
