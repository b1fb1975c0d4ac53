// The import.* and export.* channels. Channel permissions admit the call
// ('contacts:write' for imports, 'contacts:export' for exports); each handler
// then requires the permission for the entity it touches: `<entity>:write` to
// import (plus accounts:write when a contact import may create accounts for
// company names) and `<entity>:export` to export, plus `<entity>:reveal`
// when the request includes the fields the masking rule hides (a file of
// every row's notes is at least what "Show" on one of them is; the export
// then writes an access-log entry per such field). Export also passes through
// the injectable ExportPolicy (export-policy.ts), the hook for the permission
// and audit issues. A running export named by its request's exportId stops
// on export.cancel (which needs that entity's export permission too); a
// cancel that comes before its export (Stop pressed at once: the two calls
// are dispatched side by side) is kept, and that export ends before its
// first row. When the page goes (reload, crash, window closed: the shell
// calls stopExports) every running export stops too: the new page never
// learned their ids, so it could neither stop them nor get their files. An
// export stopped that way or by Stop still ends before its next page; an
// export asked for meanwhile waits for that rather than being refused.
import { BadInputError, CancelledError } from '../../../src-shared/ipc/errors';
import { sensitiveExportFields, type ExportProgress } from '../../../src-shared/transfer/export';
import type { ListEntity } from '../../../src-shared/domain/saved-view';
import { ImportEntity, type ImportProgress, type ImportUndoProgress } from '../../../src-shared/transfer/import';
import type { Handlers } from '../../ipc/registry';
import type { Logger } from '../../log/logger';
import type { AccessPolicy } from '../../policy/access.policy';
import type { RecordGenerations } from '../../vault/record-generations';
import type { Vault } from '../../vault/vault';
import { exportCsv } from './export.service';
import { ownerExportPolicy, type ExportPolicy } from './export-policy';
import { ImportService } from './import.service';
import { ImportBusyError } from './transfer-errors';

/** Cancels kept for exports not yet arrived: the page runs one export at a time per list, so a few are plenty. */
const maxStoppedEarly = 16;

type TransferChannel =
  | 'import.upload'
  | 'import.discardUpload'
  | 'import.preview'
  | 'import.run'
  | 'import.status'
  | 'import.cancel'
  | 'import.rejectedRows'
  | 'import.interrupted'
  | 'import.running'
  | 'import.undo'
  | 'import.recent'
  | 'export.csv'
  | 'export.cancel';

/** An export under way: its Stop, and when it has ended (answered or failed). */
interface RunningExport {
  readonly stop: AbortController;
  readonly ended: Promise<void>;
}

export interface TransferOptions {
  readonly vault: Vault;
  readonly policy: AccessPolicy;
  readonly log: Logger;
  readonly onProgress: (progress: ImportProgress) => void;
  /** An import's undo (or restore): its records moved so far (import.didUndoProgress). */
  readonly onUndoProgress?: (progress: ImportUndoProgress) => void;
  /** An export's rows read so far, and its total (export.didProgress). */
  readonly onExportProgress?: (progress: ExportProgress) => void;
  readonly exportPolicy?: ExportPolicy;
  readonly now?: () => number;
  /** Moved by every record write: the import preview's cache of the vault's duplicate keys follows it. */
  readonly generations?: RecordGenerations;
}

export interface Transfer {
  readonly handlers: Pick<Handlers, TransferChannel>;
  readonly imports: ImportService;
  /** Stops every running export (before its next page): the page that asked for them has gone. */
  stopExports(): void;
  close(): void;
}

export function createTransfer(options: TransferOptions): Transfer {
  const now = options.now ?? Date.now;
  const imports = new ImportService({
    vault: options.vault,
    log: options.log,
    onProgress: options.onProgress,
    ...(options.onUndoProgress === undefined ? {} : { onUndoProgress: options.onUndoProgress }),
    now,
    ...(options.generations === undefined ? {} : { generations: options.generations }),
  });
  const stopOnLock = options.vault.onLock(() => imports.onVaultLocked());
  const exportPolicy = options.exportPolicy ?? ownerExportPolicy;
  const mayImport = (entity: ImportEntity, createsAccounts: boolean) => {
    options.policy.authorize(`${entity}:write`);
    if (entity === 'contacts' && createsAccounts) options.policy.authorize('accounts:write');
  };
  const mayImportEntity = (entity: ImportEntity): boolean => {
    try {
      mayImport(entity, false);
      return true;
    } catch {
      return false;
    }
  };
  const jobEntity = async (jobId: string) => (await imports.status(jobId, 0)).entity;
  /** The exports running now that have an id: what export.cancel stops. */
  const exports = new Map<string, { readonly entity: ListEntity; readonly stop: AbortController }>();
  /** Ids cancelled before their export arrived, oldest first (a few at most). */
  const stoppedEarly = new Set<string>();
  /** Exports running now, with an id or without; a stopped one until it has ended. */
  const running = new Set<RunningExport>();
  const refuseId = (exportId: string | null) => {
    if (exportId !== null && exports.has(exportId)) throw new BadInputError('An export with this id is already running.');
    if (exportId !== null && stoppedEarly.delete(exportId)) throw new CancelledError('The export');
  };

  return {
    imports,
    stopExports: () => {
      for (const { stop } of running) stop.abort();
    },
    close: stopOnLock,
    handlers: {
      'import.upload': (input) => Promise.resolve(imports.uploads.append(input.uploadId, Buffer.from(input.chunk, 'base64'), input.last)),
      'import.discardUpload': ({ uploadId }) => Promise.resolve({ discarded: imports.uploads.delete(uploadId) }),
      'import.preview': async (query) => {
        mayImport(query.entity, false);
        return imports.preview(query);
      },
      // A resumed job runs with its own settings (import.service #resume), whatever the request says: so is it authorised.
      'import.run': async (request) => {
        mayImport(request.entity, false);
        mayImport(request.entity, request.resumeJobId === undefined ? request.createAccounts : await imports.createsAccounts(request.resumeJobId));
        return imports.run(request);
      },
      'import.status': async ({ jobId, rejectionsFrom }) => {
        mayImport(await jobEntity(jobId), false);
        return imports.status(jobId, rejectionsFrom);
      },
      'import.cancel': async ({ jobId }) => {
        mayImport(await jobEntity(jobId), false);
        return imports.cancel(jobId);
      },
      'import.rejectedRows': async ({ jobId, uploadId }) => {
        mayImport(jobId === null ? imports.lastCheck(uploadId).entity : await jobEntity(jobId), false);
        return imports.rejectedRows(jobId, uploadId);
      },
      // Only the jobs of entities the user may import: resuming or discarding one needs that too.
      'import.interrupted': async () => ({
        jobs: (await imports.interrupted()).filter((job) => mayImportEntity(job.entity)),
      }),
      // As import.interrupted: a job of an entity the user may not import (started before a role change) is not theirs to follow.
      'import.running': () => {
        const job = imports.running();
        return Promise.resolve({ job: job !== null && mayImportEntity(job.entity) ? job : null });
      },
      // The imports of the entities the user may import, as import.interrupted.
      'import.recent': async () => ({
        jobs: await imports.recent(ImportEntity.options.filter(mayImportEntity)),
      }),
      // Undoing trashes what the import created: the delete permission of each kind of record it created.
      'import.undo': async (request) => {
        const job = await imports.status(request.jobId, 0);
        mayImport(job.entity, false);
        for (const entity of new Set([job.entity, ...(await imports.createdEntities(request.jobId))])) options.policy.authorize(`${entity}:delete`);
        return imports.undo(request);
      },
      'export.csv': async (request, context) => {
        options.policy.authorize(`${request.entity}:export`);
        if (request.includeSensitive === true && sensitiveExportFields[request.entity].length > 0) options.policy.authorize(`${request.entity}:reveal`);
        const exportId = request.exportId ?? null;
        refuseId(exportId);
        // One at a time: each holds its file's text (up to 256 MB) until it is saved, and twenty at once took the
        // main process past its heap, the vault closing without a clean lock. A stopped one is waited for (it
        // ends before its next page): a page reloaded during an export asks again as soon as it has loaded.
        while (running.size > 0) {
          if ([...running].some((other) => !other.stop.signal.aborted)) throw new ImportBusyError('export_running');
          await Promise.all([...running].map((other) => other.ended));
          refuseId(exportId);
        }
        const stop = new AbortController();
        let end = () => {};
        const entry: RunningExport = { stop, ended: new Promise<void>((resolve) => (end = resolve)) };
        running.add(entry);
        if (exportId !== null) exports.set(exportId, { entity: request.entity, stop });
        try {
          return await exportCsv(request, {
            connection: options.vault.connection(),
            policy: exportPolicy,
            sender: context.sender,
            now: now(),
            signal: stop.signal,
            onProgress: (rows, total) => options.onExportProgress?.({ entity: request.entity, exportId, rows, total }),
            ...(options.generations === undefined ? {} : { departures: () => options.generations?.departures() ?? 0 }),
            ...(options.generations === undefined ? {} : { written: () => options.generations?.of(request.entity) ?? 0 }),
          });
        } finally {
          running.delete(entry);
          end();
          if (exportId !== null) exports.delete(exportId);
        }
      },
      // An id that names no running export is kept for an export.csv still on its way: { running: false }.
      'export.cancel': ({ exportId }) => {
        const running = exports.get(exportId);
        if (running === undefined) {
          stoppedEarly.add(exportId);
          for (const oldest of stoppedEarly) {
            if (stoppedEarly.size <= maxStoppedEarly) break;
            stoppedEarly.delete(oldest);
          }
          return Promise.resolve({ running: false });
        }
        options.policy.authorize(`${running.entity}:export`);
        running.stop.abort();
        return Promise.resolve({ running: true });
      },
    },
  };
}
