// Test fixture for the import service: a real vault (SQLCipher, real keychain)
// created and unlocked in its own temp folder for each test, an ImportService
// on it in 100-row chunks that records its progress events and stops on lock
// as createTransfer wires it, and the helpers the import tests share (upload,
// run, count rows, services whose writer crashes or waits). Registers its own
// beforeEach/afterEach; call it inside a describe.
import { afterEach, beforeEach } from 'vitest';
import { z } from 'zod';
import { ImportRun, type ImportProgress, type ImportRejectedRows, type ImportStatus } from '../../../../src-shared/transfer/import';
import { TempVaultFolder } from '../../../testing/temp-vault';
import type { Vault } from '../../../vault/vault';
import { ImportService } from '../import.service';
import { CrmRecordWriter, type ImportRecordWriter } from '../record-writer';

type Write = ReturnType<ImportRecordWriter['write']>;

export interface ImportServiceFixture {
  readonly password: string;
  readonly folder: TempVaultFolder;
  readonly vault: Vault;
  readonly service: ImportService;
  /** Every progress event of `service`, oldest first. */
  readonly events: ImportProgress[];
  /** Hands `content` to the service's uploads as one whole file; its upload id. */
  readonly upload: (content: string | Buffer) => string;
  /** The `n` column of a `SELECT count(*) AS n …` on the vault. */
  readonly count: (sql: string) => Promise<number>;
  /** Runs a contacts CSV import, `input` over those defaults. */
  readonly run: (input: Record<string, unknown>) => Promise<ImportStatus>;
  /** A service on this vault (100-row chunks, or `stepRows` steps in them) whose writer runs `around` each step's real write. */
  readonly serviceAround: (around: (write: () => Write) => Write, stepRows?: number) => ImportService;
  /** A service on this vault whose `chunk`th chunk fails after its records were written (before it commits). */
  readonly crashingAt: (chunk: number) => ImportService;
  /** `service.rejectedRows` of a CSV file: its rows (throws for a vCard file's cards). */
  readonly csvRejected: (jobId: string | null, uploadId: string) => Promise<Extract<ImportRejectedRows, { format: 'csv' }>>;
  /** The status of `status`'s job (an import's or a check's) once `service` has settled it. */
  readonly finish: (status: ImportStatus) => Promise<ImportStatus>;
}

export function useImportService(): ImportServiceFixture {
  const password = 'import test password 1';
  let current: { folder: TempVaultFolder; vault: Vault; service: ImportService; events: ImportProgress[]; stopOnLock: () => void } | undefined;

  beforeEach(async () => {
    const folder = await TempVaultFolder.create();
    const vault = folder.vault();
    await vault.create(password);
    const events: ImportProgress[] = [];
    const service = new ImportService({ vault, log: folder.log, onProgress: (progress) => events.push(progress), chunkRows: 100 });
    // As createTransfer wires it in the app.
    const stopOnLock = vault.onLock(() => service.onVaultLocked());
    current = { folder, vault, service, events, stopOnLock };
  });

  afterEach(async () => {
    const done = current;
    current = undefined;
    if (done === undefined) return;
    done.stopOnLock();
    await done.folder.dispose();
  });

  const get = () => {
    if (current === undefined) throw new Error('The import service exists only inside a test');
    return current;
  };

  const serviceAround = (around: (write: () => Write) => Write, stepRows?: number) => {
    const { vault, folder } = get();
    return new ImportService({
      vault,
      log: folder.log,
      onProgress: () => undefined,
      chunkRows: 100,
      ...(stepRows === undefined ? {} : { stepRows }),
      writerFor: (settings) => {
        const inner = new CrmRecordWriter({ createAccounts: settings.createAccounts });
        return { write: (tx, drafts, now) => around(() => inner.write(tx, drafts, now)), update: (tx, updates, now) => inner.update(tx, updates, now) };
      },
    });
  };

  return {
    password,
    get folder() {
      return get().folder;
    },
    get vault() {
      return get().vault;
    },
    get service() {
      return get().service;
    },
    get events() {
      return get().events;
    },
    upload: (content) => get().service.uploads.append(undefined, Buffer.isBuffer(content) ? content : Buffer.from(content), true).uploadId,
    count: async (sql) => z.object({ n: z.number() }).parse(await get().vault.connection().read((tx) => tx.get(sql))).n,
    run: (input) => get().service.run(ImportRun.parse({ format: 'csv', entity: 'contacts', ...input })),
    serviceAround,
    crashingAt: (chunk) => {
      let chunks = 0;
      return serviceAround(async (write) => {
        chunks += 1;
        const result = await write();
        if (chunks === chunk) throw new Error('simulated crash');
        return result;
      });
    },
    csvRejected: async (jobId, uploadId) => {
      const answer = await get().service.rejectedRows(jobId, uploadId);
      if (answer.format !== 'csv') throw new Error(`Rejected ${answer.format} cards, not CSV rows`);
      return answer;
    },
    finish: async (status) => {
      const { service } = get();
      await service.settled(status.jobId);
      return service.status(status.jobId, 0);
    },
  };
}
