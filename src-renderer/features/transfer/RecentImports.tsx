// The newest imports that ended having written records (import.recent),
// under the file picker: which list, when, what each did, and the way to undo
// it (or bring its records back) for a rep who finds the wrong file only
// later. Read each time the picker shows (the page opens, a report is put
// away), and again when an undo it shows running (started from a page since
// left) ends: the end is listened for before the list is asked for, so an
// undo that ends while the answer is on its way is not shown running for
// good. An import from before imports kept what they created says it cannot
// be undone; one that only updated records says it created nothing, and that
// its changes stay (import-undo-words.ts). Each offers its report ("Show
// report", RecentImportReport.tsx), shown in place of the list until Back or
// Esc, which bring the list back with the focus on that row's button.
// Nothing shows when there is none.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecentImport } from '../../../src-shared/transfer/import';
import { useApi } from '../../app/api-context';
import { Alert } from '../../ui/Alert';
import { formatDateTime } from '../../ui/format';
import { wordsText } from '../../ui/words';
import { ImportUndo } from './ImportUndo';
import { recentUndoNote } from './import-undo-words';
import { RecentImportReport, usePastReport, type PastReport } from './RecentImportReport';

export function RecentImports() {
  const { t } = useTranslation();
  const api = useApi();
  const [jobs, setJobs] = useState<readonly RecentImport[]>([]);
  const report = usePastReport();
  // The job whose report was put away: its "Show report" takes the focus back once the list is drawn again.
  const list = useRef<HTMLUListElement>(null);
  const focusAfterBack = useRef<string | null>(null);
  const shownJob = report.shown?.job.jobId ?? null;
  useLayoutEffect(() => {
    const jobId = focusAfterBack.current;
    if (shownJob !== null || jobId === null) return;
    focusAfterBack.current = null;
    list.current?.querySelector<HTMLButtonElement>(`[data-report-of="${CSS.escape(jobId)}"]`)?.focus();
  }, [shownJob]);

  // Read again when an undo the list shows running ends: the ones the last answer showed running, and those
  // that ended after the read was asked (whose end may come before the answer that still says running).
  const [reads, setReads] = useState(0);
  const shownRunning = useRef(new Set<string>());
  const endedSinceAsked = useRef(new Set<string>());
  useEffect(
    () =>
      api.on('import.didUndoProgress', (progress) => {
        if (!progress.ended) return;
        if (shownRunning.current.has(progress.jobId)) setReads((count) => count + 1);
        else endedSinceAsked.current.add(progress.jobId);
      }),
    [api],
  );
  useEffect(() => {
    let current = true;
    endedSinceAsked.current = new Set();
    api.invoke('import.recent', {}).then(
      (answer) => {
        if (!current) return;
        const running = answer.jobs.filter((job) => job.running !== null).map((job) => job.jobId);
        if (running.some((jobId) => endedSinceAsked.current.has(jobId))) {
          setReads((count) => count + 1);
          return;
        }
        shownRunning.current = new Set(running);
        setJobs(answer.jobs);
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [api, reads]);

  if (report.shown !== null) {
    const back = () => {
      focusAfterBack.current = report.shown?.job.jobId ?? null;
      report.close();
    };
    return <RecentImportReport job={report.shown.job} status={report.shown.status} onBack={back} />;
  }
  if (jobs.length === 0) return null;
  return (
    <section className="recent-imports" aria-labelledby="recent-imports-title" data-testid="recent-imports">
      <h3 id="recent-imports-title">{t('transfer.recent.title')}</h3>
      <ul className="recent-imports__list" ref={list}>
        {jobs.map((job) => (
          <li key={job.jobId} className="recent-imports__item" data-testid="recent-import">
            <p className="recent-imports__what" id={`recent-import-${job.jobId}`}>
              <strong>{t(job.entity === 'contacts' ? 'transfer.recent.contacts' : 'transfer.recent.accounts')}</strong>
              {' · '}
              {formatDateTime(job.startedAt)}
              {job.state === 'done' ? null : ` · ${t(job.state === 'failed' ? 'transfer.recent.failed' : 'transfer.recent.stopped')}`}
            </p>
            <p className="muted small" data-testid="recent-import-counts">
              {[
                t('transfer.recent.imported', { count: job.imported }),
                ...(job.updated === 0 ? [] : [t('transfer.recent.updated', { count: job.updated })]),
                ...(job.rejected === 0 ? [] : [t('transfer.recent.rejected', { count: job.rejected })]),
                ...(job.duplicates === 0 ? [] : [t('transfer.recent.duplicates', { count: job.duplicates })]),
              ].join(t('transfer.recent.separator'))}
            </p>
            <ShowReport job={job} report={report} />
            <UndoOrNote job={job} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The button that shows the import's report in place of the list, and why it could not be read (the job gone meanwhile). */
function ShowReport({ job, report }: { readonly job: RecentImport; readonly report: PastReport }) {
  const { t } = useTranslation();
  const opening = report.opening === job.jobId;
  return (
    <>
      <div className="actions">
        <button
          type="button"
          className="button button--secondary"
          data-testid="recent-import-show-report"
          data-report-of={job.jobId}
          aria-describedby={`recent-import-${job.jobId}`}
          aria-disabled={opening}
          onClick={() => {
            if (!opening) report.open(job);
          }}
        >
          {opening ? <span className="spinner" aria-hidden="true" /> : null}
          {t('transfer.recent.showReport')}
        </button>
      </div>
      {report.failed?.jobId === job.jobId ? (
        <Alert tone="error" testId="recent-import-report-failed">
          <p>{wordsText({ error: report.failed.error })}</p>
        </Alert>
      ) : null}
    </>
  );
}

/** The import's undo, or why it has none (made before imports kept what they create, or it created nothing). */
function UndoOrNote({ job }: { readonly job: RecentImport }) {
  const { t } = useTranslation();
  const note = recentUndoNote(job);
  // A new reading of the job starts its undo afresh (running, undone or not).
  if (note === 'undo') return <ImportUndo key={`${job.undoneAt ?? ''}:${job.left}:${job.running ?? ''}`} job={job} />;
  return (
    <p className="muted small" data-testid="recent-import-no-undo">
      {t(note)}
    </p>
  );
}
