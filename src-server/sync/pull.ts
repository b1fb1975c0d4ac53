// Serves one pull page from one consistent store snapshot. The cursor is the
// last commit sequence the device has applied; a page covers whole commits
// (never part of one) and names the cursor to store with it. Three keyset-
// paged steps run at a fixed sequence and carry a `resume` token instead:
// the initial snapshot (cursor 0), and the eviction and backfill that a change
// of the user's teams or territories at commit M causes (ARCHITECTURE.md
// "Partial replication"). Visibility is always judged by the buckets the user
// has now, so a page never sends what the device may no longer hold.
import type { PullRequest, PullResponse, PullResume, ServerChange } from '../../src-shared/sync/protocol';
import type { Buckets, DeviceRow, MembershipChangeRow } from '../store/rows';
import { isStoreBusy, StoreStatementError } from '../store/store';
import { bucketsOf, groupBuckets, isEmpty } from './buckets';
import type { SyncContext, SyncLog } from './context';
import { requireEnrolled } from './devices';
import { directoryVersionOf } from './directory';
import { badRequest, cursorAhead } from './errors';
import { asPullResponse, fullStatesJson, PreparedPage } from './pull-body';
import { incrementalPage, type PullScope } from './pull-incremental';
import { ownersOf } from './record-state';

/** Empty incremental pages are skipped within one request, up to this many. */
const maxEmptyPagesPerRequest = 20;

/** The team/territory buckets a membership commit removed or added that still hold (added) or no longer hold (removed). */
function membershipDelta(changes: readonly MembershipChangeRow[], change: 'added' | 'removed', now: Buckets): Buckets {
  const pick = (kind: 'team' | 'territory', current: readonly string[]) =>
    changes
      .filter((row) => row.kind === kind && row.change === change)
      .map((row) => row.bucketId)
      .filter((id) => (change === 'added' ? current.includes(id) : !current.includes(id)));
  return groupBuckets(pick('team', now.teamIds), pick('territory', now.territoryIds));
}

/** A page before pullPage names the request it answers (and without `total`, which only PreparedPage carries). */
type Page = Omit<PullResponse, 'from' | 'directoryVersion' | 'total'> | PreparedPage;

/**
 * The first page of a snapshot or backfill says how many records the whole
 * step holds (PullResponse.total), counted in the same store snapshot as the
 * page: one count per step, not one per page (it costs about 100 ms for 100,000 records:
 * docs/ARCHITECTURE.md "Pull" has the measurements).
 */
async function stepTotal(scope: PullScope, resume: PullResume, visibleTo: Buckets): Promise<number | null> {
  return resume.after === null ? scope.tx.countRecords(visibleTo) : null;
}

async function servePhase(scope: PullScope, cursor: number, resume: PullResume): Promise<Page> {
  const { tx, ctx, buckets, head, limit } = scope;

  if (resume.phase === 'snapshot') {
    const total = await stepTotal(scope, resume, buckets);
    const records = await tx.listRecordPage(buckets, null, resume.after, limit);
    const changes = await fullStatesJson(tx, ctx.keyring, records, resume.atSeq);
    const owners = ownersOf(records);
    const finished = (nextCursor: number) => new PreparedPage(changes, nextCursor, null, nextCursor < head, total, owners);
    const last = records.at(-1);
    // The snapshot holds current state only. A device may already hold records
    // it pushed before this pull; ending at the last cursor it was served
    // (recordCursor; at least its enrolment head) replays the commits since,
    // so it also learns of their deletion, eviction or erasure. Replayed
    // upserts are idempotent under LWW.
    if (records.length < limit || last === undefined) return finished(Math.max(1, Math.min(resume.atSeq, scope.device.lastCursor)));
    return new PreparedPage(changes, cursor, { ...resume, after: { entity: last.entity, recordId: last.recordId } }, true, total, owners);
  }

  const changesAtM = await tx.listMembershipChanges(scope.device.userId, { afterSeq: resume.atSeq - 1, throughSeq: resume.atSeq });
  if (resume.phase === 'evict') {
    const removed = membershipDelta(changesAtM, 'removed', buckets);
    // The records the removed buckets held at M: one deleted since is a tombstone now, and the deletion stream
    // after M (lostSince counts buckets taken after M only) does not tell a device away since before M of it.
    const records = isEmpty(removed) ? [] : await tx.listRecordPage(removed, buckets, resume.after, limit, resume.atSeq);
    const changes: ServerChange[] = records.map((record) => ({ commitSeq: resume.atSeq, entity: record.entity, recordId: record.recordId, kind: 'evict', fields: {} }));
    const last = records.at(-1);
    if (records.length === limit && last !== undefined) {
      return { changes, cursor, resume: { ...resume, after: { entity: last.entity, recordId: last.recordId } }, hasMore: true };
    }
    return { changes, cursor, resume: { atSeq: resume.atSeq, phase: 'backfill', after: null }, hasMore: true };
  }

  const added = membershipDelta(changesAtM, 'added', buckets);
  const total = isEmpty(added) ? null : await stepTotal(scope, resume, added);
  const records = isEmpty(added) ? [] : await tx.listRecordPage(added, null, resume.after, limit);
  const changes = await fullStatesJson(tx, ctx.keyring, records, resume.atSeq);
  const owners = ownersOf(records);
  const last = records.at(-1);
  if (records.length === limit && last !== undefined) {
    return new PreparedPage(changes, cursor, { ...resume, after: { entity: last.entity, recordId: last.recordId } }, true, total, owners);
  }
  return new PreparedPage(changes, resume.atSeq, null, resume.atSeq < head, total, owners);
}

/**
 * Refuses a resume token that does not fit the cursor. A point past the head, or one no bucket change of the user's
 * is at, is what a device meets after the server was restored from an older backup (its commits were renumbered):
 * cursor_ahead, on which the device pulls from cursor 0. As bad_request it stopped the device's pulls for good.
 */
async function checkResume(scope: PullScope, cursor: number, resume: PullResume): Promise<void> {
  if (resume.atSeq > scope.head) throw cursorAhead('The pull resume point is ahead of this server; the device must sync from scratch');
  if (resume.phase === 'snapshot') {
    if (cursor !== 0) throw badRequest('A snapshot resumes only from cursor 0');
    return;
  }
  const first = (await scope.tx.listMembershipChanges(scope.device.userId, { afterSeq: cursor, throughSeq: resume.atSeq }))[0];
  if (first?.commitSeq !== resume.atSeq) throw cursorAhead('The pull resume point does not match a pending bucket change; the device must sync from scratch');
}

async function serve(scope: PullScope, request: PullRequest): Promise<Page> {
  const { tx, device, head } = scope;
  if (request.cursor > head) throw cursorAhead('The cursor is ahead of this server; the device must sync from scratch');
  if (request.resume !== null) {
    await checkResume(scope, request.cursor, request.resume);
    return servePhase(scope, request.cursor, request.resume);
  }
  if (request.cursor === 0) {
    if (head === 0) return { changes: [], cursor: 0, resume: null, hasMore: false };
    return servePhase(scope, 0, { atSeq: head, phase: 'snapshot', after: null });
  }
  let cursor = request.cursor;
  for (let round = 0; ; round += 1) {
    if (cursor >= head) return { changes: [], cursor, resume: null, hasMore: false };
    const nextMembership = (await tx.listMembershipChanges(device.userId, { afterSeq: cursor, throughSeq: head }))[0];
    if (nextMembership?.commitSeq === cursor + 1) {
      return servePhase(scope, cursor, { atSeq: nextMembership.commitSeq, phase: 'evict', after: null });
    }
    const upper = nextMembership === undefined ? head : nextMembership.commitSeq - 1;
    const page = await incrementalPage(scope, { afterSeq: cursor, throughSeq: upper });
    if (page.changes.length > 0 || round >= maxEmptyPagesPerRequest) {
      return { changes: page.changes, cursor: page.through, resume: null, hasMore: page.through < head, owners: page.owners };
    }
    cursor = page.through;
  }
}

/**
 * Per device, when this process last recorded its cursor and the device's
 * lastAppliedSeq then (keeps pulls mostly read-only).
 */
const cursorRecorded = new Map<string, { readonly at: number; readonly appliedSeq: number }>();
const cursorRecordIntervalMs = 10_000;

/**
 * Keeps device.lastCursor at the cursor the device was last served (a page's
 * own cursor, which the device stores with the page), so that a vault
 * restored from a backup or copied gives itself away by asking from below it
 * (`rewound` in pullPage). Recorded at most every 10 s, except after the
 * device pushed (its lastAppliedSeq moved): the pull that serves past its own
 * pushes, which it leaves out, is recorded, or a backup from before them
 * would pull from the cursor last recorded and never get them. When the
 * write lock is too busy for it (BUSY) the page is still sent and the next
 * pull records it: the window is the one between a push and its pull. A device
 * that rewound has its mark raised to the head it was served from, at once:
 * every page it asks for below it is served with its own versions, also
 * those pushed after its last recorded pull (a pull that failed after a push).
 * A false alarm (a page applied, then its transaction failed, and asked for
 * again) only sends the device versions it holds, which it skips.
 */
async function recordCursor(ctx: SyncContext, device: DeviceRow, served: number, replayThrough: number | null, log: SyncLog): Promise<void> {
  const now = ctx.now();
  if (device.lastSeenAt === device.createdAt) {
    // The device's first pull (a snapshot from cursor 0 moves no cursor): it now holds data, so a retried
    // enrolment may no longer give it back under a new token (enrol: "never synced" is lastSeenAt = createdAt).
    // Once per device, so a busy store fails this page (503) rather than leave the device open to that.
    await ctx.store.transaction((tx) => tx.updateDeviceProgress(device.id, { lastSeenAt: Math.max(now, device.createdAt + 1) }));
  }
  const cursor = Math.max(served, replayThrough ?? 0);
  if (cursor <= device.lastCursor) return;
  const last = cursorRecorded.get(device.id);
  const pushedSince = last?.appliedSeq !== device.lastAppliedSeq;
  if (replayThrough === null && !pushedSince && now - (last?.at ?? 0) < cursorRecordIntervalMs) return;
  try {
    await ctx.store.transaction((tx) => tx.updateDeviceProgress(device.id, { lastCursor: cursor, lastSeenAt: now }));
  } catch (error) {
    // The routine mark waits for the next pull (nothing above says it was recorded), not the page: under push
    // contention the write lock is busy, and a read-only pull answered 503 lost its page. A rewound device's
    // mark is no routine one: its later pages, above the cursor recorded before, would leave out its own
    // pushes since, which its restored vault lacks, for ever.
    if (replayThrough !== null || !(error instanceof Error) || !isStoreBusy(error)) throw error;
    log('pull.cursor_not_recorded', { level: 'warn', device: device.id, cursor, kind: error.name, sqlState: error instanceof StoreStatementError ? error.sqlState : null });
    return;
  }
  if (cursorRecorded.size > 100_000) cursorRecorded.clear();
  cursorRecorded.set(device.id, { at: now, appliedSeq: device.lastAppliedSeq });
}

/** One page for the wire: snapshot and backfill pages come as prepared JSON text (pull-body.ts). */
export async function pullPage(ctx: SyncContext, device: DeviceRow, request: PullRequest, log: SyncLog = () => undefined): Promise<PullResponse | PreparedPage> {
  // Below a cursor it was served before: a restored or copied vault, which lacks its own later pushes (recordCursor).
  const rewound = request.cursor > 0 && request.cursor < device.lastCursor;
  const { response, directoryVersion, head } = await ctx.store.read(async (tx) => {
    await requireEnrolled(tx, device);
    const [head, memberships] = await Promise.all([tx.head(), tx.getMemberships(device.userId)]);
    const scope: PullScope = { tx, ctx, device, buckets: bucketsOf(device.userId, memberships), head, limit: request.limit, leavesOutOwn: !rewound };
    const page = await serve(scope, request);
    // The last page of a pull names the directory version, from the same snapshot (sync/directory.ts: kept per directory generation).
    return { response: page, directoryVersion: page.hasMore ? null : await directoryVersionOf(ctx.store, tx, device.userId), head };
  });
  // Only a page that was served (a refused cursor, ahead of the server, is not the device's).
  await recordCursor(ctx, device, response.cursor, rewound ? head : null, log);
  const from = { cursor: request.cursor, resume: request.resume };
  const answer = response instanceof PreparedPage ? response.answering(from, directoryVersion) : { from, ...response, directoryVersion, total: null };
  if (request.cursor === 0 && response.resume === null && response.cursor > 0) {
    await acknowledgeErasuresBefore(ctx, device, response.cursor);
  }
  return answer;
}

/** Erasures acknowledged per write transaction when a first sync ends. */
const acknowledgedPerTransaction = 1_000;

/**
 * A device that finished its initial snapshot at seq S never held a record
 * erased at or before S, so it owes no purge for it: record that, so an
 * erasure's outstanding list is not left waiting on it forever. Only the
 * erasures whose outstanding list names the device are read (erased since it
 * was enrolled, admin.ts), not the whole ledger, and they are read outside the
 * commit lock: the ledger through S is committed and never changes (rows are
 * only added, at later seqs), and inserting an acknowledgement twice is a
 * no-op. Most first syncs owe none and take no write lock at all. Not
 * skipped when the store is busy, unlike the cursor mark: it is made only
 * here, at the end of a pull from cursor 0, and the device's next pulls start
 * past S, so a skipped one would never be made and the erasure would wait on
 * the device for ever. The page fails (503) instead and the device asks for it
 * again, once per device.
 */
async function acknowledgeErasuresBefore(ctx: SyncContext, device: DeviceRow, throughSeq: number): Promise<void> {
  let afterSeq = 0;
  for (;;) {
    const range = { afterSeq, throughSeq };
    const owed = await ctx.store.read((tx) => tx.listErasures(range, acknowledgedPerTransaction, device.createdAt));
    const last = owed.at(-1);
    if (last === undefined) return;
    await ctx.store.transaction((tx) => tx.insertPurgeAcks(owed.map((erasure) => ({ erasureSeq: erasure.commitSeq, deviceId: device.id, ackedAt: ctx.now() }))));
    if (owed.length < acknowledgedPerTransaction) return;
    afterSeq = last.commitSeq;
  }
}

/** One page as a PullResponse (for in-process callers). */
export async function pull(ctx: SyncContext, device: DeviceRow, request: PullRequest): Promise<PullResponse> {
  return asPullResponse(await pullPage(ctx, device, request));
}
