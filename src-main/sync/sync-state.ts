// The engine's small persistent state in the vault: the pull cursor and the
// resume token of an unfinished paged step, with the count and total the
// status had reached in that step (always written in the same transaction
// as the page they follow), the time of the last successful
// sync, the device clock, into which every remote stamp is merged, and
// whether a WAL checkpoint is owed for removed records (purge-acks.ts), and
// where this device's edits the server may have taken after a pulled change
// begin (trashed-elsewhere.ts).
// Keys live in 0002's sync_state; the clock keys are change-recorder.ts's.
import { z } from 'zod';
import { ClockDriftError, decodeHlc, encodeHlc, receive, stampsAfter, tick } from '../../src-shared/sync/hlc';
import { PullResume } from '../../src-shared/sync/protocol';
import type { ReadTx, WriteTx } from '../vault/connection';
import { ensureDeviceId } from './change-recorder';
import { oldestPendingStamp } from './outbox';

const cursorKey = 'pull_cursor';
const resumeKey = 'pull_resume';
const progressKey = 'pull_progress';
const lastSuccessKey = 'last_success_at';
const hlcKey = 'hlc';
const checkpointOwedKey = 'checkpoint_owed';
const unseenFromKey = 'unseen_from_hlc';

/** A remote stamp further ahead of our wall clock than this is not merged into our clock. */
export const maxClockDriftMs = 10 * 60_000;

async function getValue(tx: ReadTx, key: string): Promise<string | null> {
  const row = await tx.get<{ value: unknown }>('SELECT value FROM sync_state WHERE key = ?', [key]);
  return typeof row?.value === 'string' ? row.value : null;
}

async function setValue(tx: WriteTx, key: string, value: string): Promise<void> {
  await tx.run('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
}

export interface PullPosition {
  readonly cursor: number;
  readonly resume: PullResume | null;
}

export async function readPullPosition(tx: ReadTx): Promise<PullPosition> {
  const cursor = Number(await getValue(tx, cursorKey) ?? '0');
  const resumeText = await getValue(tx, resumeKey);
  const resume = resumeText === null || resumeText === 'null' ? null : PullResume.parse(JSON.parse(resumeText));
  if (!Number.isSafeInteger(cursor) || cursor < 0) throw new Error('The stored pull cursor is damaged');
  return { cursor, resume };
}

export async function writePullPosition(tx: WriteTx, position: PullPosition): Promise<void> {
  await setValue(tx, cursorKey, String(position.cursor));
  await setValue(tx, resumeKey, JSON.stringify(position.resume));
}

/**
 * What the sync status said of a paged step under way (the stored resume
 * token's): the changes received and the total, as counted from the first
 * page of the pull that began the step. Only that first page names the
 * step's total (PullResponse.total), so a pull resuming the step after the
 * app closed or the connection dropped counts on from here instead of
 * showing a bare count from 0.
 */
export const PullProgress = z.object({ received: z.number().int().nonnegative(), total: z.number().int().nonnegative().nullable() });
export type PullProgress = z.infer<typeof PullProgress>;

/** The progress stored with an unfinished step; null when none is (no step under way, or a vault from before it). */
export async function readPullProgress(tx: ReadTx): Promise<PullProgress | null> {
  const text = await getValue(tx, progressKey);
  if (text === null) return null;
  // A count for the status only: a damaged one is dropped, never a reason to stop sync.
  try {
    const parsed = PullProgress.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Stores the progress of the step a page leaves unfinished, or forgets it (null) once the step is over. */
export async function writePullProgress(tx: WriteTx, progress: PullProgress | null): Promise<void> {
  if (progress === null) await tx.run('DELETE FROM sync_state WHERE key = ?', [progressKey]);
  else await setValue(tx, progressKey, JSON.stringify(progress));
}

/** Forgets the cursor (a new enrolment starts from an empty snapshot). */
export async function resetPullPosition(tx: WriteTx): Promise<void> {
  await tx.run('DELETE FROM sync_state WHERE key IN (?, ?, ?, ?)', [cursorKey, resumeKey, progressKey, unseenFromKey]);
}

/**
 * Forgets where the pull stands (cursor, resume token, the step's progress) so the next pull is a snapshot from
 * cursor 0: the server was restored from an older backup and no longer holds that position (cursor_ahead). The
 * outbox, the records and their field versions stay: the snapshot's values apply over them by field-level LWW, and
 * `unseen_from` stays, as the edits it covers may still be unseen by whoever trashed a record on the server.
 */
export async function restartPull(tx: WriteTx): Promise<void> {
  await tx.run('DELETE FROM sync_state WHERE key IN (?, ?, ?)', [cursorKey, resumeKey, progressKey]);
}

export async function readLastSuccess(tx: ReadTx): Promise<number | null> {
  const value = await getValue(tx, lastSuccessKey);
  return value === null ? null : z.coerce.number().int().parse(value);
}

export async function writeLastSuccess(tx: WriteTx, at: number): Promise<void> {
  await setValue(tx, lastSuccessKey, String(at));
}

/**
 * Notes, in the transaction that evicted or purged records, that their old
 * page images are still in the WAL until a TRUNCATE checkpoint. Stored, so a
 * cycle that fails (or a process that dies) before checkpointing leaves the
 * debt to the next attempt instead of forgetting it.
 */
export async function oweCheckpoint(tx: WriteTx): Promise<void> {
  await setValue(tx, checkpointOwedKey, '1');
}

export async function checkpointOwed(tx: ReadTx): Promise<boolean> {
  return (await getValue(tx, checkpointOwedKey)) !== null;
}

/** After the checkpoint (never before: a crash in between would forget the debt). */
export async function clearCheckpointOwed(tx: WriteTx): Promise<void> {
  await tx.run('DELETE FROM sync_state WHERE key = ?', [checkpointOwedKey]);
}

/**
 * The stamp from which this device's edits (its stamps at or after it) may
 * have reached the server after a change that a later pull brings, as a pull
 * beginning now would store it once it reaches the server's head: the oldest
 * operation still waiting (operations leave the outbox in order, so every
 * earlier edit is on the server already and this pull brings whatever came
 * before it), or, when none waits, the stamp after the clock's last (the
 * lowest stamp of all before the clock's first). Stamps compare as strings
 * (`compareHlc`).
 */
export async function unseenFromNow(tx: ReadTx): Promise<string> {
  const waiting = await oldestPendingStamp(tx);
  if (waiting !== null) return waiting;
  const clock = await getValue(tx, hlcKey);
  // A clock tick without wall time: the very next stamp this clock can give.
  return clock === null ? stampsAfter(-1) : encodeHlc(tick(decodeHlc(clock), 0));
}

/** What the last pull that reached the server's head stored (unseenFromNow as it began); null before the first. */
export function readUnseenFrom(tx: ReadTx): Promise<string | null> {
  return getValue(tx, unseenFromKey);
}

export async function writeUnseenFrom(tx: WriteTx, stamp: string): Promise<void> {
  await setValue(tx, unseenFromKey, stamp);
}

/** This device's own HLC device id (the one its stamps carry). */
export function localDeviceIdOf(tx: WriteTx): Promise<string> {
  return ensureDeviceId(tx);
}

/**
 * How far ahead of this device's wall clock the server's own time (serverTime) may be and still bound the stamps
 * it sends: a clock in the wrong time zone is hours off; a server further ahead is taken for the faulty one.
 */
export const maxServerLeadMs = 24 * 60 * 60_000;

/**
 * Merges remote stamps into the device clock (HLC receive), so the next
 * local edit is stamped after everything this device has seen. Stamps too
 * far in the future are skipped (the server refuses pushes stamped more than
 * 60 s ahead, clock_skew, so such a stamp is a fault; one device's broken
 * clock must not drag ours along), and only they: the latest stamp within
 * reach is merged however many are beyond it (one far-future stamp in a page
 * used to keep the whole page's stamps out, so a later local edit could be
 * stamped before a remote value it had seen). Returns how many were refused.
 *
 * Within reach means within maxClockDriftMs of the later of this device's
 * clock and `serverTime`, the server's clock as it sent the stamps (a pull
 * page's or push answer's), when that is at most maxServerLeadMs ahead: the
 * server stamped none of them further ahead of its own clock than its 60 s.
 * Reach measured from this device's clock alone kept a clock 15 minutes slow
 * from merging what another device wrote in those minutes, so the user's
 * edit of such a field was stamped below the value shown, and the server
 * refused it (and "Keep mine" again) until the wall clock caught up.
 */
export async function mergeRemoteStamps(tx: WriteTx, stamps: Iterable<string>, now: number, serverTime?: number): Promise<{ refused: number }> {
  const deviceId = await ensureDeviceId(tx);
  const stored = await getValue(tx, hlcKey);
  let state = stored === null ? { millis: 0, counter: 0, deviceId } : decodeHlc(stored);
  if (state.deviceId !== deviceId) throw new Error('The stored clock does not belong to this device');
  const trusted = serverTime !== undefined && serverTime - now <= maxServerLeadMs ? serverTime : now;
  const reachMs = Math.max(now, trusted) - now + maxClockDriftMs;
  const beyondReach = stampsAfter(now + reachMs);
  let latest: string | null = null;
  let refused = 0;
  for (const stamp of stamps) {
    if (stamp >= beyondReach) refused += 1;
    else if (latest === null || stamp > latest) latest = stamp;
  }
  if (latest === null) return { refused };
  try {
    state = receive(state, decodeHlc(latest), now, reachMs);
  } catch (error) {
    if (error instanceof ClockDriftError) return { refused: refused + 1 };
    throw error;
  }
  await setValue(tx, hlcKey, encodeHlc(state));
  return { refused };
}

/** How far ahead of the wall clock a pending stamp may be before a refused push (clock_skew) stamps it anew. */
const restampBeyondMs = 30_000;

/**
 * After the server refused a push for stamps ahead of its clock (clock_skew): the pending operations stamped
 * beyond the wall clock's reach get fresh stamps, in their order, from after the newest stamp this device holds
 * within reach, and the clock follows them back. They were stamped while the device clock ran ahead, and the
 * server never took them: until real time passed them (days, for a clock a day ahead), every push was refused
 * whole, and correcting the clock changed nothing (the clock kept the largest time it had given). With the
 * clock still ahead, nothing is beyond it and nothing changes. Returns how many operations were stamped anew.
 */
export async function restampFutureOutbox(tx: WriteTx, now: number): Promise<number> {
  const beyond = stampsAfter(now + restampBeyondMs);
  const future = z.array(z.object({ seq: z.number().int(), entity: z.string(), record_id: z.string(), hlc: z.string() })).parse(
    await tx.all('SELECT seq, entity, record_id, hlc FROM outbox WHERE hlc >= ? ORDER BY seq', [beyond]),
  );
  if (future.length === 0) return 0;
  const deviceId = await ensureDeviceId(tx);
  const newest = z.object({ hlc: z.string().nullable() }).parse(await tx.get('SELECT max(hlc) AS hlc FROM field_versions WHERE hlc < ?', [beyond]));
  let clock = newest.hlc === null ? { millis: 0, counter: 0, deviceId } : { ...decodeHlc(newest.hlc), deviceId };
  for (const operation of future) {
    clock = tick(clock, now);
    const stamp = encodeHlc(clock);
    await tx.run('UPDATE outbox SET hlc = ? WHERE seq = ?', [stamp, operation.seq]);
    // The versions it stamped (a field a later operation changed again carries that one's stamp, re-stamped in turn).
    await tx.run('UPDATE field_versions SET hlc = ? WHERE entity = ? AND record_id = ? AND hlc = ?', [stamp, operation.entity, operation.record_id, operation.hlc]);
  }
  await setValue(tx, hlcKey, encodeHlc(clock));
  return future.length;
}
