// A one-time server step: places the tasks stored before a task's team and
// territory followed its assignee (task-placement.ts). Those stay where their
// creator's first team and territory put them until someone changes their
// assignee, so an assignee outside that team never receives them. `serve`
// runs this once, in the background after it listens (cli/serve-placement-
// step.ts), and records it (store `server_steps`):
// every live task whose assignee shares none of its buckets is placed by the
// same rule as a push that gives it that assignee (the owner's memberships:
// only the owner writes), as a 'rebucket' move, so pulls backfill it to the
// assignee and evict it from devices that no longer see it. A task whose
// placement would not reach its assignee either (the assignee shares nothing
// with the owner) stays where it is: moving it would take it from the people
// who see it now for no one's gain.
//
// The walk reads keyset pages of tasks on read snapshots and takes the commit
// lock only for a page that holds a task to move, reading those tasks again
// under it (a push or an admin may have moved or reassigned them meanwhile),
// so pushes go on between pages. A run stopped halfway is run whole at the
// next start, and moves nothing twice: a placed task's assignee shares its
// buckets. Several servers starting together on one PostgreSQL database may
// all walk; the second to reach a page finds nothing left to move there.
//
// A membership change can leave a task where its assignee no longer sees it
// (the assignee left its team), or let a task that stayed find a place (the
// owner and the assignee now share a team). The walk runs again after each
// one commits (placeAfterMembershipChange, in the background: the admin's
// answer does not wait for it; changes made while one runs share the next),
// and the change forgets in its own transaction that the step was done. A
// walk records it again only if no membership change committed since it
// began (walkAndRecord): a walk that fails (logged as server.step_failed), or
// a server stopped before it ended, leaves the step to run again at the next
// start (or the next membership change), so no task stays out of its
// assignee's reach. An
// admin moving a task places it by the same rule, in the move's own commit
// (adminTaskBuckets).
import type { Keyring } from '../crypto/keyring';
import type { Memberships, RecordBuckets, RecordKey, RecordRow } from '../store/rows';
import type { Store, StoreReadTx, StoreTx } from '../store/store';
import { bucketsOf, isVisible } from './buckets';
import type { SyncContext, SyncLog } from './context';
import { ensureKeys, fieldsOf } from './record-state';
import { sameBuckets, taskBuckets, writeTaskMoves, type TaskMove } from './task-placement';

/** The name this step is recorded under; never renamed, or it runs again. */
export const storedTaskPlacementStep = 'tasks-follow-assignee';

const defaultPageSize = 500;

export interface StoredTaskPlacement {
  /** Live tasks read. */
  readonly walked: number;
  /** Tasks moved to buckets their assignee shares. */
  readonly moved: number;
}

/** Memberships read once per page (a page's tasks share owners and assignees). */
function membershipReader(tx: StoreReadTx): (userId: string) => Promise<Memberships> {
  const known = new Map<string, Memberships>();
  return async (userId) => {
    const cached = known.get(userId);
    if (cached !== undefined) return cached;
    const read = await tx.getMemberships(userId);
    known.set(userId, read);
    return read;
  };
}

/** Where a live task must move for its assignee to see it; null when it stays. */
async function placementOf(keyring: Keyring, record: RecordRow, membershipsOf: (userId: string) => Promise<Memberships>): Promise<RecordBuckets | null> {
  if (record.deletedSeq !== null || record.sealed === null) return null;
  const value = fieldsOf(keyring, record)['assigneeId']?.value;
  if (typeof value !== 'string' || value === record.ownerUserId) return null;
  const stored: RecordBuckets = { ownerUserId: record.ownerUserId, teamId: record.teamId, territoryId: record.territoryId };
  const assignee = bucketsOf(value, await membershipsOf(value));
  if (isVisible(stored, assignee)) return null;
  const next = taskBuckets(record.ownerUserId, await membershipsOf(record.ownerUserId), value, assignee, stored);
  return sameBuckets(stored, next) || !isVisible(next, assignee) ? null : next;
}

/** The tasks of `records` that must move, as read in `tx`. */
async function misplacedTasks(tx: StoreReadTx, keyring: Keyring, records: readonly RecordRow[]): Promise<TaskMove[]> {
  await ensureKeys(tx, keyring, records);
  const membershipsOf = membershipReader(tx);
  const moves: TaskMove[] = [];
  for (const record of records) {
    const next = await placementOf(keyring, record, membershipsOf);
    if (next === null) continue;
    const previous = { ownerUserId: record.ownerUserId, teamId: record.teamId, territoryId: record.territoryId };
    moves.push({ key: { entity: record.entity, recordId: record.recordId }, previous, next });
  }
  return moves;
}

/** Moves those of `keys` that still must move, read again under the commit lock, in one commit; returns how many. */
async function moveTasks(tx: StoreTx, ctx: SyncContext, keys: readonly RecordKey[]): Promise<number> {
  const moves = await misplacedTasks(tx, ctx.keyring, await tx.getRecords(keys));
  if (moves.length === 0) return 0;
  const commitSeq = await tx.allocateCommit({ kind: 'rebucket', deviceId: null, userId: null, at: ctx.now() });
  await writeTaskMoves(tx, moves, commitSeq, null);
  return moves.length;
}

/**
 * Walks every live task and moves those whose assignee shares none of their buckets; safe to run again (it then moves
 * nothing). An aborted `signal` stops it between pages (it throws the signal's reason): a stopping server does not
 * wait for the whole walk.
 */
export async function placeStoredTasks(ctx: SyncContext, pageSize = defaultPageSize, signal?: AbortSignal): Promise<StoredTaskPlacement> {
  let after: string | null = null;
  let walked = 0;
  let moved = 0;
  for (;;) {
    signal?.throwIfAborted();
    const from = after;
    const page = await ctx.store.read(async (tx) => {
      const records = await tx.listLiveRecords('tasks', from, pageSize);
      return { records, moves: await misplacedTasks(tx, ctx.keyring, records) };
    });
    walked += page.records.length;
    if (page.moves.length > 0) moved += await ctx.store.transaction((tx) => moveTasks(tx, ctx, page.moves.map((move) => move.key)));
    const last = page.records.at(-1);
    if (last === undefined || page.records.length < pageSize) return { walked, moved };
    after = last.recordId;
  }
}

/**
 * Walks every task, then records the step done unless a membership change committed since the walk began: the
 * walk's early pages may not have seen that change, and the change forgot the step so that a server stopped before
 * its own walk ends walks at the next start. The directory generation (store.ts) moves with every membership change
 * (and with new or renamed users: then the step is just left to the next walk); the recording transaction holds the
 * commit lock, so no change commits between its check and its write.
 */
async function walkAndRecord(ctx: SyncContext, signal?: AbortSignal): Promise<StoredTaskPlacement & { readonly recorded: boolean }> {
  const before = await ctx.store.read((tx) => tx.directoryGeneration());
  const placed = await placeStoredTasks(ctx, defaultPageSize, signal);
  const recorded = await ctx.store.transaction(async (tx) => {
    if ((await tx.directoryGeneration()) !== before) return false;
    await tx.recordServerStep(storedTaskPlacementStep, ctx.now());
    return true;
  });
  return { ...placed, recorded };
}

/** Walks the tasks after membership changes and records the step done; a failure is logged, not thrown (the changes stand). */
async function walkAfterChange(ctx: SyncContext, log: SyncLog): Promise<void> {
  try {
    const placed = await walkAndRecord(ctx);
    if (placed.moved > 0) log('tasks.placed_after_membership_change', { walked: placed.walked, moved: placed.moved });
  } catch (error) {
    // The change forgot the step and no walk that began before it records it: the next start (or change) walks.
    log('server.step_failed', { step: storedTaskPlacementStep, kind: error instanceof Error ? error.name : typeof error });
  }
}

/** Per store: the walk running after membership changes, and the one queued behind it. */
interface Walks {
  running: Promise<void> | null;
  queued: Promise<void> | null;
}
const walksOf = new WeakMap<Store, Walks>();

/**
 * After a membership change committed (it forgot the step, admin.ts setMemberships): starts a walk after it, in the
 * background (the admin's answer does not wait for a walk over the whole store). Walks in one server run one at a
 * time, and every change committed while one runs shares the single walk queued behind it, so a burst of changes (an
 * admin script) costs two walks, not one each. The promise never rejects (walkAfterChange logs a failure).
 */
export function placeAfterMembershipChange(ctx: SyncContext, log: SyncLog): Promise<void> {
  const walks = walksOf.get(ctx.store) ?? { running: null, queued: null };
  walksOf.set(ctx.store, walks);
  if (walks.queued !== null) return walks.queued;
  const start = (): Promise<void> => {
    walks.queued = null;
    const run: Promise<void> = walkAfterChange(ctx, log).finally(() => {
      if (walks.running === run) walks.running = null;
    });
    walks.running = run;
    return run;
  };
  if (walks.running === null) return start();
  walks.queued = walks.running.then(start);
  return walks.queued;
}

/** Resolves once the walks this server runs on `store` after membership changes, the queued one too, have ended. */
export async function placementWalksSettled(store: Store): Promise<void> {
  const walks = walksOf.get(store);
  while (walks !== undefined) {
    const pending = walks.queued ?? walks.running;
    if (pending === null) return;
    await pending;
  }
}

/**
 * The buckets of a stored task an admin moves to `wanted` (read in the move's transaction): those, unless its
 * assignee shares none of them and the placement rule finds buckets of the (new) owner's that reach the assignee.
 */
export async function adminTaskBuckets(tx: StoreReadTx, keyring: Keyring, record: RecordRow, wanted: RecordBuckets): Promise<RecordBuckets> {
  const [move] = await misplacedTasks(tx, keyring, [{ ...record, ...wanted }]);
  return move?.next ?? wanted;
}

/**
 * Runs placeStoredTasks unless the store records it done, then records it; null when it was done before. `signal`
 * stops the walk between pages, unrecorded (serve-placement-step.ts runs this in the background).
 */
export async function placeStoredTasksOnce(ctx: SyncContext, log: SyncLog = () => undefined, signal?: AbortSignal): Promise<StoredTaskPlacement | null> {
  if ((await ctx.store.read((tx) => tx.serverStepDoneAt(storedTaskPlacementStep))) !== null) return null;
  const { walked, moved, recorded } = await walkAndRecord(ctx, signal);
  if (recorded) log('server.step_done', { step: storedTaskPlacementStep, walked, moved });
  return { walked, moved };
}
