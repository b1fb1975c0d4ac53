// The sync pill in the chrome: state, pending changes and last sync time;
// while a sync runs, how many changes it has received (a first sync of a
// large organisation brings every record, page by page). The pill can be
// focused and describes itself with those details (a title alone reaches
// neither the keyboard nor a screen reader); a change of state (offline,
// syncing, failed) is announced, the counts are not.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatRelative } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { localText } from '../../ui/reason-text';
import type { SyncView } from './sync-status';

export function SyncStatusPill({ view }: { readonly view: SyncView }) {
  const { t } = useTranslation();
  const detailsId = useId();
  const details: string[] = [];
  if (view.pending !== null) details.push(t('sync.pending', { count: view.pending }));
  details.push(view.lastSyncAt === null ? t('sync.never') : t('sync.lastSync', { when: formatRelative(view.lastSyncAt) }));
  if (view.lastError !== null) details.push(localText(view.lastError, view.lastErrorReason === null ? [] : [view.lastErrorReason]));

  return (
    <span className={`pill pill--${view.state}`} data-testid="sync-status" title={details.join(' · ')} tabIndex={0} aria-describedby={detailsId}>
      <Icon name={view.state === 'offline' ? 'cloudOff' : 'cloud'} size={15} />
      <span className="visually-hidden">{t('sync.label')}: </span>
      <span aria-live="polite">{t(`sync.${view.state}`)}</span>
      <span id={detailsId} className="visually-hidden" data-testid="sync-status-details">
        {details.join(' · ')}
      </span>
      {view.state === 'syncing' && view.received > 0 ? <span className="pill__detail tabular">{t('sync.received', { count: view.received })}</span> : null}
      {view.pending !== null && view.pending > 0 ? <span className="pill__count">{view.pending}</span> : null}
    </span>
  );
}
