// Settings: appearance and language, the sync server (connect this device),
// then the vault (change password, rotate the encryption key, destroy).
import { useTranslation } from 'react-i18next';
import type { VaultStatus } from '../../../src-shared/ipc/contract';
import { PageHeader } from '../../ui/PageHeader';
import { AppearanceCard } from './AppearanceCard';
import { ChangePasswordForm } from './ChangePasswordForm';
import { DestroyVaultForm } from './DestroyVaultForm';
import { RotateKeyCard } from './RotateKeyCard';
import { SyncServerCard } from './SyncServerCard';

export function SettingsPanel({ onStatus }: { readonly onStatus: (status: VaultStatus) => void }) {
  const { t } = useTranslation();
  return (
    <div className="page" data-testid="settings-panel">
      <PageHeader title={t('settings.title')} />
      <div className="settings">
        <AppearanceCard />
        <SyncServerCard />
        <ChangePasswordForm />
        <RotateKeyCard />
        <DestroyVaultForm onDestroyed={onStatus} />
      </div>
    </div>
  );
}
