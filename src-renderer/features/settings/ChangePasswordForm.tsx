// Change the vault password: the DEK is re-wrapped under the new password,
// the data itself is untouched. Rules come from the contract's schema.
import { useTranslation } from 'react-i18next';
import { useRef, useState, type FormEvent } from 'react';
import { contract } from '../../../src-shared/ipc/contract';
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
  const [outcome, setOutcome] = useState<{ ok: boolean; message: Words } | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const checked = validate(contract['vault.changePassword'].input, { current, next });
    const found: FieldErrors<Field> = checked.ok ? {} : { ...checked.errors };
    if (confirm !== next) found.confirm = t('validation.mismatch');
    setErrors(found);
    setOutcome(null);
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
      setOutcome({ ok: true, message: { key: 'settings.password.done' } });
    } catch (error) {
      setOutcome({ ok: false, message: { error } });
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
          onChange={setCurrent}
          error={errors.current}
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
          <Alert tone={outcome.ok ? 'success' : 'error'} testId={outcome.ok ? 'change-success' : 'change-error'}>
            <p>{wordsText(outcome.message)}</p>
          </Alert>
        )}
        <SubmitButton testId="change-submit" busy={busy} busyLabel={t('settings.password.busy')}>
          {t('settings.password.submit')}
        </SubmitButton>
      </form>
    </section>
  );
}
