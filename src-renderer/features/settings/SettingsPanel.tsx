// Vault settings: change password, rotate the encryption key, destroy.
import type { VaultStatus } from '../../../src-shared/ipc/contract';
import { t } from '../../app/i18n';
import { ChangePasswordForm } from './ChangePasswordForm';
import { DestroyVaultForm } from './DestroyVaultForm';
import { RotateKeyCard } from './RotateKeyCard';

export function SettingsPanel({ onStatus }: { readonly onStatus: (status: VaultStatus) => void }) {
  return (
    <div className="settings" data-testid="settings-panel">
      <h2 className="visually-hidden">{t('settings.title')}</h2>
      <ChangePasswordForm />
      <RotateKeyCard />
      <DestroyVaultForm onDestroyed={onStatus} />
    </div>
  );
}
