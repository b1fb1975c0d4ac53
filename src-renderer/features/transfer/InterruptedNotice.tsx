// The notice for an import cut off before its end (the app closed, the vault
// locked): where it stopped and when it started, from the job's record (no
// file name: the job keeps none). Resume asks for the file again, which must
// be the same one (the main process compares its SHA-256); Discard gives the
// job up and keeps the rows it already imported. While either is under way
// the buttons are aria-disabled, not disabled, so the one pressed keeps the
// focus for what the answer says beside it.
import { useTranslation } from 'react-i18next';
import type { InterruptedImport } from '../../../src-shared/transfer/import';
import { Alert } from '../../ui/Alert';
import { formatDateTime, formatNumber } from '../../ui/format';

export interface InterruptedNoticeProps {
  readonly job: InterruptedImport;
  /** A resume refused (another file) or a discard that failed, in words. */
  readonly error: string | null;
  readonly busy: boolean;
  readonly onResume: () => void;
  readonly onDiscard: () => void;
}

export function InterruptedNotice({ job, error, busy, onResume, onDiscard }: InterruptedNoticeProps) {
  const { t } = useTranslation();
  const values = { done: formatNumber(job.processed), total: formatNumber(job.total), started: formatDateTime(job.startedAt) };
  return (
    <Alert tone="warning" title={t('transfer.interruptedTitle')} testId="import-interrupted">
      <p>{job.entity === 'contacts' ? t('transfer.interruptedContacts', values) : t('transfer.interruptedAccounts', values)}</p>
      <p className="muted small">{t('transfer.interruptedKeeps')}</p>
      {error === null ? null : (
        <p className="field__error" role="alert" data-testid="import-interrupted-error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button button--primary" aria-disabled={busy} data-testid="import-interrupted-resume" onClick={() => busy || onResume()}>
          {t('transfer.resumeWithFile')}
        </button>
        <button type="button" className="button button--secondary" aria-disabled={busy} data-testid="import-interrupted-discard" onClick={() => busy || onDiscard()}>
          {t('transfer.discard')}
        </button>
      </div>
    </Alert>
  );
}
