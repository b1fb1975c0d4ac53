// Settings: appearance and language, then the vault (change password, rotate
// the encryption key, destroy).
import { useTranslation } from 'react-i18next';
import type { VaultStatus } from '../../../src-shared/ipc/contract';
import { PageHeader } from '../../ui/PageHeader';
import { AppearanceCard } from './AppearanceCard';
import { ChangePasswordForm } from './ChangePasswordForm';
import { DestroyVaultForm } from './DestroyVaultForm';
import { RotateKeyCard } from './RotateKeyCard';

export function SettingsPanel({ onStatus }: { readonly onStatus: (status: VaultStatus) => void }) {
  const { t } = useTranslation();
  return (
    <div className="page" data-testid="settings-panel">
      <PageHeader title={t('settings.title')} />
      <div className="settings">
        <AppearanceCard />
        <ChangePasswordForm />
        <RotateKeyCard />
        <DestroyVaultForm onDestroyed={onStatus} />
      </div>
    </div>
  );
}
