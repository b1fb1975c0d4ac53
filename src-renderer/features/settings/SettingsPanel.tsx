// Settings: appearance and language, the sync server (connect this device),
// then the vault (change password, rotate the encryption key, destroy). The
// two password forms count toward one wait in the vault, so they share one
// countdown, held here, started from the vault's status when Settings opens.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../app/api-context';
import type { VaultStatus } from '../../../src-shared/ipc/contract';
import { PageHeader } from '../../ui/PageHeader';
import { useRetryWait } from '../vault/RetryCountdown';
import { AppearanceCard } from './AppearanceCard';
import { ChangePasswordForm } from './ChangePasswordForm';
import { DestroyVaultForm } from './DestroyVaultForm';
import { RotateKeyCard } from './RotateKeyCard';
import { SyncServerCard } from './SyncServerCard';

export function SettingsPanel({ onStatus }: { readonly onStatus: (status: VaultStatus) => void }) {
  const { t } = useTranslation();
  const retryWait = useRetryWait();
  const api = useApi();
  // A wait started before Settings was opened (wrong passwords here, then another page, then back): its forms
  // looked ready and answered THROTTLED before the countdown showed.
  const { waitFromStatus } = retryWait;
  useEffect(() => {
    api.invoke('vault.status', {}).then(
      (status) => waitFromStatus(status.retryAfterMs),
      () => undefined,
    );
  }, [api, waitFromStatus]);
  return (
    <div className="page" data-testid="settings-panel">
      <PageHeader title={t('settings.title')} />
      <div className="settings">
        <AppearanceCard />
        <SyncServerCard />
        <ChangePasswordForm retryWait={retryWait} />
        <RotateKeyCard />
        <DestroyVaultForm onDestroyed={onStatus} retryWait={retryWait} />
      </div>
    </div>
  );
}
