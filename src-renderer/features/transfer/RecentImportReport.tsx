// The report of an import in the recent imports list ("Show report"), for a
// rep who left the page when it ended: the same report the end of the import
// showed (ImportReport: its totals, each rejected row with its field and
// reason, each skipped row with what it matched), read again from
// import.status, which the main process answers from the job's record and its
// rejections as the vault keeps them. The rejected rows as a file to fix are
// not offered here: the file went with the page (the vault keeps no cell
// value). Back, or Esc anywhere in the report, returns to the list.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportStatus, RecentImport } from '../../../src-shared/transfer/import';
import { useApi } from '../../app/api-context';
import { formatDateTime } from '../../ui/format';
import { isComposing } from '../../ui/ime';
import { ImportReport } from './ImportReport';

export interface PastReport {
  /** The report shown in place of the list, or null. */
  readonly shown: { readonly job: RecentImport; readonly status: ImportStatus } | null;
  /** The job whose report is being read. */
  readonly opening: string | null;
  /** The job whose report could not be read, and why. */
  readonly failed: { readonly jobId: string; readonly error: unknown } | null;
  readonly open: (job: RecentImport) => void;
  readonly close: () => void;
}

/** Reads a recent import's report when asked; the newest ask wins, and nothing is set once the list is gone. */
export function usePastReport(): PastReport {
  const api = useApi();
  const [shown, setShown] = useState<PastReport['shown']>(null);
  const [opening, setOpening] = useState<string | null>(null);
  const [failed, setFailed] = useState<PastReport['failed']>(null);
  const asked = useRef(0);
  useEffect(
    () => () => {
      asked.current += 1;
    },
    [],
  );
  const open = useCallback(
    (job: RecentImport) => {
      const ask = (asked.current += 1);
      setOpening(job.jobId);
      setFailed(null);
      api.invoke('import.status', { jobId: job.jobId }).then(
        (status) => {
          if (ask !== asked.current) return;
          setOpening(null);
          setShown({ job, status });
        },
        (error: unknown) => {
          if (ask !== asked.current) return;
          setOpening(null);
          setFailed({ jobId: job.jobId, error });
        },
      );
    },
    [api],
  );
  const close = useCallback(() => {
    asked.current += 1;
    setOpening(null);
    setShown(null);
  }, []);
  return { shown, opening, failed, open, close };
}

export function RecentImportReport({ job, status, onBack }: { readonly job: RecentImport; readonly status: ImportStatus; readonly onBack: () => void }) {
  const { t } = useTranslation();
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key !== 'Escape' || event.defaultPrevented || isComposing(event)) return;
    event.preventDefault();
    onBack();
  }
  return (
    <div className="recent-imports__report" data-testid="recent-import-report" onKeyDown={onKeyDown}>
      <p className="muted small" data-testid="recent-import-report-of">
        <strong>{t(job.entity === 'contacts' ? 'transfer.recent.contacts' : 'transfer.recent.accounts')}</strong>
        {' · '}
        {formatDateTime(job.startedAt)}
      </p>
      <ImportReport status={status} cards={job.format === 'vcard'}>
        <div className="actions import-report__actions">
          <button type="button" className="button button--secondary" data-testid="recent-import-report-back" aria-keyshortcuts="Escape" onClick={onBack}>
            {t('transfer.recent.backToList')}
          </button>
        </div>
      </ImportReport>
    </div>
  );
}
