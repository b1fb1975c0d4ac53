// The unlocked app: chrome (product name, sync status, Lock) and the sections.
// Everything under this component is thrown away when the vault locks.
import { useState } from 'react';
import type { VaultStatus } from '../../../src-shared/ipc/contract';
import { t, type MessageKey } from '../../app/i18n';
import { ContactsPanel } from '../contacts/ContactsPanel';
import { SettingsPanel } from '../settings/SettingsPanel';
import { isMac, useLockShortcut } from './useLockShortcut';

type Section = 'contacts' | 'settings';

const sections: ReadonlyArray<{ readonly id: Section; readonly label: MessageKey }> = [
  { id: 'contacts', label: 'workspace.nav.contacts' },
  { id: 'settings', label: 'workspace.nav.settings' },
];

export interface WorkspaceProps {
  readonly onLock: () => void;
  readonly onStatus: (status: VaultStatus) => void;
}

export function Workspace({ onLock, onStatus }: WorkspaceProps) {
  const [section, setSection] = useState<Section>('contacts');
  useLockShortcut(onLock);
  const shortcut = isMac() ? '⌘L' : 'Ctrl+L';

  return (
    <div className="workspace" data-testid="workspace">
      <header className="chrome">
        <div className="chrome__brand">
          <span className="logo" aria-hidden="true" />
          <span className="brand">{t('app.name')}</span>
        </div>
        <nav className="tabs" aria-label={t('workspace.nav')}>
          {sections.map(({ id, label }) => (
            <button
              key={id}
              type="button"
              className="tabs__tab"
              aria-current={section === id ? 'page' : undefined}
              data-testid={`nav-${id}`}
              onClick={() => setSection(id)}
            >
              {t(label)}
            </button>
          ))}
        </nav>
        <div className="chrome__actions">
          <span className="pill pill--offline" data-testid="sync-status">
            <span className="pill__dot" aria-hidden="true" />
            <span className="visually-hidden">{t('workspace.sync.label')}: </span>
            {t('workspace.sync.offline')}
          </span>
          <button
            type="button"
            className="button button--secondary"
            data-testid="lock-button"
            title={t('workspace.lockShortcut', { shortcut })}
            aria-keyshortcuts={isMac() ? 'Meta+L' : 'Control+L'}
            onClick={onLock}
          >
            <span className="lock-icon" aria-hidden="true" />
            {t('workspace.lock')}
            <kbd>{shortcut}</kbd>
          </button>
        </div>
      </header>
      <div className="workspace__body">
        {section === 'contacts' ? <ContactsPanel /> : <SettingsPanel onStatus={onStatus} />}
      </div>
    </div>
  );
}
