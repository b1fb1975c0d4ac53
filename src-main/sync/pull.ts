// Pull: fetches pages after the stored cursor (and resume token, while a
// snapshot, eviction or backfill step is unfinished) and applies each page
// together with its new cursor in ONE local write transaction, so a crash
// leaves either the old cursor and none of the page or the new cursor and all
// of it; a page fetched again after a crash applies as a no-op (equal stamps).
// Purged records are acknowledged only after the WAL checkpoint
// (purge-acks.ts), never from here.
import type { RecordKey, SyncedEntity } from '../../src-shared/sync/protocol';
import { applyChanges } from './apply-changes';
import { SyncServerError } from './errors';
import type { SyncSession } from './session';
import { mergeRemoteStamps, readPullPosition, writePullPosition } from './sync-state';

export interface PullResult {
  readonly pages: number;
  readonly changes: number;
  readonly purged: RecordKey[];
  /** Records evicted or erased. */
  readonly removed: number;
  readonly touched: Set<SyncedEntity>;
}

export async function pullAll(session: SyncSession, signal: AbortSignal): Promise<PullResult> {
  const result = { pages: 0, changes: 0, purged: [] as RecordKey[], removed: 0, touched: new Set<SyncedEntity>() };
  for (;;) {
    const position = await session.connection().read(readPullPosition);
    const page = await session.api.pull(position.cursor, position.resume, session.pullLimit, signal);
    if (page.cursor < position.cursor) {
      // A server that goes backwards (restored from an older backup) must not rewind this device silently.
      throw new SyncServerError(200, 'cursor_regressed', false, 'The sync server is behind this device. Ask your administrator.');
    }
    const outcome = await session.connection().write(async (tx) => {
      const current = await readPullPosition(tx);
      // Only this engine moves the cursor, one step at a time; a mismatch means a second writer.
      if (current.cursor !== position.cursor || JSON.stringify(current.resume) !== JSON.stringify(position.resume)) {
        throw new Error('The pull cursor moved during a pull');
      }
      const ctx = await session.applyContext(tx);
      const applied = await applyChanges(tx, ctx, page.changes);
      await writePullPosition(tx, { cursor: page.cursor, resume: page.resume });
      const stamps = page.changes.flatMap((change) => Object.values(change.fields).map((field) => field.hlc));
      await mergeRemoteStamps(tx, stamps, ctx.now);
      return applied;
    });
    result.pages += 1;
    result.changes += page.changes.length;
    result.purged.push(...outcome.purged);
    result.removed += outcome.removed;
    for (const entity of outcome.touched) result.touched.add(entity);
    session.onProgress();
    if (!page.hasMore) return result;
  }
}
