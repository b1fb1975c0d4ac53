// Runs an import (or a check: a dry run) and follows it to the end: the run
// answers at once with a job id, then transfer.didProgress events move the
// progress bar until the job stops (an import's last rows in, it says it is
// finishing while the job tidies up); the final report (counts and rejected
// rows) comes from import.status. The state keeps the file's format, so the
// screens can count a vCard file in cards, and a finished job its entity, so
// its report can open that list. A job started from a page since left is
// followed the same way (`follow`). Stop asks once: the job then says it is
// stopping until its chunk being written has rolled back and its report comes.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import type { ImportEntity, ImportFormat, ImportPhase, ImportProgress, ImportRun, ImportStatus, RunningImport } from '../../../src-shared/transfer/import';
import { useApi } from '../../app/api-context';
import { errorText } from '../../ui/error-text';
import { formatNumber } from '../../ui/format';
import { Pace } from './time-left';
import type { Words } from '../../ui/words';

export type JobState =
  | { readonly kind: 'idle' }
  | {
      readonly kind: 'running';
      readonly format: ImportFormat;
      readonly dryRun: boolean;
      readonly processed: number;
      readonly total: number;
      readonly jobId: string | null;
      /** What it does now (finishing: every row is in and the job tidies up, nothing is left to cancel). */
      readonly phase: ImportPhase;
      /** From the pace of its rows (time-left.ts); null until that is known, and outside the rows. */
      readonly secondsLeft: number | null;
      /** Stop was pressed: the job rolls back the chunk it was writing (up to 20,000 rows) before it stops. */
      readonly stopping: boolean;
    }
  | { readonly kind: 'finished'; readonly format: ImportFormat; readonly entity: ImportEntity; readonly status: ImportStatus }
  /** `dryRun`: it was a check (refused, say, while an undo runs). */
  | { readonly kind: 'failed'; readonly dryRun: boolean; readonly message: Words };

export type RunningJob = Extract<JobState, { kind: 'running' }>;

/** What the running job does now, in words: a resume reading up to where it stopped names how far it got. */
export function runningText(state: RunningJob, t: TFunction): string {
  const { phase } = state;
  switch (phase.kind) {
    case 'keys':
      return t('transfer.readingKeys');
    case 'resuming':
      return t('transfer.resuming', { passed: formatNumber(phase.passed), of: formatNumber(phase.of) });
    case 'finishing':
      return t('transfer.finishing');
    case 'rows':
      return t(state.dryRun ? 'transfer.checking' : 'transfer.running');
  }
}

export interface ImportJob {
  readonly state: JobState;
  /** With `onRefused`, a run refused before it starts (a resume given another file, say) leaves the job idle and goes there instead. */
  readonly start: (request: ImportRun, onRefused?: (message: string) => void) => void;
  /** Follows an import or check that runs already (started from a page since left): its progress, Stop and report; false when this page runs one. */
  readonly follow: (job: NonNullable<RunningImport['job']>) => boolean;
  readonly cancel: () => void;
  readonly reset: () => void;
  /** Shows the report of a job that ended before the page opened (a check of the file the page goes on with), unless one runs here. */
  readonly show: (format: ImportFormat, status: ImportStatus) => void;
}

export function useImportJob(): ImportJob {
  const api = useApi();
  const [state, setState] = useState<JobState>({ kind: 'idle' });
  const jobId = useRef<string | null>(null);
  // The ended job's report has been asked for (once, however many ways its end is heard).
  const reportAsked = useRef(false);
  // The format of the file the job reads, and what it imports (the last one started).
  const format = useRef<ImportFormat>('csv');
  const entity = useRef<ImportEntity>('contacts');
  const checking = useRef(false);
  // The latest running event of a job whose run has not answered yet: the main process starts a job before its
  // answer goes, so the job's first events (reading the vault's keys, say) come first, and say what it does.
  const unclaimed = useRef<ImportProgress | null>(null);
  const [pace] = useState(() => new Pace());

  const finish = useCallback(
    (id: string) => {
      if (reportAsked.current) return;
      reportAsked.current = true;
      api.invoke('import.status', { jobId: id }).then(
        (status) => setState({ kind: 'finished', format: format.current, entity: entity.current, status }),
        (error: unknown) => setState({ kind: 'failed', dryRun: checking.current, message: { error } }),
      );
    },
    [api],
  );

  /** Reads the job's status once, and finishes it if it has ended already (its last event may have come unheard). */
  const finishIfEnded = useCallback(
    (id: string) => {
      api.invoke('import.status', { jobId: id }).then(
        (latest) => {
          if (latest.state !== 'running' && latest.jobId !== null) finish(latest.jobId);
        },
        () => undefined,
      );
    },
    [api, finish],
  );

  useEffect(
    () =>
      api.on('transfer.didProgress', (progress) => {
        if (jobId.current === null && progress.phase !== null) unclaimed.current = progress;
        if (jobId.current !== progress.jobId) return;
        if (progress.state === 'running') {
          const { processed, total } = progress;
          const phase = progress.phase ?? { kind: 'rows' };
          // The time left is the rows' (none before them, nor while the job finishes).
          if (phase.kind !== 'rows') pace.reset();
          const secondsLeft = phase.kind === 'rows' ? pace.secondsLeft(processed, total, Date.now()) : null;
          setState((current) => (current.kind === 'running' ? { ...current, processed, total, phase, secondsLeft } : current));
        } else finish(progress.jobId);
      }),
    [api, finish, pace],
  );

  /** Stop pressed for this job (sent at once, or once the run answers with its job): a second press sends nothing. */
  const stopAsked = useRef(false);
  const sendCancel = useCallback(
    (id: string) => {
      api.invoke('import.cancel', { jobId: id }).then(
        () => finish(id),
        (error: unknown) => setState({ kind: 'failed', dryRun: checking.current, message: { error } }),
      );
    },
    [api, finish],
  );

  const start = useCallback(
    (request: ImportRun, onRefused?: (message: string) => void) => {
      jobId.current = null;
      stopAsked.current = false;
      reportAsked.current = false;
      format.current = request.format;
      entity.current = request.entity;
      checking.current = request.dryRun;
      unclaimed.current = null;
      pace.reset();
      setState({ kind: 'running', format: request.format, dryRun: request.dryRun, processed: 0, total: 0, jobId: null, phase: { kind: 'rows' }, secondsLeft: null, stopping: false });
      api.invoke('import.run', request).then(
        (status) => {
          if (status.state !== 'running') {
            setState({ kind: 'finished', format: request.format, entity: request.entity, status });
            return;
          }
          jobId.current = status.jobId;
          const early = unclaimed.current?.jobId === status.jobId ? unclaimed.current.phase : null;
          unclaimed.current = null;
          setState({ kind: 'running', format: request.format, dryRun: request.dryRun, processed: status.processed, total: status.total, jobId: status.jobId, phase: early ?? { kind: 'rows' }, secondsLeft: null, stopping: stopAsked.current });
          // Stop was pressed before the job had an id to stop: stop it now.
          if (stopAsked.current) {
            sendCancel(status.jobId);
            return;
          }
          // The job may have ended before this answer arrived and its last event with it.
          finishIfEnded(status.jobId);
        },
        (error: unknown) => {
          if (onRefused === undefined) setState({ kind: 'failed', dryRun: checking.current, message: { error } });
          else {
            setState({ kind: 'idle' });
            onRefused(errorText(error));
          }
        },
      );
    },
    [api, finishIfEnded, pace, sendCancel],
  );

  const follow = useCallback(
    (job: NonNullable<RunningImport['job']>) => {
      // One started here meanwhile is the one this page follows (another would have been refused).
      if (jobId.current !== null) return false;
      jobId.current = job.jobId;
      stopAsked.current = false;
      reportAsked.current = false;
      format.current = job.format;
      entity.current = job.entity;
      checking.current = job.dryRun;
      pace.reset();
      setState({ kind: 'running', format: job.format, dryRun: job.dryRun, processed: job.processed, total: job.total, jobId: job.jobId, phase: job.phase, secondsLeft: null, stopping: false });
      // It may have ended before it was followed, and its last event with it.
      finishIfEnded(job.jobId);
      return true;
    },
    [finishIfEnded, pace],
  );

  const cancel = useCallback(() => {
    // One cancel a job: before, each press while its chunk rolled back (seconds, with no sign) sent another.
    if (stopAsked.current) return;
    stopAsked.current = true;
    setState((current) => (current.kind === 'running' ? { ...current, stopping: true } : current));
    const id = jobId.current;
    // Stop shows a second after Import even when the run has not answered yet (main busy): sent once it answers
    // (before, a press then did nothing and the import ran to its end).
    if (id !== null) sendCancel(id);
  }, [sendCancel]);

  const reset = useCallback(() => {
    jobId.current = null;
    stopAsked.current = false;
    reportAsked.current = false;
    setState({ kind: 'idle' });
  }, []);

  const show = useCallback((shownFormat: ImportFormat, status: ImportStatus) => {
    if (jobId.current !== null) return;
    setState({ kind: 'finished', format: shownFormat, entity: status.entity, status });
  }, []);

  return { state, start, follow, cancel, reset, show };
}
