// A running import's or check's progress: its bar (without a value until the
// job's row count is known), what it does now, its rows done of the file's,
// how long it has left once its rows have gone a few seconds (TimeLeft),
// and Stop (none while it finishes: nothing is left to stop), which says
// "Stopping…" once pressed, while the chunk being written rolls back. A job
// started where no button stays (Resume in a report with no file on the page)
// asks for the focus (`focusOnShow`): Stop takes it as the panel shows (the
// panel itself while the job finishes), not the page's body.
import { useLayoutEffect, useRef, type MutableRefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../ui/format';
import { TimeLeft } from './TimeLeft';
import { runningText, type RunningJob } from './useImportJob';

export interface ImportProgressPanelProps {
  readonly job: RunningJob;
  readonly onStop: () => void;
  /** Set by whoever started the job from a control now gone; cleared once the focus has moved here. */
  readonly focusOnShow?: MutableRefObject<boolean>;
}

export function ImportProgressPanel({ job, onStop, focusOnShow }: ImportProgressPanelProps) {
  const { t } = useTranslation();
  const panel = useRef<HTMLDivElement>(null);
  const stop = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => {
    if (focusOnShow?.current !== true) return;
    focusOnShow.current = false;
    const active = document.activeElement;
    if (active === null || active === document.body) (stop.current ?? panel.current)?.focus();
  }, [focusOnShow]);
  const jobText = runningText(job, t);
  const count = t(job.format === 'vcard' ? 'transfer.progressCards' : 'transfer.progress', { done: formatNumber(job.processed), total: formatNumber(job.total) });
  return (
    <div ref={panel} className="progress" data-testid="import-progress" tabIndex={-1}>
      {job.total === 0 ? (
        <div className="meter meter--indeterminate" role="progressbar" aria-label={jobText} aria-valuetext={jobText}>
          <div className="meter__fill" />
        </div>
      ) : (
        <div className="meter" role="progressbar" aria-label={jobText} aria-valuemin={0} aria-valuemax={job.total} aria-valuenow={job.processed} aria-valuetext={count}>
          <div className="meter__fill" style={{ width: `${Math.max(5, (job.processed / job.total) * 100)}%` }} />
        </div>
      )}
      <div className="progress-line">
        <span>{jobText}</span>
        {job.total === 0 ? null : (
          <span>
            <span className="tabular" data-testid="import-progress-count">
              {count}
            </span>
            <TimeLeft seconds={job.secondsLeft} testId="import-time-left" />
          </span>
        )}
      </div>
      {job.phase.kind === 'finishing' ? null : (
        // Once pressed, it says the job is stopping (aria-disabled, not disabled: the focus stays on it).
        <button ref={stop} type="button" className="button button--ghost button--small" aria-disabled={job.stopping} data-testid="import-stop" onClick={() => job.stopping || onStop()}>
          {job.stopping ? <span className="spinner" aria-hidden="true" /> : null}
          {t(job.stopping ? 'transfer.stopping' : 'transfer.cancel')}
        </button>
      )}
    </div>
  );
}
