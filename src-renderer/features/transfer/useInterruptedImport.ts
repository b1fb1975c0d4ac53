// The newest import cut off before its end (the app closed, the vault
// locked), read from the vault whenever no job runs in the wizard (on opening
// the page, after a run ends: a finished resumed job goes, one cut off again
// stays), and what resuming or discarding it said. Resuming asks for the file
// (the hidden input behind `resumeInput`) and has the import draft send it
// (upload-run.ts: its bar has Stop, and a page left meanwhile finds it still
// moving); once sent, the page runs it with the job's id (`resumeSent`).
// Discarding records that the user gave the job up.
import { useCallback, useEffect, useRef, useState, type ChangeEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { InterruptedImport } from '../../../src-shared/transfer/import';
import { useApi } from '../../app/api-context';
import { errorText } from '../../ui/error-text';
import type { Uploaded } from './import-draft';
import { FileTooLargeError } from './upload';
import type { UploadRun } from './upload-run';
import type { ImportJob } from './useImportJob';

export interface InterruptedImportState {
  /** The newest interrupted import, with what resuming or discarding it said, and whether that is under way. */
  readonly interrupted: { readonly job: InterruptedImport; readonly error: string | null; readonly busy: boolean } | null;
  /** The hidden file input Resume clicks. */
  readonly resumeInput: RefObject<HTMLInputElement | null>;
  readonly resumeWith: (event: ChangeEvent<HTMLInputElement>) => void;
  /** The file sent to resume `target` is in the main process: the job runs on with it. */
  readonly resumeSent: (file: Uploaded, target: InterruptedImport) => void;
  /** Sending the file to resume `target` failed. */
  readonly resumeFailed: (error: unknown, target: InterruptedImport) => void;
  readonly discard: () => void;
}

export function useInterruptedImport(job: ImportJob, upload: UploadRun): InterruptedImportState {
  const { t } = useTranslation();
  const api = useApi();
  const [interrupted, setInterrupted] = useState<InterruptedImportState['interrupted']>(null);
  const resumeInput = useRef<HTMLInputElement>(null);

  const loadInterrupted = useCallback(() => {
    api.invoke('import.interrupted', {}).then(
      ({ jobs }) => setInterrupted((current) => (jobs[0] === undefined ? null : { job: jobs[0], error: current?.job.jobId === jobs[0].jobId ? current.error : null, busy: false })),
      () => setInterrupted(null),
    );
  }, [api]);
  // Read again whenever no job runs here.
  const jobKind = job.state.kind;
  useEffect(() => {
    if (jobKind !== 'running') loadInterrupted();
  }, [jobKind, loadInterrupted]);

  /** The file chosen to resume the interrupted job: sent by the draft like any file, marked for the job. */
  function resumeWith(event: ChangeEvent<HTMLInputElement>) {
    const picked = event.target.files?.[0];
    event.target.value = '';
    if (picked === undefined || interrupted === null) return;
    job.reset();
    setInterrupted({ job: interrupted.job, error: null, busy: false });
    upload.start(api, picked, interrupted.job);
  }

  const refused = (target: InterruptedImport) => (message: string) => setInterrupted({ job: target, error: message, busy: false });

  function resumeSent(file: Uploaded, target: InterruptedImport) {
    setInterrupted({ job: target, error: null, busy: true });
    // The job keeps its own mapping and options: these fields only pass the request's checks.
    job.start(
      { uploadId: file.uploadId, format: target.format, entity: target.entity, dryRun: false, duplicates: 'skip', createAccounts: target.entity === 'contacts', resumeJobId: target.jobId },
      refused(target),
    );
  }

  function resumeFailed(error: unknown, target: InterruptedImport) {
    refused(target)(error instanceof FileTooLargeError ? t('transfer.tooLarge') : errorText(error));
  }

  function discard() {
    if (interrupted === null) return;
    const target = interrupted.job;
    setInterrupted({ job: target, error: null, busy: true });
    // import.cancel on a job that runs nowhere records that the user gave it up; its committed rows stay.
    api.invoke('import.cancel', { jobId: target.jobId }).then(loadInterrupted, () =>
      setInterrupted({ job: target, error: t('transfer.discardFailed'), busy: false }),
    );
  }

  return { interrupted, resumeInput, resumeWith, resumeSent, resumeFailed, discard };
}
