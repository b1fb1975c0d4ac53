// How an import ends: what its progress claims against what its transactions
// have written, seen through the statements of every write transaction
// (the real vault's connection, watched, not replaced).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportRun, type ImportProgress } from '../../../src-shared/transfer/import';
import { TempVaultFolder } from '../../testing/temp-vault';
import type { Connection, WriteTx } from '../../vault/connection';
import type { Vault } from '../../vault/vault';
import { ImportService } from './import.service';
import { CrmRecordWriter } from './record-writer';

const password = 'import finish password 1';
/** Three chunks of 20 rows in steps of 5: the file ends exactly at a chunk's end. */
const rows = 60;

type Seen =
  | { readonly kind: 'transaction' }
  | { readonly kind: 'rejections'; readonly rows: number }
  | { readonly kind: 'job-row' }
  | { readonly kind: 'merge' }
  | { readonly kind: 'progress'; readonly progress: ImportProgress };

/** Calls on `target`'s methods through the proxy run on the target itself (its private fields need it). */
function watched<T extends object>(target: T, replace: (name: string | symbol, value: unknown) => unknown): T {
  return new Proxy(target, {
    get(object, name) {
      const value: unknown = Reflect.get(object, name, object);
      const own = typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
      return replace(name, own) ?? own;
    },
  });
}

describe('import end (progress against what is written)', () => {
  let folder: TempVaultFolder;
  let vault: Vault;
  let seen: Seen[];

  beforeEach(async () => {
    folder = await TempVaultFolder.create();
    vault = folder.vault();
    await vault.create(password);
    seen = [];
  });

  afterEach(async () => {
    await folder.dispose();
  });

  /** The vault as the service sees it: every write transaction and its rejection and job-row statements are noted in `seen`. */
  const watchedVault = (): Vault =>
    watched(vault, (name, connect) => {
      if (name !== 'connection') return undefined;
      return () =>
        watched((connect as () => Connection)(), (method, write) => {
          if (method !== 'write') return undefined;
          return <T>(work: (tx: WriteTx) => Promise<T>) =>
            (write as Connection['write'])((tx) => {
              seen.push({ kind: 'transaction' });
              return work(
                watched(tx, (statement, run) => {
                  if (statement !== 'run') return undefined;
                  return (sql: string, params?: Parameters<WriteTx['run']>[1]) => {
                    if (sql.includes('INSERT OR IGNORE INTO import_rejections')) seen.push({ kind: 'rejections', rows: (Array.isArray(params) ? params.length : 0) / 6 });
                    if (sql.startsWith('UPDATE import_jobs')) seen.push({ kind: 'job-row' });
                    if (sql.includes("VALUES ('optimize')")) seen.push({ kind: 'merge' });
                    return (run as WriteTx['run'])(sql, params);
                  };
                }),
              );
            });
        });
    });

  const importOnce = async (bytes: Buffer): Promise<string> => {
    const service = new ImportService({
      vault: watchedVault(),
      log: folder.log,
      onProgress: (progress) => seen.push({ kind: 'progress', progress }),
      chunkRows: 20,
      stepRows: 5,
    });
    const started = await service.run(ImportRun.parse({ uploadId: service.uploads.append(undefined, bytes, true).uploadId, format: 'csv', entity: 'contacts' }));
    await service.settled(started.jobId);
    expect(await service.status(started.jobId, 0)).toMatchObject({ state: 'done', processed: rows });
    return started.jobId;
  };

  it('counts a row as processed only once its rejection is written, and ends the job in its last chunk', async () => {
    const bytes = Buffer.from(['Name,Email', ...Array.from({ length: rows }, (_, index) => `Again ${index},again${index}@example.org`)].join('\n'));
    await importOnce(bytes);
    seen = [];
    // The same file again: every row is a duplicate, so all a chunk writes is its rows' rejections.
    await importOnce(bytes);

    const written: number[] = [];
    let rejectionsSoFar = 0;
    for (const event of seen) {
      if (event.kind === 'rejections') rejectionsSoFar += event.rows;
      // Its steps (not its first words: reading the vault's keys, then on its rows, before any row).
      if (event.kind === 'progress' && event.progress.phase?.kind === 'rows' && event.progress.processed > 0) {
        written.push(rejectionsSoFar);
        expect(event.progress.processed).toBe(rejectionsSoFar);
      }
    }
    // Step by step: the bar never showed a row whose skip was not written yet.
    expect(written).toEqual(Array.from({ length: rows / 5 }, (_, index) => (index + 1) * 5));

    // After the bar was full, nothing queued another write before the job's end: it was set in the last chunk's transaction.
    const lastRunning = seen.findLastIndex((event) => event.kind === 'progress' && event.progress.state === 'running');
    const after = seen.slice(lastRunning + 1).map((event) => (event.kind === 'progress' ? event.progress.state : event.kind));
    expect(after).toEqual(['job-row', 'done']);
    // One transaction a chunk and the job's record at the start: nothing else wrote.
    expect(seen.filter((event) => event.kind === 'transaction')).toHaveLength(1 + rows / 20);
  }, 120_000);

  it('says it is finishing once every row is in, while the search index is merged, and only then how it ended', async () => {
    await importOnce(Buffer.from(['Name,Email', ...Array.from({ length: rows }, (_, index) => `First ${index},first${index}@example.org`)].join('\n')));
    const steps = seen.flatMap((event) => {
      if (event.kind === 'merge') return ['merge'];
      if (event.kind !== 'progress') return [];
      return [event.progress.phase?.kind === 'finishing' ? `finishing ${event.progress.processed}/${event.progress.total}` : event.progress.state];
    });
    // Into an empty vault every row is new: the index is merged after the last row, the job says so first.
    expect(steps.slice(-4)).toEqual(['running', `finishing ${rows}/${rows}`, 'merge', 'done']);
    expect(steps.filter((step) => step.startsWith('finishing'))).toHaveLength(1);
  }, 120_000);

  it('stops a check when the vault locks under it, and keeps no report of it', async () => {
    const locks: Promise<void>[] = [];
    const events: ImportProgress[] = [];
    const service = new ImportService({
      vault,
      log: folder.log,
      onProgress: (progress) => events.push(progress),
      chunkRows: 500,
      stepRows: 50,
      // A check takes its writer (and never writes with it) just before it starts on the rows: the vault locks then.
      writerFor: (settings) => {
        locks.push(vault.lock('user'));
        return new CrmRecordWriter({ createAccounts: settings.createAccounts });
      },
    });
    const stopOnLock = vault.onLock(() => service.onVaultLocked());
    const bytes = Buffer.from(['Name,Email', ...Array.from({ length: 3000 }, (_, index) => `Checked ${index},checked${index}@example.org`)].join('\n'));
    const uploadId = service.uploads.append(undefined, bytes, true).uploadId;
    // Before, the check went on through the file's 3,000 rows and kept a report (state done) from a locked vault.
    const started = await service.run(ImportRun.parse({ uploadId, format: 'csv', entity: 'contacts', dryRun: true }));
    expect(started).toMatchObject({ dryRun: true, state: 'running', total: 3000, processed: 0 });
    await service.settled(started.jobId);
    expect(locks).toHaveLength(1);
    await Promise.all(locks);
    expect(vault.isUnlocked()).toBe(false);
    expect(events.at(-1)).toMatchObject({ jobId: started.jobId, state: 'interrupted' });
    expect(events.every((event) => event.processed < 3000)).toBe(true);

    // Unlocked again, the check is not known (its report went with the lock), and the same check runs to its end.
    await vault.unlock(password);
    await expect(service.status(started.jobId, 0)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    stopOnLock();
    const again = new ImportService({ vault, log: folder.log, onProgress: () => undefined, chunkRows: 500, stepRows: 50 });
    const checked = await again.run(ImportRun.parse({ uploadId: again.uploads.append(undefined, bytes, true).uploadId, format: 'csv', entity: 'contacts', dryRun: true }));
    await again.settled(checked.jobId);
    expect(await again.status(checked.jobId, 0)).toMatchObject({ dryRun: true, state: 'done', total: 3000, processed: 3000, imported: 3000 });
  }, 120_000);
});
