// Resume in a real import's report, for a run stopped part way (cut off, or
// stopped with Stop): with the page's own file, the page runs it again and the
// focus goes to its Import (ImportRunButtons); with no file on the page (a
// job resumed from the interrupted notice, the page left while it ran and
// opened again), with the upload the main process still holds for the job
// (import.status `uploadId`), the focus going to the progress's Stop once it
// shows (`focusProgress`, ImportProgressPanel). Before, such a report offered
// Resume only while the page that sent the file stayed open, and its Resume
// left the focus on the page's body as the report went.
import { useEffect, useRef, type MutableRefObject } from 'react';
import type { Uploaded } from './import-draft';
import type { ImportJob } from './useImportJob';
import { resumeRun } from './useInterruptedImport';

export interface ReportResume {
  /** null: the report offers no Resume (the run ended, was a check, or its file is held nowhere). */
  readonly onResume: (() => void) | null;
  /** Set by a Resume with no Import button on the page: the progress's Stop takes the focus once shown, and clears it. */
  readonly focusProgress: MutableRefObject<boolean>;
}

/**
 * `pageFile`: the file the page shows (its own run's); `runHere` resumes the job with it, `focusRun` then asking for
 * the focus on Import.
 */
export function useReportResume(job: ImportJob, pageFile: Uploaded | null, runHere: (resumeJobId: string) => void, focusRun: MutableRefObject<boolean>): ReportResume {
  const focusProgress = useRef(false);
  const { state, start } = job;
  // A resumed job that ends within the progress's grace shows no Stop: the next run's must not take the focus.
  useEffect(() => {
    if (state.kind !== 'running') focusProgress.current = false;
  }, [state.kind]);
  if (state.kind !== 'finished' || state.status.dryRun || !['interrupted', 'cancelled'].includes(state.status.state)) return { onResume: null, focusProgress };
  const { jobId, uploadId } = state.status;
  if (pageFile !== null) {
    return {
      onResume: () => {
        focusRun.current = true;
        runHere(jobId);
      },
      focusProgress,
    };
  }
  if (uploadId === null) return { onResume: null, focusProgress };
  const target = { jobId, entity: state.entity, format: state.format };
  return {
    onResume: () => {
      focusProgress.current = true;
      start(resumeRun(target, uploadId));
    },
    focusProgress,
  };
}
