// The bar above every page: the search launcher, sync status, shortcut help
// and Lock.
import { useTranslation } from 'react-i18next';
import { Icon } from '../../ui/icons';
import { ariaShortcut, modifierLabel } from './keyboard';
import type { SyncView } from './sync-status';
import { SyncStatusPill } from './SyncStatusPill';

export interface TopBarProps {
  readonly sync: SyncView;
  /** A "Sync now" (the dialog's button or S) is under way. */
  readonly syncBusy?: boolean;
  /** Opens the sync dialog. */
  readonly onSync: () => void;
  readonly onSearch: () => void;
  readonly onHelp: () => void;
  readonly onLock: () => void;
}

export function TopBar({ sync, syncBusy = false, onSync, onSearch, onHelp, onLock }: TopBarProps) {
  const { t } = useTranslation();
  const searchKeys = modifierLabel('K');
  const lockKeys = modifierLabel('L');
  return (
    <header className="topbar">
      <button
        type="button"
        className="search-launcher"
        data-testid="search-open"
        aria-keyshortcuts={`${ariaShortcut('K')} /`}
        title={t('searchShortcut', { shortcut: searchKeys })}
        onClick={onSearch}
      >
        <Icon name="search" size={16} />
        <span className="search-launcher__text">{t('search.placeholder')}</span>
        <kbd>{searchKeys}</kbd>
      </button>
      <div className="topbar__actions">
        <SyncStatusPill view={sync} busy={syncBusy} onOpen={onSync} />
        <button
          type="button"
          className="button button--ghost button--icon"
          data-testid="shortcuts-open"
          aria-label={t('helpButton')}
          aria-keyshortcuts="?"
          title={t('helpButton')}
          onClick={onHelp}
        >
          <Icon name="keyboard" />
        </button>
        <button
          type="button"
          className="button button--secondary"
          data-testid="lock-button"
          title={t('lockShortcut', { shortcut: lockKeys })}
          aria-keyshortcuts={ariaShortcut('L')}
          onClick={onLock}
        >
          <Icon name="lock" size={16} />
          {t('lock')}
          <kbd>{lockKeys}</kbd>
        </button>
      </div>
    </header>
  );
}
