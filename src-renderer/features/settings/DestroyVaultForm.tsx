// Destroy the vault on this device: needs the password and an explicit tick,
// because unsynced data is lost for good. A wrong password counts toward the
// lock screen's wait, and the wait is the one Change password shows (the
// settings page holds it): while it runs Delete is disabled and described by
// the countdown, and a THROTTLED message, which says no number of its own,
// lasts only as long as the wait. A refused password empties the field and
// focuses it; any other failure focuses its message.
import { useTranslation } from 'react-i18next';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { contract, type VaultStatus } from '../../../src-shared/ipc/contract';
import { useApi } from '../../app/api-context';
import { Alert } from '../../ui/Alert';
import { wordsText, type Words } from '../../ui/words';
import { validate } from '../../ui/form-errors';
import { SubmitButton } from '../../ui/SubmitButton';
import { TextField } from '../../ui/TextField';
import { passwordRefusal, RetryCountdown, type RetryWait } from '../vault/RetryCountdown';

export interface DestroyVaultFormProps {
  readonly onDestroyed: (status: VaultStatus) => void;
  /** The wait before the next password attempt, shared with Change password. */
  readonly retryWait: RetryWait;
}

export function DestroyVaultForm({ onDestroyed, retryWait }: DestroyVaultFormProps) {
  const { t } = useTranslation();
  const api = useApi();
  const [password, setPassword] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [passwordError, setPasswordError] = useState<Words | undefined>(undefined);
  const [confirmError, setConfirmError] = useState<Words | undefined>(undefined);
  // The refusal, and where focus goes when it comes. `throttled`: its message lasts only as long as the wait.
  const [failure, setFailure] = useState<{ message: Words; focus: 'password' | 'message'; throttled: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);
  const countdownId = `${useId()}-countdown`;
  const shownFailure = failure?.throttled === true && !retryWait.waiting ? null : failure;

  useEffect(() => {
    if (failure === null) return;
    (failure.focus === 'password' ? passwordRef : messageRef).current?.focus();
  }, [failure]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy || retryWait.waiting) return;
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
      const refusal = passwordRefusal(error, retryWait);
      if (refusal.wrongPassword) setPassword('');
      setFailure({ message: refusal.message, focus: refusal.wrongPassword || refusal.throttled ? 'password' : 'message', throttled: refusal.throttled });
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
          // A wrong password marks the field and points it at the message saying so, as Change password and Unlock do.
          invalid={shownFailure?.focus === 'password'}
          {...(shownFailure?.focus === 'password' ? { describedBy: 'destroy-error-message' } : {})}
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
            onChange={(event) => {
              setConfirmed(event.target.checked);
              // Ticked, the box no longer needs the word that asked for it (it stayed, and the box invalid, until the next submit).
              if (event.target.checked) setConfirmError(undefined);
            }}
          />
          <label htmlFor="destroy-confirm">{t('settings.destroy.confirm')}</label>
        </div>
        {confirmError === undefined ? null : (
          <p className="field__error" id="destroy-confirm-error" data-testid="destroy-confirm-error">
            {wordsText(confirmError)}
          </p>
        )}
        {shownFailure === null ? null : (
          <Alert tone="error" testId="destroy-error">
            <p ref={messageRef} tabIndex={-1} id="destroy-error-message">
              {wordsText(shownFailure.message)}
            </p>
          </Alert>
        )}
        <RetryCountdown wait={retryWait} id={countdownId} testId="destroy-countdown" />
        <SubmitButton
          testId="destroy-submit"
          tone="danger"
          busy={busy}
          busyLabel={t('settings.destroy.busy')}
          disabled={retryWait.waiting}
          describedBy={retryWait.waiting ? countdownId : undefined}
        >
          {t('settings.destroy.submit')}
        </SubmitButton>
      </form>
    </section>
  );
}
