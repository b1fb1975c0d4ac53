// A running import's or check's progress: its bar (without a value until the
// job's row count is known), what it does now, its rows done of the file's,
// how long it has left once its rows have gone a few seconds (TimeLeft),
// and Stop (none while it finishes: nothing is left to stop), which says
// "Stopping…" once pressed, while the chunk being written rolls back.
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../ui/format';
import { TimeLeft } from './TimeLeft';
import { runningText, type RunningJob } from './useImportJob';

export function ImportProgressPanel({ job, onStop }: { readonly job: RunningJob; readonly onStop: () => void }) {
  const { t } = useTranslation();
  const jobText = runningText(job, t);
  const count = t(job.format === 'vcard' ? 'transfer.progressCards' : 'transfer.progress', { done: formatNumber(job.processed), total: formatNumber(job.total) });
  return (
    <div className="progress" data-testid="import-progress">
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
        <button type="button" className="button button--ghost button--small" aria-disabled={job.stopping} data-testid="import-stop" onClick={() => job.stopping || onStop()}>
          {job.stopping ? <span className="spinner" aria-hidden="true" /> : null}
          {t(job.stopping ? 'transfer.stopping' : 'transfer.cancel')}
        </button>
      )}
    </div>
  );
}
