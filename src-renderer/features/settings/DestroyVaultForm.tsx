// Destroy the vault on this device: needs the password and an explicit tick,
// because unsynced data is lost for good.
import { useTranslation } from 'react-i18next';
import { useRef, useState, type FormEvent } from 'react';
import { contract, type VaultStatus } from '../../../src-shared/ipc/contract';
import { useApi } from '../../app/api-context';
import { Alert } from '../../ui/Alert';
import { wordsText, type Words } from '../../ui/words';
import { validate } from '../../ui/form-errors';
import { SubmitButton } from '../../ui/SubmitButton';
import { TextField } from '../../ui/TextField';

export function DestroyVaultForm({ onDestroyed }: { readonly onDestroyed: (status: VaultStatus) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [password, setPassword] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [passwordError, setPasswordError] = useState<Words | undefined>(undefined);
  const [confirmError, setConfirmError] = useState<Words | undefined>(undefined);
  const [failure, setFailure] = useState<Words | null>(null);
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const checked = validate(contract['vault.destroy'].input, { password });
    setPasswordError(checked.ok ? undefined : checked.errors.password);
    setConfirmError(confirmed ? undefined : { key: 'settings.destroy.confirmRequired' });
    setFailure(null);
    if (!checked.ok) {
      passwordRef.current?.focus();
      return;
    }
    if (!confirmed) {
      confirmRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const status = await api.invoke('vault.destroy', checked.data);
      onDestroyed(status);
    } catch (error) {
      setPassword('');
      setFailure({ error });
      setBusy(false);
    }
  }

  return (
    <section className="card card--danger" aria-labelledby="destroy-title">
      <h3 id="destroy-title">{t('settings.destroy.title')}</h3>
      <p className="muted">{t('settings.destroy.body')}</p>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate data-testid="destroy-form">
        <TextField
          label={t('settings.destroy.password')}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={setPassword}
          error={passwordError}
          testId="destroy-password"
          inputRef={passwordRef}
        />
        <div className={confirmError === undefined ? 'check' : 'check check--invalid'}>
          <input
            id="destroy-confirm"
            ref={confirmRef}
            type="checkbox"
            checked={confirmed}
            data-testid="destroy-confirm"
            aria-invalid={confirmError !== undefined}
            aria-describedby={confirmError === undefined ? undefined : 'destroy-confirm-error'}
            onChange={(event) => setConfirmed(event.target.checked)}
          />
          <label htmlFor="destroy-confirm">{t('settings.destroy.confirm')}</label>
        </div>
        {confirmError === undefined ? null : (
          <p className="field__error" id="destroy-confirm-error" data-testid="destroy-confirm-error">
            {wordsText(confirmError)}
          </p>
        )}
        {failure === null ? null : (
          <Alert tone="error" testId="destroy-error">
            <p>{wordsText(failure)}</p>
          </Alert>
        )}
        <SubmitButton testId="destroy-submit" tone="danger" busy={busy} busyLabel={t('settings.destroy.busy')}>
          {t('settings.destroy.submit')}
        </SubmitButton>
      </form>
    </section>
  );
}
