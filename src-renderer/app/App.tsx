// The root: appearance preferences (theme, language) around everything, then the
// connection state (a page that cannot reach FieldVault says so rather than
// spinning), then the vault gate.
import { useTranslation } from 'react-i18next';
import { useCallback, useSyncExternalStore } from 'react';
import type { FieldVaultApi } from '../api/bridge-client';
import type { ConnectionState } from '../api/connection';
import { Alert } from '../ui/Alert';
import { connectionText } from '../ui/error-text';
import { ApiContext } from './api-context';
import { PreferencesProvider } from './preferences';
import { VaultGate } from './VaultGate';

function useConnection(api: FieldVaultApi): ConnectionState {
  const subscribe = useCallback((listener: () => void) => api.connection.subscribe(listener), [api]);
  const current = useCallback(() => api.connection.current(), [api]);
  return useSyncExternalStore(subscribe, current);
}

export function App({ api }: { readonly api: FieldVaultApi }) {
  return (
    <PreferencesProvider api={api}>
      <Connected api={api} />
    </PreferencesProvider>
  );
}

function Connected({ api }: { readonly api: FieldVaultApi }) {
  const { t } = useTranslation();
  const connection = useConnection(api);
  if (connection.status === 'connecting') {
    return (
      <main className="centered" data-testid="connecting" aria-busy="true">
        <p className="muted">
          <span className="spinner" aria-hidden="true" /> {t('connection.connecting')}
        </p>
      </main>
    );
  }
  if (connection.status === 'failed') {
    return (
      <main className="centered">
        <section className="card card--narrow" data-testid="connection-failed">
          <h1 className="brand">{t('app.name')}</h1>
          <Alert tone="error" title={t('connection.failedTitle')} testId="connection-failed-message">
            <p>{connectionText(connection.failure)}</p>
          </Alert>
        </section>
      </main>
    );
  }
  return (
    <ApiContext.Provider value={api}>
      <VaultGate />
    </ApiContext.Provider>
  );
}
