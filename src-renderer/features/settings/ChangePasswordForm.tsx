// Change the vault password: the DEK is re-wrapped under the new password,
// the data itself is untouched. Rules come from the contract's schema.
// The submit button is disabled while the call runs, so focus is put back
// where the answer is: a wrong current password marks that field invalid,
// described by the message, and focuses it; success or any other failure
// focuses the message.
import { useTranslation } from 'react-i18next';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { contract } from '../../../src-shared/ipc/contract';
import { BridgeError } from '../../api/errors';
import { useApi } from '../../app/api-context';
import { Alert } from '../../ui/Alert';
import { validate, type FieldErrors } from '../../ui/form-errors';
import { SubmitButton } from '../../ui/SubmitButton';
import { TextField } from '../../ui/TextField';
import { wordsText, type Words } from '../../ui/words';

type Field = 'current' | 'next' | 'confirm';

export function ChangePasswordForm() {
  const { t } = useTranslation();
  const api = useApi();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  // The answer, and where focus goes when it comes.
  const [outcome, setOutcome] = useState<{ ok: boolean; message: Words; focus: 'current' | 'message' } | null>(null);
  // The current password was refused, and nothing has been typed in it since.
  const [refused, setRefused] = useState(false);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const currentRef = useRef<HTMLInputElement>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);
  const outcomeId = `${useId()}-outcome`;

  useEffect(() => {
    if (outcome === null) return;
    (outcome.focus === 'current' ? currentRef : messageRef).current?.focus();
  }, [outcome]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const checked = validate(contract['vault.changePassword'].input, { current, next });
    const found: FieldErrors<Field> = checked.ok ? {} : { ...checked.errors };
    if (confirm !== next) found.confirm = t('validation.mismatch');
    setErrors(found);
    setOutcome(null);
    setRefused(false);
    const first = (['current', 'next', 'confirm'] as const).find((field) => found[field] !== undefined);
    if (!checked.ok || first !== undefined) {
      if (first !== undefined) formRef.current?.querySelector<HTMLElement>(`[data-testid="change-${first}"]`)?.focus();
      return;
    }
    setBusy(true);
    try {
      await api.invoke('vault.changePassword', checked.data);
      setCurrent('');
      setNext('');
      setConfirm('');
      setOutcome({ ok: true, message: { key: 'settings.password.done' }, focus: 'message' });
    } catch (error) {
      const wrongPassword = error instanceof BridgeError && error.code === 'WRONG_PASSWORD';
      if (wrongPassword) {
        setCurrent('');
        setRefused(true);
      }
      setOutcome({ ok: false, message: { error }, focus: wrongPassword ? 'current' : 'message' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="change-password-title">
      <h3 id="change-password-title">{t('settings.password.title')}</h3>
      <p className="muted">{t('settings.password.body')}</p>
      <form ref={formRef} className="form" onSubmit={(event) => void submit(event)} noValidate data-testid="change-password-form">
        <TextField
          label={t('settings.password.current')}
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(typed) => {
            setCurrent(typed);
            setRefused(false);
          }}
          error={errors.current}
          invalid={refused}
          {...(refused ? { describedBy: outcomeId } : {})}
          inputRef={currentRef}
          testId="change-current"
        />
        <TextField
          label={t('settings.password.next')}
          type="password"
          autoComplete="new-password"
          required
          value={next}
          onChange={setNext}
          error={errors.next}
          hint={t('create.passwordHint')}
          testId="change-next"
        />
        <TextField
          label={t('settings.password.confirm')}
          type="password"
          autoComplete="new-password"
          required
          value={confirm}
          onChange={setConfirm}
          error={errors.confirm}
          testId="change-confirm"
        />
        {outcome === null ? null : (
          <Alert tone={outcome.ok ? 'success' : 'error'} testId={outcome.ok ? 'change-success' : 'change-error'} id={outcomeId}>
            <p ref={messageRef} tabIndex={-1}>
              {wordsText(outcome.message)}
            </p>
          </Alert>
        )}
        <SubmitButton testId="change-submit" busy={busy} busyLabel={t('settings.password.busy')}>
          {t('settings.password.submit')}
        </SubmitButton>
      </form>
    </section>
  );
}
