// Pull: fetches pages after the stored cursor (and resume token, while a
// snapshot, eviction or backfill step is unfinished) and applies each page
// together with its new cursor in ONE local write transaction, so a crash
// leaves either the old cursor and none of the page or the new cursor and all
// of it; a page fetched again after a crash applies as a no-op (equal stamps).
// Purged records are acknowledged only after the WAL checkpoint
// (purge-acks.ts), never from here.
import type { PullResponse, RecordKey, ServerChange } from '../../src-shared/sync/protocol';
import { applyChanges, type ApplyOutcome } from './apply-changes';
import { storeOwners } from './record-owners';
import { ChangedRecords } from './changed-records';
import { SyncServerError } from './errors';
import type { SyncSession } from './session';
import {
  mergeRemoteStamps,
  readPullPosition,
  readPullProgress,
  restartPull,
  writePullPosition,
  writePullProgress,
  type PullPosition,
  type PullProgress,
  unseenFromNow,
  writeUnseenFrom,
} from './sync-state';

/** Every field stamp of a page's changes, without building a list of them. */
function* stampsOf(changes: readonly ServerChange[]): Generator<string> {
  for (const change of changes) for (const field of Object.values(change.fields)) yield field.hlc;
}

export interface PullResult {
  readonly pages: number;
  readonly changes: number;
  readonly purged: RecordKey[];
  /** Records evicted or erased. */
  readonly removed: number;
  readonly touched: ChangedRecords;
  /** The directory version the last page named (null: none, or a server from before the directory). */
  readonly directoryVersion: string | null;
  /**
   * The count of changes received the status shows: this pull's `changes`,
   * plus, when it resumed a step an earlier pull had begun (the app closed,
   * the connection dropped), what that step had received by then.
   */
  readonly received: number;
  /**
   * How many changes `received` counts towards, as far as it is known: set by
   * the first page of a snapshot or backfill (PullResponse.total), plus what
   * had been received before that step; a pull resuming the step takes it
   * from the vault (readPullProgress), as no later page names it. Null until
   * known; a later step's first page replaces it.
   */
  readonly total: number | null;
}

/*
 * The first page of a pull asks for at most firstPageLimit rows (500), and
 * each next one for four times as many as the one before, up to the
 * session's ceiling (PullPace in pull-pace.ts, which also shrinks it on a
 * slow link): an initial sync of 100,000 records shows a count of changes
 * received after 500 of them instead of after 5,000 (a few seconds on a busy
 * laptop), for two pages more than 20 full ones.
 */

/** The next page, asked for before the current one is applied; its failure surfaces only when it is awaited. */
interface Prefetch {
  readonly position: PullPosition;
  /** The rows it asked for at most. */
  readonly limit: number;
  /** The page, and how long it took from asking to its parsed answer (session clock). */
  readonly page: Promise<{ readonly response: PullResponse; readonly tookMs: number }>;
  readonly abort: AbortController;
}

function fetchPage(session: SyncSession, position: PullPosition, limit: number, signal: AbortSignal): Prefetch {
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  // A signal aborted already (the session ended while the cycle awaited the vault) fires no event: the page must not be asked for.
  if (signal.aborted) abort.abort();
  else signal.addEventListener('abort', onAbort, { once: true });
  session.pullRequested();
  const askedAt = session.now();
  const page = session.api
    .pull(position.cursor, position.resume, limit, abort.signal)
    // Timed as it arrives, not when awaited: a page prefetched while the one before is applied waits for that.
    .then((response) => {
      // Read against this clock as it arrives too (the status's clock skew).
      session.heardServerTime(response.serverTime);
      return { response, tookMs: session.now() - askedAt };
    })
    .finally(() => signal.removeEventListener('abort', onAbort));
  // Awaited later (or abandoned when an earlier page fails); never an unhandled rejection meanwhile.
  page.catch(() => undefined);
  return { position, limit, page, abort };
}

/**
 * pullAll, and once more from cursor 0 when the server no longer holds this device's pull position
 * (cursor_ahead: it was restored from an older backup). Before, the device stopped receiving anything for good,
 * retrying every few minutes under "The sync server could not read the request". Records, field versions and
 * the outbox stay; the snapshot applies by field-level LWW (a value of ours stamped later is kept), and the
 * pages committed before the refusal stay in `touched`.
 */
export async function pullFromServer(session: SyncSession, signal: AbortSignal, touched = new ChangedRecords()): Promise<PullResult> {
  try {
    return await pullAll(session, signal, touched);
  } catch (error) {
    if (!(error instanceof SyncServerError) || error.serverCode !== 'cursor_ahead') throw error;
    const from = await session.connection().write(async (tx) => {
      const stored = await readPullPosition(tx);
      await restartPull(tx);
      return stored;
    });
    session.log.log('warn', 'sync.serverRestored', { cursor: from.cursor, resumeAt: from.resume?.atSeq ?? null });
    return pullAll(session, signal, touched);
  }
}

/**
 * Pulls to the server's head. While one page is applied locally (SQLCipher
 * work on the driver's thread) the next is already being served, sent and
 * parsed: the request for page n+1 names the cursor and resume token page n
 * carries, which are exactly what page n's transaction stores. Each page is
 * still applied with its cursor in one transaction, in order, and only if
 * the stored position is the one the page was asked for. `touched` gathers
 * the records each committed page changed, so a caller still has them when a
 * later page fails.
 */
export async function pullAll(session: SyncSession, signal: AbortSignal, touched = new ChangedRecords()): Promise<PullResult> {
  const { position, progress, began } = await session.connection().read(async (tx) => {
    const stored = await readPullPosition(tx);
    return { position: stored, progress: stored.resume === null ? null : await readPullProgress(tx), began: await unseenFromNow(tx) };
  });
  const result = {
    pages: 0,
    changes: 0,
    purged: [] as RecordKey[],
    removed: 0,
    touched,
    directoryVersion: null as string | null,
    received: progress?.received ?? 0,
    total: progress?.total ?? null,
  };
  // A resumed step reads as it did when it stopped ("12,500 of 100,000"), before its next page arrives.
  if (progress !== null) session.onPulled(result.received, result.total);
  const first = fetchPage(session, position, session.pullPace.nextLimit(null), signal);
  // A pull of more than one page (an initial sync) holds the larger page cache until it ends.
  const cache: BulkCacheHold = { release: null };
  try {
    await pullPages(session, signal, first, cache, result, began);
    if (result.pages > 1) await afterBulk(session, result.changes);
  } finally {
    await cache.release?.();
  }
  return result;
}

/** Lets the hooks tidy up after a bulk pull, still under the bulk page cache. Everything is committed already: a failure is logged, not thrown. */
async function afterBulk(session: SyncSession, changes: number): Promise<void> {
  try {
    await session.connection().write((tx) => session.hooks.afterBulkApply(tx, changes));
  } catch (error) {
    session.log.log('warn', 'sync.afterBulkFailed', { error: error instanceof Error ? error.name : 'unknown' });
  }
}

interface BulkCacheHold {
  release: (() => Promise<void>) | null;
}

async function pullPages(
  session: SyncSession,
  signal: AbortSignal,
  first: Prefetch,
  cache: BulkCacheHold,
  result: { -readonly [K in keyof PullResult]: PullResult[K] },
  began: string | null,
): Promise<void> {
  let next: Prefetch | null = first;
  while (next !== null) {
    const { position, limit }: Prefetch = next;
    const page = await pageOf(session, next);
    if (!answers(page, position)) {
      // A replayed or misdelivered answer: applying it here would skip the changes between the two positions.
      throw new SyncServerError(200, 'wrong_page', true, 'The sync server sent an answer to another request. Sync will try again.');
    }
    if (page.cursor < position.cursor) {
      // A server that goes backwards (restored from an older backup) must not rewind this device silently.
      throw new SyncServerError(200, 'cursor_regressed', false, 'The sync server is behind this device. Ask your administrator.');
    }
    next = page.hasMore ? fetchPage(session, { cursor: page.cursor, resume: page.resume }, session.pullPace.nextLimit(limit), signal) : null;
    const total = page.total === null ? result.total : result.received + page.total;
    const received = result.received + page.changes.length;
    let outcome: ApplyOutcome;
    try {
      if (next !== null) cache.release ??= await session.connection().holdBulkCache();
      outcome = await applyPage(session, position, page, page.resume === null ? null : { received, total }, page.hasMore ? null : began);
    } catch (error) {
      next?.abort.abort();
      throw error;
    }
    result.pages += 1;
    result.total = total;
    result.received = received;
    result.changes += page.changes.length;
    result.purged.push(...outcome.purged);
    result.removed += outcome.removed;
    result.touched.addAll(outcome.touched);
    result.directoryVersion = page.directoryVersion;
    session.onPulled(result.received, result.total);
    session.onProgress();
  }
}

/**
 * Awaits a page and tells the session's pace how it went: a page that timed
 * out or was too large shrinks the pages asked for from then on (this cycle
 * fails, and its retry asks for fewer rows), a quick full one grows them.
 */
async function pageOf(session: SyncSession, prefetch: Prefetch): Promise<PullResponse> {
  try {
    const { response, tookMs } = await prefetch.page;
    session.pullPace.arrived(prefetch.limit, tookMs, response.hasMore);
    return response;
  } catch (error) {
    if (session.pullPace.failed(prefetch.limit, error)) session.log.log('info', 'sync.pullPageShrunk', { limit: session.pullPace.ceiling });
    throw error;
  }
}

/** Whether the page answers a request made at this position (the server names it in `from`). */
function answers(page: PullResponse, position: PullPosition): boolean {
  return page.from.cursor === position.cursor && JSON.stringify(page.from.resume) === JSON.stringify(position.resume);
}

/**
 * Applies one page and stores its cursor and resume token, in one write
 * transaction, with `progress`: the status's count and total when the page
 * leaves a step unfinished (null once none is), and, on the last page, where
 * this device's possibly unseen edits began as the pull began (`began`,
 * unseenFromNow), after the page has applied with the one stored before.
 */
function applyPage(session: SyncSession, position: PullPosition, page: PullResponse, progress: PullProgress | null, began: string | null): Promise<ApplyOutcome> {
  return session.connection().write(async (tx) => {
    const current = await readPullPosition(tx);
    // Only this engine moves the cursor, one step at a time; a mismatch means a second writer.
    if (current.cursor !== position.cursor || JSON.stringify(current.resume) !== JSON.stringify(position.resume)) {
      throw new Error('The pull cursor moved during a pull');
    }
    const ctx = await session.applyContext(tx);
    // Before the changes: a record the page also removes forgets its owner again.
    await storeOwners(tx, page.owners ?? []);
    const applied = await applyChanges(tx, ctx, page.changes);
    await writePullPosition(tx, { cursor: page.cursor, resume: page.resume });
    // Incremental pages (no step before or after) have no progress to store or forget.
    if (position.resume !== null || page.resume !== null) await writePullProgress(tx, progress);
    await mergeRemoteStamps(tx, stampsOf(page.changes), ctx.now, page.serverTime);
    if (began !== null) await writeUnseenFrom(tx, began);
    return applied;
  });
}
