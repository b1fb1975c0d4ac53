// The lock screen's "Forgot password?": the way to a new vault for a user who
// no longer knows the password, which was otherwise ten wrong tries and about
// two minutes of forced waits, with nothing saying so. It says what is lost and
// what comes back (the lock screen cannot read whether the device is enrolled
// or how many changes wait: both are inside the vault), and erases only after
// the confirming word is typed (the language's word, or ERASE in any
// language), through vault.eraseForgotten. The step takes the focus when it
// opens, and Esc or Cancel gives it back to "Forgot password?" (useConfirmStep).
import { useTranslation } from 'react-i18next';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useApi } from '../../app/api-context';
import { Alert } from '../../ui/Alert';
import { TextField } from '../../ui/TextField';
import { useConfirmStep } from '../../ui/useConfirmStep';
import { wordsText, type Words } from '../../ui/words';

export interface ForgotPasswordProps {
  /** The vault is gone: set up anew. */
  readonly onErased: () => void;
}

const wordWords: Words = { key: 'unlock.forgot.word' };

export function ForgotPassword({ onErased }: ForgotPasswordProps) {
  const { t } = useTranslation();
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const step = useConfirmStep({ busy });
  const [typed, setTyped] = useState('');
  const [fieldError, setFieldError] = useState<Words | undefined>(undefined);
  const [error, setError] = useState<Words | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const titleId = `${id}-forgot-title`;
  const explainerId = `${id}-forgot-explainer`;

  const confirmed = (text: string): boolean => {
    const word = text.trim().toLocaleUpperCase();
    return word === 'ERASE' || word === wordsText(wordWords).toLocaleUpperCase();
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    if (!confirmed(typed)) {
      setFieldError({ key: 'unlock.forgot.wordMismatch', params: { word: wordWords } });
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.invoke('vault.eraseForgotten', { confirm: 'ERASE' });
      onErased();
    } catch (failure) {
      setError({ error: failure });
      setBusy(false);
    }
  }

  // Each opening starts with nothing typed and no old refusal.
  function open() {
    setTyped('');
    setFieldError(undefined);
    setError(null);
    step.ask();
  }

  if (!step.open) {
    return (
      <button ref={step.opener} type="button" className="link-button" data-testid="unlock-forgot" onClick={open}>
        {t('unlock.forgot.open')}
      </button>
    );
  }
  return (
    <div {...step.question} role="group" aria-labelledby={titleId} aria-describedby={explainerId} data-testid="unlock-forgot-step">
      <Alert tone="warning" testId="unlock-forgot-explainer" live={false}>
        <p id={titleId} className="alert__title">
          {t('unlock.forgot.title')}
        </p>
        <div id={explainerId}>
          <p>{t('unlock.forgot.noRecovery')}</p>
          <p>{t('unlock.forgot.synced')}</p>
          <p>{t('unlock.forgot.unsynced')}</p>
        </div>
      </Alert>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate data-testid="unlock-forgot-form">
        <TextField
          label={t('unlock.forgot.typeWord', { word: t('unlock.forgot.word') })}
          value={typed}
          onChange={(text) => {
            setTyped(text);
            setFieldError(undefined);
          }}
          error={fieldError}
          autoComplete="off"
          testId="unlock-forgot-word"
          inputRef={inputRef}
        />
        {error === null ? null : (
          <Alert tone="error" testId="unlock-forgot-error">
            <p>{wordsText(error)}</p>
          </Alert>
        )}
        <div className="actions">
          <button type="submit" className="button button--danger" data-testid="unlock-forgot-erase" aria-disabled={busy}>
            {busy ? t('unlock.forgot.busy') : t('unlock.forgot.submit')}
          </button>
          <button type="button" className="button button--secondary" data-testid="unlock-forgot-cancel" aria-disabled={busy}
            onClick={() => {
              if (!busy) step.close();
            }}
          >
            {t('unlock.forgot.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}
