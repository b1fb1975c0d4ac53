// The newest import cut off before its end (the app closed, the vault
// locked), read from the vault whenever no job runs in the wizard (on opening
// the page, after a run ends: a finished resumed job goes, one cut off again
// stays), and what resuming or discarding it said. Resuming asks for the file
// (the hidden input behind `resumeInput`) and has the import draft send it
// (upload-run.ts: its bar has Stop, and a page left meanwhile finds it still
// moving); once sent, the page runs it with the job's id (`resumeEnded`).
// The file sent stays at hand for that job (`resumed`): its report, the page
// holding no file of its own, offers its rejected rows to download (and
// Resume, with the upload the main process holds for the job: a stopped job
// is listed no more as interrupted; useReportResume.ts).
// Discarding records that the user gave the job up; once the notice has
// gone with it, the focus goes to the file picker (`afterDiscard`), not the page.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ChangeEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportRun, InterruptedImport } from '../../../src-shared/transfer/import';
import { useApi } from '../../app/api-context';
import { errorText } from '../../ui/error-text';
import type { Uploaded } from './import-draft';
import { FileTooLargeError } from './upload';
import type { UploadRun, UploadState } from './upload-run';
import type { ImportJob } from './useImportJob';

export interface InterruptedImportState {
  /** The newest interrupted import, with what resuming or discarding it said, and whether that is under way. */
  readonly interrupted: { readonly job: InterruptedImport; readonly error: string | null; readonly busy: boolean } | null;
  /** The hidden file input Resume clicks. */
  readonly resumeInput: RefObject<HTMLInputElement | null>;
  readonly resumeWith: (event: ChangeEvent<HTMLInputElement>) => void;
  /**
   * An upload's end, taken by the page: one sent to resume a job runs the job on with it (or says why it could
   * not be sent) and answers true; a file picked to preview answers false.
   */
  readonly resumeEnded: (upload: Extract<UploadState, { kind: 'uploaded' | 'failed' }>) => boolean;
  readonly discard: () => void;
  /** The job resumed from the notice and the file sent for it. */
  readonly resumed: { readonly jobId: string; readonly file: Uploaded } | null;
}

/** A resume of `target` with the file sent: the job keeps its own mapping and options, these fields only pass the request's checks. */
export function resumeRun(target: Pick<InterruptedImport, 'jobId' | 'entity' | 'format'>, uploadId: string): ImportRun {
  return { uploadId, format: target.format, entity: target.entity, dryRun: false, duplicates: 'skip', createAccounts: target.entity === 'contacts', resumeJobId: target.jobId };
}

/** `afterDiscard`: what takes the focus once a discarded job's notice has gone (the file picker). */
export function useInterruptedImport(job: ImportJob, upload: UploadRun, afterDiscard: RefObject<HTMLElement | null>): InterruptedImportState {
  const { t } = useTranslation();
  const api = useApi();
  const [interrupted, setInterrupted] = useState<InterruptedImportState['interrupted']>(null);
  const resumeInput = useRef<HTMLInputElement>(null);
  const [resumedWith, setResumedWith] = useState<{ readonly target: InterruptedImport; readonly file: Uploaded } | null>(null);
  // Discard went through: the focus goes on when its notice goes (before paint, or a frame shows it on the page).
  const discarded = useRef(false);
  useLayoutEffect(() => {
    if (!discarded.current) return;
    // An older cut-off job shown in its place keeps the notice, and the focus on its Discard.
    if (interrupted !== null) {
      if (!interrupted.busy) discarded.current = false;
      return;
    }
    discarded.current = false;
    afterDiscard.current?.focus();
  }, [interrupted, afterDiscard]);

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

  function resumeEnded(upload: Extract<UploadState, { kind: 'uploaded' | 'failed' }>): boolean {
    const target = upload.resume;
    if (target === null) return false;
    const refused = (message: string) => setInterrupted({ job: target, error: message, busy: false });
    if (upload.kind === 'failed') {
      refused(upload.error instanceof FileTooLargeError ? t('transfer.tooLarge') : errorText(upload.error));
      return true;
    }
    setInterrupted({ job: target, error: null, busy: true });
    setResumedWith({ target, file: upload.file });
    job.start(resumeRun(target, upload.file.uploadId), refused);
    return true;
  }

  function discard() {
    if (interrupted === null) return;
    const target = interrupted.job;
    setInterrupted({ job: target, error: null, busy: true });
    // import.cancel on a job that runs nowhere records that the user gave it up; its committed rows stay.
    api.invoke('import.cancel', { jobId: target.jobId }).then(
      () => {
        discarded.current = true;
        loadInterrupted();
      },
      () => setInterrupted({ job: target, error: t('transfer.discardFailed'), busy: false }),
    );
  }

  const resumed = resumedWith === null ? null : { jobId: resumedWith.target.jobId, file: resumedWith.file };
  return { interrupted, resumeInput, resumeWith, resumeEnded, discard, resumed };
}
