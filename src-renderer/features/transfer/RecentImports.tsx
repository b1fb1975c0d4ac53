// The newest imports that ended having written records (import.recent),
// under the file picker: which list, when, what each did, and the way to undo
// it (or bring its records back) for a rep who finds the wrong file only
// later. Read each time the picker shows (the page opens, a report is put
// away), and again when an undo running from a page since left ends. An
// import from before imports kept what they created says it cannot be
// undone. Nothing shows when there is none.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecentImport } from '../../../src-shared/transfer/import';
import { useApi } from '../../app/api-context';
import { formatDateTime } from '../../ui/format';
import { ImportUndo } from './ImportUndo';

export function RecentImports() {
  const { t } = useTranslation();
  const api = useApi();
  const [jobs, setJobs] = useState<readonly RecentImport[]>([]);

  // Read again when an undo that runs from a page since left ends.
  const [reads, setReads] = useState(0);
  useEffect(() => {
    let current = true;
    api.invoke('import.recent', {}).then(
      (answer) => {
        if (current) setJobs(answer.jobs);
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [api, reads]);

  if (jobs.length === 0) return null;
  return (
    <section className="recent-imports" aria-labelledby="recent-imports-title" data-testid="recent-imports">
      <h3 id="recent-imports-title">{t('transfer.recent.title')}</h3>
      <ul className="recent-imports__list">
        {jobs.map((job) => (
          <li key={job.jobId} className="recent-imports__item" data-testid="recent-import">
            <p className="recent-imports__what">
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
            {job.undoable ? (
              // A new reading of the job starts its undo afresh (running, undone or not).
              <ImportUndo key={`${job.undoneAt ?? ''}:${job.left}:${job.running ?? ''}`} job={job} onEnded={() => setReads((count) => count + 1)} />
            ) : (
              <p className="muted small">{t('transfer.recent.notUndoable')}</p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
