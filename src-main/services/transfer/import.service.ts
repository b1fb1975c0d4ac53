// Import orchestration behind the import.* channels: uploads, previews
// (import-previews.ts), background jobs with progress events, status, cancel
// and resume, the recent imports and their undo (import-undo.ts), and the
// rejected rows to download (rejected-rows.ts). One job (an import, or a
// check: a dry run), or one undo, runs at a time. A job whose process died
// (or whose vault locked) stays 'running' in its record and is reported as
// 'interrupted'; running it again with resumeJobId and the same file
// continues after its last committed chunk (its status names the upload it
// read while that is held, to resume with). A check writes nothing and keeps
// no record: its report is kept in memory (check-reports.ts) until a lock.
import { randomUUID } from 'node:crypto';
import { BadInputError, NotFoundError } from '../../../src-shared/ipc/errors';
import {
  maxRecentImports,
  maxReportedRejections,
  type ImportPreview,
  type ImportRejectedRows,
  type ImportPhase,
  type ImportProgress,
  type ImportRun,
  type ImportStatus,
  type ImportUndo,
  type ImportUndone,
  type ImportUndoProgress,
  type InterruptedImport,
  type RunningImport,
  type RecentImport,
} from '../../../src-shared/transfer/import';
import type { Logger } from '../../log/logger';
import { RecordGenerations } from '../../vault/record-generations';
import type { Vault } from '../../vault/vault';
import { currentUserId } from '../crm/current-user';
import { vaultKeyHashes, type VaultKeys } from './duplicate-keys';
import { countRejections, findJob, insertJob, jobRejections, recentJobs, runningJobs, setJobState, type ImportJob, type JobSettings } from './import-jobs.repo';
import { runImport, type ImportCounts, type RunOutcome, type RunRequest } from './import-runner';
import { CheckReports, type CheckReport } from './check-reports';
import { createdEntities, liveCreated } from './import-created';
import { compactSearch, requireUndoable, undoImport, UndoRunning } from './import-undo';
import { ImportPreviews, type PreviewQuery } from './import-previews';
import { lastCheck, rejectedRows } from './rejected-rows';
import { countSourceRows, openSource, type OpenedSource } from './import-source';
import { CrmRecordWriter, type ImportRecordWriter } from './record-writer';
import { ImportBusyError } from './transfer-errors';
import { UploadStore, type CheckedRows, type Upload } from './upload-store';

export interface ImportServiceOptions {
  readonly vault: Vault;
  readonly log: Logger;
  readonly onProgress: (progress: ImportProgress) => void;
  /** An undo's (or its restore's) records moved so far (import.didUndoProgress). */
  readonly onUndoProgress?: (progress: ImportUndoProgress) => void;
  readonly now?: () => number;
  readonly chunkRows?: number;
  readonly stepRows?: number;
  readonly writerFor?: (settings: JobSettings) => ImportRecordWriter;
  /** Moved by every contact and account write (src-main/app/core.ts): previews read the vault's keys again after one. */
  readonly generations?: RecordGenerations;
}

interface ActiveJob {
  readonly job: ImportJob;
  /** A check (dry run): its job is in memory only, and its report goes to #checks. */
  readonly dryRun: boolean;
  cancelled: boolean;
  /** What it does now (ImportPhase): its progress events and import.running say it. */
  phase: ImportPhase;
  counts: ImportCounts;
  finished: Promise<void>;
}

export class ImportService {
  readonly uploads: UploadStore;
  readonly #active = new Map<string, ActiveJob>();
  /** Jobs whose record says running while they are not in #active yet (between their start's write and #start). */
  readonly #launching = new Set<string>();
  readonly #now: () => number;
  #starting = false;
  /** An undo runs: no import starts meanwhile (it would write into the records being trashed), nor another undo. */
  readonly #undo = new UndoRunning();
  readonly #generations: RecordGenerations;
  readonly #checks = new CheckReports();
  readonly #previews: ImportPreviews;

  constructor(private readonly options: ImportServiceOptions) {
    this.#now = options.now ?? Date.now;
    this.#generations = options.generations ?? new RecordGenerations();
    this.uploads = new UploadStore(this.#now);
    this.#previews = new ImportPreviews(options.vault, this.uploads, this.#generations);
  }

  /** The file's first rows as a run with these choices would take them (import-previews.ts). */
  preview(query: PreviewQuery): Promise<ImportPreview> {
    return this.#previews.preview(query);
  }

  /** Answers at once with the job (a check's too), whose progress goes out by event; import.status gives its report. */
  async run(request: ImportRun): Promise<ImportStatus> {
    const upload = this.uploads.get(request.uploadId);
    // One job at a time; the flag covers the awaits between this check and the job's start.
    this.#requireIdle();
    this.#starting = true;
    try {
      return request.resumeJobId === undefined ? await this.#runNew(request, upload) : await this.#resume(request, request.resumeJobId, upload);
    } finally {
      this.#starting = false;
    }
  }

  async #runNew(request: ImportRun, upload: Upload): Promise<ImportStatus> {
    const source = await openSource(upload.bytes, request.format, request.entity, request.mapping);
    if (source.mappingProblem !== null) throw new BadInputError(source.mappingProblem.message, source.mappingProblem.reason);
    const total = upload.rowCounts.get(request.format) ?? (await countSourceRows(source));
    upload.rowCounts.set(request.format, total);
    const fullSettings: JobSettings = { mapping: source.mapping, duplicates: request.duplicates, createAccounts: request.createAccounts };

    if (request.dryRun) return this.#check(request, upload, source, fullSettings, total);

    const jobId = randomUUID();
    const now = this.#now();
    return this.#launch(jobId, async () => {
      await this.options.vault.connection().write(async (tx) =>
        insertJob(tx, { id: jobId, entity: request.entity, format: request.format, fileSha256: upload.sha256, fileBytes: upload.bytes.length, settings: fullSettings, total }, await currentUserId(tx), now),
      );
      const job = await this.#requireJob(jobId);
      // The answer is read before the job starts, so it shows the job as it was created (nothing written yet).
      const starting = await this.#statusOf(job, 0, true);
      this.#start(job, source, upload);
      return starting;
    });
  }

  /** Runs a job's start with its id among those launching, so that `interrupted` does not list it meanwhile. */
  async #launch(jobId: string, start: () => Promise<ImportStatus>): Promise<ImportStatus> {
    this.#launching.add(jobId);
    try {
      return await start();
    } finally {
      this.#launching.delete(jobId);
    }
  }

  /**
   * The jobs cut off before their end (their record says running and they run in no job of this
   * process), newest first: what the Import page offers to resume or discard.
   */
  async interrupted(): Promise<InterruptedImport[]> {
    // Asked before and after the read, as in status: a job that ends during the read is not cut off.
    const runsHere = (jobId: string) => this.#active.has(jobId) || this.#launching.has(jobId);
    const before = new Set([...this.#active.keys(), ...this.#launching]);
    const jobs = await this.options.vault.connection().read((tx) => runningJobs(tx, 20));
    return jobs.filter((job) => !before.has(job.jobId) && !runsHere(job.jobId));
  }

  /** The import or check that runs here now (one at most), its rows counted as its last progress said; null when none does. */
  running(): RunningImport['job'] {
    for (const { job, dryRun, counts, phase } of this.#active.values()) {
      return { jobId: job.id, dryRun, entity: job.entity, format: job.format, total: job.total, processed: counts.processed, startedAt: job.startedAt, phase };
    }
    return null;
  }

  async status(jobId: string, rejectionsFrom: number): Promise<ImportStatus> {
    // A check's kept report (which it keeps before it says it ended), or the one running.
    const check = this.#checks.status(jobId, rejectionsFrom) ?? this.#runningCheck(jobId);
    if (check !== null) return check;
    // Whether it runs here is asked before the job's row is read as well as after: a job that
    // ends while the row is read is running in that row but gone from #active after it, and
    // reading that as interrupted would show a finished import as cut off.
    const ranBefore = this.#active.has(jobId);
    const job = await this.#requireJob(jobId);
    return this.#statusOf(job, rejectionsFrom, ranBefore || this.#active.has(jobId));
  }

  /** The job as stored, with its rejections from `rejectionsFrom`; a 'running' job that does not run here reads as interrupted. */
  async #statusOf(job: ImportJob, rejectionsFrom: number, runs: boolean): Promise<ImportStatus> {
    const jobId = job.id;
    const connection = this.options.vault.connection();
    const [rejections, rejectionCount] = await connection.read(async (tx) => [
      await jobRejections(tx, jobId, rejectionsFrom, maxReportedRejections),
      await countRejections(tx, jobId),
    ] as const);
    // A job's last chunk records its end, and the job then reports it and leaves the jobs that run here:
    // until it has, it reads as running (another import cannot start yet).
    const ending = job.state !== 'running' && this.#active.has(jobId);
    return {
      jobId, dryRun: false, entity: job.entity, total: job.total,
      state: ending ? 'running' : job.state === 'running' && !runs ? 'interrupted' : job.state,
      processed: job.committed, imported: job.imported, updated: job.updated, rejected: job.rejected, duplicates: job.duplicates,
      rejections, rejectionCount, undoneAt: job.undoneAt, uploadId: this.uploads.readBy(jobId),
    };
  }

  async cancel(jobId: string): Promise<ImportStatus> {
    const active = this.#active.get(jobId);
    if (active !== undefined) {
      // Before any read: a read waits for the chunk being written, and the flag stops that chunk at its next step.
      active.cancelled = true;
      await active.finished;
      return this.status(jobId, 0);
    }
    // A check that ended: nothing to stop.
    const check = this.#checks.status(jobId, 0);
    if (check !== null) return check;
    const job = await this.#requireJob(jobId);
    if (job.state === 'running') {
      // Interrupted earlier: nothing runs; record that the user gave it up (it can still be resumed).
      await this.options.vault.connection().write((tx) => setJobState(tx, jobId, 'cancelled', this.#now()));
    }
    return this.status(jobId, 0);
  }

  /** Resolves when the job (if running here) has stopped. */
  async settled(jobId: string): Promise<void> { await this.#active.get(jobId)?.finished; }

  /** The vault locked: forget the uploads; a running job stops at its next chunk (its connection is closed). */
  onVaultLocked(): void {
    this.uploads.clear();
    this.#checks.clear();
    this.#previews.forget();
    for (const active of this.#active.values()) active.cancelled = true;
  }

  async #resume(request: ImportRun, jobId: string, upload: Upload): Promise<ImportStatus> {
    const job = await this.#requireJob(jobId);
    if (job.entity !== request.entity || job.format !== request.format) throw new BadInputError('This import was of another kind of file or record', { code: 'resume_other_kind' });
    if (request.dryRun) throw new BadInputError('A dry run cannot resume an import', { code: 'resume_dry_run' });
    if (this.#active.has(jobId)) throw new ImportBusyError('import_still_running');
    if (job.state === 'done') throw new BadInputError('This import has already finished', { code: 'resume_finished' });
    // Resumed, it would count the trashed rows as imported, skip later rows matching them, and a later undo of
    // it would trash the new records too: the user restores it first.
    if (job.undoneAt !== null) throw new BadInputError('This import was undone: restore it before resuming it', { code: 'resume_undone' });
    if (job.fileSha256 !== upload.sha256) throw new BadInputError('This is not the file of the interrupted import: choose the same file again', { code: 'resume_other_file' });
    const source = await openSource(upload.bytes, job.format, job.entity, job.format === 'csv' ? job.settings.mapping : undefined);
    return this.#launch(jobId, async () => {
      await this.options.vault.connection().write((tx) => setJobState(tx, jobId, 'running', this.#now()));
      const running: ImportJob = { ...job, state: 'running' };
      // Read before the job starts (see #runNew).
      const resuming = await this.#statusOf(running, 0, true);
      this.#start(running, source, upload);
      return resuming;
    });
  }

  #start(job: ImportJob, source: OpenedSource, upload: Upload): void {
    upload.jobIds.add(job.id);
    this.#track(job, false, (active) => this.#execute(job, source, active));
  }

  /** Runs `work` as the job that runs here, from the rows its record counts, until it ends. */
  #track(job: ImportJob, dryRun: boolean, work: (active: ActiveJob) => Promise<void>): ActiveJob {
    const counts: ImportCounts = { processed: job.committed, imported: job.imported, updated: job.updated, rejected: job.rejected, duplicates: job.duplicates };
    const active: ActiveJob = { job, dryRun, cancelled: false, phase: { kind: 'rows' }, counts, finished: Promise.resolve() };
    this.#active.set(job.id, active);
    active.finished = work(active).finally(() => this.#active.delete(job.id));
    return active;
  }

  /**
   * A check (dry run) is a job as an import is (progress by event, Stop, followed by a page opened
   * meanwhile), in memory only: it checks every row as the import would, writes nothing, and keeps its
   * report in #checks and its rejected rows with the upload, to download and fix.
   */
  #check(request: ImportRun, upload: Upload, source: OpenedSource, settings: JobSettings, total: number): ImportStatus {
    const job: ImportJob = {
      id: randomUUID(), entity: request.entity, format: request.format, fileSha256: upload.sha256, settings, state: 'running', total,
      committed: 0, imported: 0, updated: 0, rejected: 0, duplicates: 0, undoneAt: null, startedAt: this.#now(),
    };
    this.#track(job, true, (active) => this.#runCheck(job, source, active, upload));
    return { ...this.#checkReport(job, 'running', {}), rejections: [] };
  }

  async #runCheck(job: ImportJob, source: OpenedSource, active: ActiveJob, upload: Upload): Promise<void> {
    const epoch = this.#checks.epoch;
    const report = (state: ImportProgress['state'], counts: ImportCounts) =>
      this.options.onProgress({ jobId: job.id, processed: counts.processed, total: job.total, rejected: counts.rejected, state, phase: state === 'running' ? active.phase : null });
    try {
      const outcome = await runImport(this.#runRequest(active, source, null, (current) => report('running', current)));
      // Stopped by the vault locking ('interrupted'): no report for a vault that is locked.
      if (outcome.state !== 'interrupted') {
        // Its rejected rows (not the skipped duplicates) can be downloaded to fix (a stopped check's: those it found).
        upload.lastCheck = { format: job.format, entity: job.entity, mapping: source.mapping, rejections: outcome.rowRejections, rejected: outcome.counts.rejected };
        this.#checks.keep(this.#checkReport(job, outcome.state, outcome), epoch);
      }
      report(outcome.state, outcome.counts);
    } catch (error) {
      this.#warn('import.checkFailed', job.id, error);
      const kept = this.#checks.keep(this.#checkReport(job, 'failed', { counts: active.counts }), epoch);
      report(kept ? 'failed' : 'interrupted', active.counts);
    }
  }

  /** A check's report: its counts, and the rejections it kept (none while it runs). */
  #checkReport(job: ImportJob, state: ImportStatus['state'], outcome: Partial<Pick<RunOutcome, 'counts' | 'rejections' | 'rejectionCount'>>): CheckReport {
    const counts = outcome.counts ?? { processed: 0, imported: 0, updated: 0, rejected: 0, duplicates: 0 };
    return { jobId: job.id, dryRun: true, entity: job.entity, state, total: job.total, ...counts, rejections: outcome.rejections ?? [], rejectionCount: outcome.rejectionCount ?? 0, undoneAt: null, uploadId: null };
  }

  /** The running check with this id, its rows counted as its last progress said; null when none runs. */
  #runningCheck(jobId: string): ImportStatus | null {
    const active = this.#active.get(jobId);
    if (active === undefined || !active.dryRun) return null;
    return { ...this.#checkReport(active.job, 'running', { counts: active.counts }), rejections: [] };
  }

  /** Logs a job's failure by its class only: an error from deep inside a write may quote values. */
  #warn(event: string, jobId: string, error: unknown): void {
    this.options.log.log('warn', event, { jobId, error: error instanceof Error ? error.name : 'unknown' });
  }

  /**
   * The vault's duplicate keys are read by the job, after run answered: the
   * scan reads every live record of the entity (0.40 s for 49,699 contacts
   * in the import bench), and the job says so meanwhile (phase keys).
   */
  async #execute(job: ImportJob, source: OpenedSource, active: ActiveJob): Promise<void> {
    const report = (state: ImportProgress['state'], current: ImportCounts) => {
      // A chunk committed: the next preview reads the vault's keys again, or it would not see its records as duplicates
      // (a contact import may create accounts too).
      this.#generations.written([job.entity, 'accounts']);
      this.options.onProgress({ jobId: job.id, processed: current.processed, total: job.total, rejected: current.rejected, state, phase: state === 'running' ? active.phase : null });
    };
    try {
      const outcome = await runImport(
        this.#runRequest(active, source, { id: job.id, skipRows: job.committed, start: active.counts }, (current) => report('running', current)),
      );
      // A finished import has no use for its file any more (a cancelled one may be resumed from it), unless
      // it rejected rows, which the user may download to fix (rejectedRows): the customer data in it leaves
      // memory now, not after the upload's idle hour (or the lock) as a kept file's does (every upload it read).
      if (outcome.state === 'done' && outcome.counts.rejected === 0) this.uploads.deleteReadBy(job.id);
      // A large import leaves the search index in segments, merged for the searches and undo to come (a failed merge
      // changes nothing); the job says it is finishing meanwhile.
      const written = outcome.counts.imported + outcome.counts.updated;
      if (outcome.state === 'done' && written > 0) {
        active.phase = { kind: 'finishing' };
        report('running', outcome.counts);
        await compactSearch(this.options.vault.connection(), written).catch((error: unknown) => this.#warn('import.compactFailed', job.id, error));
      }
      report(outcome.state, outcome.counts);
    } catch (error) {
      this.#warn('import.failed', job.id, error);
      try {
        // Progress may have counted steps of the chunk that rolled back: report what the vault holds.
        const stored = await this.options.vault.connection().write(async (tx) => {
          await setJobState(tx, job.id, 'failed', this.#now());
          return findJob(tx, job.id);
        });
        report('failed', stored === null ? active.counts : { processed: stored.committed, imported: stored.imported, updated: stored.updated, rejected: stored.rejected, duplicates: stored.duplicates });
      } catch {
        // The vault locked under the job: its record stays 'running' and reads as 'interrupted'.
        report('interrupted', active.counts);
      }
    }
  }

  /** What runImport needs to run the job (`record`: null for a check), its progress kept in `active` and handed to `onProgress`. */
  #runRequest(active: ActiveJob, source: OpenedSource, record: RunRequest['job'], onProgress: (counts: ImportCounts) => void): RunRequest {
    const { entity, settings } = active.job;
    const { chunkRows, stepRows } = this.options;
    return {
      connection: this.options.vault.connection(),
      source,
      entity,
      duplicates: settings.duplicates,
      vaultKeys: () => this.#vaultKeys(settings, entity),
      job: record,
      writer: this.options.writerFor?.(settings) ?? new CrmRecordWriter({ createAccounts: settings.createAccounts }),
      createAccounts: settings.createAccounts,
      isCancelled: () => active.cancelled,
      onProgress: (current) => {
        active.counts = { ...current };
        onProgress(current);
      },
      // Said before its rows move the bar (reading the vault's keys; a resume reading up to where it stopped).
      onPhase: (phase) => {
        active.phase = phase;
        onProgress(active.counts);
      },
      now: this.#now,
      ...(chunkRows === undefined ? {} : { chunkRows }),
      ...(stepRows === undefined ? {} : { stepRows }),
    };
  }

  /** Keys of the records already in the vault, when duplicates are to be skipped, or updated (then with each key's record). */
  async #vaultKeys(settings: JobSettings, entity: ImportRun['entity']): Promise<VaultKeys | null> {
    if (settings.duplicates === 'import') return null;
    return vaultKeyHashes(this.options.vault.connection(), entity, settings.duplicates === 'update');
  }

  #requireIdle(): void {
    if (this.#active.size > 0 || this.#starting) throw new ImportBusyError('import_running');
    if (this.#undo.busy) throw new ImportBusyError('undo_running');
  }

  /**
   * Moves the records the import created to the trash (or, with restore, takes those it moved back
   * out); one at a time, and not while an import runs. Answers once done, with progress by event.
   */
  async undo(request: ImportUndo): Promise<ImportUndone> {
    this.#requireIdle();
    return this.#undo.run(request.jobId, request.restore, this.options.onUndoProgress ?? (() => undefined), async (onProgress) => {
      const job = await this.#requireJob(request.jobId);
      const connection = this.options.vault.connection();
      await requireUndoable(connection, job);
      const undone = await undoImport({ connection, job, restore: request.restore, now: this.#now(), onProgress });
      // The records went (or came back): previews read the vault's keys again.
      this.#generations.written([job.entity, 'accounts']);
      return undone;
    });
  }

  /** The newest imports of these entities that ended having written records (or were undone), newest first. */
  async recent(entities: readonly ImportRun['entity'][]): Promise<RecentImport[]> {
    return this.options.vault.connection().read(async (tx) => {
      const jobs = await recentJobs(tx, entities, maxRecentImports);
      const counted: RecentImport[] = [];
      for (const job of jobs) {
        const running = this.#undo.of(job.jobId);
        counted.push(job.undoneAt === null ? { ...job, running } : { ...job, running, left: await liveCreated(tx, job.jobId) });
      }
      return counted;
    });
  }

  /** Whether the job creates accounts for company names: a resume runs with its own choice, not the request's. */
  async createsAccounts(jobId: string): Promise<boolean> {
    return (await this.#requireJob(jobId)).settings.createAccounts;
  }

  /** The kinds of record the import created (a contact import may have created accounts too). */
  async createdEntities(jobId: string): Promise<ImportRun['entity'][]> {
    return this.options.vault.connection().read((tx) => createdEntities(tx, jobId));
  }

  /** What the newest check (dry run) of the upload rejected (rejected-rows.ts). */
  lastCheck(uploadId: string): CheckedRows {
    return lastCheck(this.uploads, uploadId);
  }

  /** A run's (jobId) or the newest check's (null) rejected rows as the file has them (rejected-rows.ts). */
  async rejectedRows(jobId: string | null, uploadId: string): Promise<ImportRejectedRows> {
    return rejectedRows(this.uploads, uploadId, jobId === null ? null : await this.#requireJob(jobId), this.options.vault.connection());
  }

  async #requireJob(jobId: string): Promise<ImportJob> {
    const job = await this.options.vault.connection().read((tx) => findJob(tx, jobId));
    if (job === null) throw new NotFoundError('The import');
    return job;
  }
}
