// The import benchmark's world: a real vault (Argon2id-wrapped key, device
// secret in the real OS keychain under a service name of its own, SQLCipher
// with the app's settings) unlocked in this process, and the ImportService
// the import.* channels call, with the app's default chunk size. One import
// is timed from the `import.run` call — which counts the file's rows, reads
// the vault's duplicate keys and records the job — until the job has settled,
// and is checked against what it claims to have written.
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ExportRequest } from '../../src-shared/transfer/export';
import { ImportRun, type ImportPhase, type ImportProgress, type ImportStatus } from '../../src-shared/transfer/import';
import { createMemoryLogger } from '../../src-main/log/logger';
import { exportCsv } from '../../src-main/services/transfer/export.service';
import { ownerExportPolicy } from '../../src-main/services/transfer/export-policy';
import { ImportService } from '../../src-main/services/transfer/import.service';
import { TestKeyStore } from '../../src-main/testing/test-key-store';
import { Vault } from '../../src-main/vault/vault';
import { databasePath } from '../../src-main/vault/vault-files';
import type { ContactsCsv } from './contacts-csv';

/** How an upload reaches the main process: chunks of at most 2 MiB (import.upload). */
const UPLOAD_CHUNK = 2 * 1024 * 1024;

export interface TimedImport {
  readonly status: ImportStatus;
  readonly seconds: number;
  /** Until import.run answered: counting rows, recording the job, reading its status (the vault's duplicate keys are read after, by the job). */
  readonly startSeconds: number;
  readonly progressEvents: number;
  readonly cpuSeconds: number;
  /** Seconds in each phase its progress events named (reading the vault's keys, on the rows, finishing), from each change of phase to the next. */
  readonly phaseSeconds: Partial<Record<ImportPhase['kind'], number>>;
}

export interface TimedUndo {
  /** Records moved: contacts plus the accounts the import created. */
  readonly records: number;
  readonly seconds: number;
  readonly progressEvents: number;
}

export interface TimedExport {
  readonly rows: number;
  readonly seconds: number;
  /** The CSV text's size in UTF-8. */
  readonly bytes: number;
  readonly cpuSeconds: number;
  readonly progressEvents: number;
}

export interface VaultCounts {
  readonly contacts: number;
  readonly accounts: number;
  readonly outbox: number;
  readonly fieldVersions: number;
  readonly searchDocs: number;
}

const Count = z.object({ n: z.number().int() });

export class ImportSession {
  readonly #keyStore = new TestKeyStore(`FieldVault-bench-${randomBytes(6).toString('hex')}`);
  readonly #log = createMemoryLogger();
  readonly vault: Vault;
  readonly service: ImportService;
  #events = 0;
  #undoEvents = 0;
  /** The job's changes of phase ('ended' once it says how it ended), each when it came. */
  #phases: { readonly kind: ImportPhase['kind'] | 'ended'; readonly at: number }[] = [];

  constructor(readonly dataDir: string) {
    this.vault = new Vault({ dataDir, keyStore: this.#keyStore, log: this.#log });
    this.service = new ImportService({
      vault: this.vault,
      log: this.#log,
      onProgress: (progress) => this.#progressed(progress),
      onUndoProgress: () => (this.#undoEvents += 1),
    });
  }

  #progressed(progress: ImportProgress): void {
    this.#events += 1;
    const kind = progress.phase?.kind ?? 'ended';
    if (this.#phases.at(-1)?.kind !== kind) this.#phases.push({ kind, at: performance.now() });
  }

  /** Seconds in each phase since the job started, the last one until `end`. */
  #phaseSeconds(end: number): TimedImport['phaseSeconds'] {
    const seconds: Partial<Record<ImportPhase['kind'], number>> = {};
    this.#phases.forEach(({ kind, at }, index) => {
      if (kind !== 'ended') seconds[kind] = (seconds[kind] ?? 0) + ((this.#phases[index + 1]?.at ?? end) - at) / 1000;
    });
    return seconds;
  }

  async open(): Promise<void> {
    await this.vault.create(`bench password ${randomBytes(8).toString('hex')}`);
  }

  /** Uploads the file as the renderer would, then imports it (or, `dryRun`, checks it) and waits for the job to finish. */
  async importFile(file: ContactsCsv, dryRun = false): Promise<TimedImport> {
    let uploadId: string | undefined;
    for (let offset = 0; offset < file.bytes.length; offset += UPLOAD_CHUNK) {
      const chunk = file.bytes.subarray(offset, offset + UPLOAD_CHUNK);
      uploadId = this.service.uploads.append(uploadId, Buffer.from(chunk), offset + UPLOAD_CHUNK >= file.bytes.length).uploadId;
      // Each chunk is an IPC call of its own in the app: the event loop turns between them.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (uploadId === undefined) throw new Error('The file is empty');
    this.#events = 0;
    this.#phases = [];
    const cpu = process.cpuUsage();
    const started = performance.now();
    const job = await this.service.run(ImportRun.parse({ uploadId, format: 'csv', entity: 'contacts', dryRun }));
    const startSeconds = (performance.now() - started) / 1000;
    await this.service.settled(job.jobId);
    const ended = performance.now();
    const seconds = (ended - started) / 1000;
    const used = process.cpuUsage(cpu);
    const status = await this.service.status(job.jobId, 0);
    if (status.state !== 'done') throw new Error(`The ${dryRun ? 'check' : 'import'} ended ${status.state}`);
    return { status, seconds, startSeconds, progressEvents: this.#events, cpuSeconds: (used.user + used.system) / 1e6, phaseSeconds: this.#phaseSeconds(ended) };
  }

  /** Undoes the job (import.undo: its records to the trash), or with `restore` brings them back, timed. */
  async undo(jobId: string, restore: boolean): Promise<TimedUndo> {
    this.#undoEvents = 0;
    const started = performance.now();
    const done = await this.service.undo({ jobId, restore });
    return { records: done.contacts + done.accounts, seconds: (performance.now() - started) / 1000, progressEvents: this.#undoEvents };
  }

  /** Exports every contact as the Transfer page's export does (export.csv: sorted by name, sensitive fields left out), timed. */
  async exportContacts(): Promise<TimedExport> {
    let progressEvents = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = await exportCsv(ExportRequest.parse({ entity: 'contacts' }), {
      connection: this.vault.connection(),
      policy: ownerExportPolicy,
      sender: { transport: 'test', origin: 'bench://import' },
      now: Date.now(),
      onProgress: () => (progressEvents += 1),
    });
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    return { rows: result.rows, seconds, bytes: Buffer.byteLength(result.csv, 'utf8'), cpuSeconds: (used.user + used.system) / 1e6, progressEvents };
  }

  async counts(): Promise<VaultCounts> {
    return this.vault.connection().read(async (tx) => {
      const count = async (sql: string) => Count.parse(await tx.get(sql)).n;
      return {
        contacts: await count('SELECT count(*) AS n FROM contacts WHERE deleted_at IS NULL'),
        accounts: await count('SELECT count(*) AS n FROM accounts WHERE deleted_at IS NULL'),
        outbox: await count('SELECT count(*) AS n FROM outbox'),
        fieldVersions: await count('SELECT count(*) AS n FROM field_versions'),
        searchDocs: await count('SELECT count(*) AS n FROM search_docs'),
      };
    });
  }

  /** Database file plus WAL, in bytes. */
  async fileBytes(): Promise<{ db: number; wal: number }> {
    const file = databasePath(this.dataDir);
    const size = async (name: string) => (await stat(name).catch(() => null))?.size ?? 0;
    return { db: await size(file), wal: await size(`${file}-wal`) };
  }

  async close(): Promise<void> {
    try {
      await this.vault.lock();
    } finally {
      await this.#keyStore.cleanup();
    }
  }
}

export function sessionDir(tempDir: string): string {
  return path.join(tempDir, 'vault');
}
