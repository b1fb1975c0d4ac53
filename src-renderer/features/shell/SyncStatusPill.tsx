// The sync pill in the chrome: state, pending changes and last sync time;
// while a sync runs, how many changes it has received (a first sync of a
// large organisation brings every record, page by page). A device that is not
// enrolled says so ("Not connected to a sync server") instead of "Offline".
// The pill is a button describing itself with those details (a title alone
// reaches neither the keyboard nor a screen reader); pressing it opens them in
// a dialog. A change of state (offline, syncing, failed) is announced, the
// counts are not.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../ui/Dialog';
import { formatRelative } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { localText } from '../../ui/reason-text';
import type { SyncView } from './sync-status';

export function SyncStatusPill({ view }: { readonly view: SyncView }) {
  const { t } = useTranslation();
  const detailsId = useId();
  const [open, setOpen] = useState(false);
  const notEnrolled = view.enrolled === false;
  const details: string[] = [];
  if (notEnrolled) details.push(t('sync.problems.notEnrolled'));
  if (view.pending !== null) details.push(t('sync.pending', { count: view.pending }));
  details.push(view.lastSyncAt === null ? t('sync.never') : t('sync.lastSync', { when: formatRelative(view.lastSyncAt) }));
  if (view.lastError !== null) details.push(localText(view.lastError, view.lastErrorReason === null ? [] : [view.lastErrorReason]));
  const stateText = notEnrolled ? t('sync.notConnected') : t(`sync.${view.state}`);

  return (
    <>
      <button
        type="button"
        className={`pill pill--${view.state}`}
        data-testid="sync-status"
        data-enrolled={view.enrolled === null ? undefined : String(view.enrolled)}
        title={details.join(' · ')}
        aria-describedby={detailsId}
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        <Icon name={view.state === 'offline' ? 'cloudOff' : 'cloud'} size={15} />
        <span className="visually-hidden">{t('sync.labelPrefix')}</span>
        <span aria-live="polite">{stateText}</span>
        <span className="visually-hidden">{t('sync.detailsSeparator')}</span>
        <span id={detailsId} className="visually-hidden" data-testid="sync-status-details">
          {details.join(' · ')}
        </span>
        {view.state === 'syncing' && view.received > 0 ? <span className="pill__detail tabular">{t('sync.received', { count: view.received })}</span> : null}
        {view.pending !== null && view.pending > 0 ? (
          <span className="pill__count" data-testid="sync-pending-count">
            {view.pending}
          </span>
        ) : null}
      </button>
      {open ? (
        <Dialog title={t('sync.label')} onClose={() => setOpen(false)} testId="sync-details" size="small">
          <p className="sync-details__state">
            <strong>{stateText}</strong>
          </p>
          <ul className="sync-details__list">
            {details.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <div className="form-actions">
            <button type="button" className="button button--primary" data-testid="sync-details-close" onClick={() => setOpen(false)}>
              {t('action.close')}
            </button>
          </div>
        </Dialog>
      ) : null}
    </>
  );
}
