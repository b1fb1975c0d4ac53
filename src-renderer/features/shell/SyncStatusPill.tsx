// The sync pill in the chrome: state, pending changes and last sync time;
// while a sync runs, how many changes it has received (a first sync of a
// large organisation brings every record, page by page).
import { useTranslation } from 'react-i18next';
import { formatRelative } from '../../ui/format';
import { Icon } from '../../ui/icons';
import type { SyncView } from './sync-status';

export function SyncStatusPill({ view }: { readonly view: SyncView }) {
  const { t } = useTranslation();
  const details: string[] = [];
  if (view.pending !== null) details.push(t('sync.pending', { count: view.pending }));
  details.push(view.lastSyncAt === null ? t('sync.never') : t('sync.lastSync', { when: formatRelative(view.lastSyncAt) }));
  if (view.lastError !== null) details.push(view.lastError);

  return (
    <span className={`pill pill--${view.state}`} data-testid="sync-status" title={details.join(' · ')}>
      <Icon name={view.state === 'offline' ? 'cloudOff' : 'cloud'} size={15} />
      <span className="visually-hidden">{t('sync.label')}: </span>
      <span>{t(`sync.${view.state}`)}</span>
      {view.state === 'syncing' && view.received > 0 ? <span className="pill__detail tabular">{t('sync.received', { count: view.received })}</span> : null}
      {view.pending !== null && view.pending > 0 ? <span className="pill__count">{view.pending}</span> : null}
    </span>
  );
}
