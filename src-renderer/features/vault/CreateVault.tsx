// First run: choose the vault password. The rules come from the contract's own
// schema for vault.create, so the form and the main process cannot disagree.
// A password that is too short is answered with how far along it is: the hint
// above the field already states the rule.
import { useTranslation } from 'react-i18next';
import { useRef, useState, type FormEvent } from 'react';
import { contract, type VaultStatus } from '../../../src-shared/ipc/contract';
import { useApi } from '../../app/api-context';
import { Alert } from '../../ui/Alert';
import { AuthLayout } from '../../ui/AuthLayout';
import { wordsText, type Words } from '../../ui/words';
import { validate, type FieldErrors } from '../../ui/form-errors';
import { SubmitButton } from '../../ui/SubmitButton';
import { TextField } from '../../ui/TextField';

type Field = 'password' | 'confirm';

/** The schema's minimum length when `password` falls short of it, else null. */
function minimumMissed(password: string): number | null {
  const parsed = contract['vault.create'].input.safeParse({ password });
  const issue = parsed.error?.issues.find((item) => item.path[0] === 'password');
  return issue?.code === 'too_small' ? Number(issue.minimum) : null;
}

export interface CreateVaultProps {
  readonly onCreated: (status: VaultStatus) => void;
  /** Why there is no vault, when the user should know (e.g. it was wiped). */
  readonly notice: string | null;
}

export function CreateVault({ onCreated, notice }: CreateVaultProps) {
  const { t } = useTranslation();
  const api = useApi();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [failure, setFailure] = useState<Words | null>(null);
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const checked = validate(contract['vault.create'].input, { password });
    const next: FieldErrors<Field> = checked.ok ? {} : { ...checked.errors };
    const min = minimumMissed(password);
    if (min !== null) next.password = { key: 'create.passwordShort', params: { count: password.length, min } };
    // An empty confirmation is not a different password: it asks to be typed.
    if (confirm === '' && password !== '') next.confirm = { key: 'validation.confirmEmpty' };
    else if (confirm !== password) next.confirm = { key: 'validation.mismatch' };
    setErrors(next);
    setFailure(null);
    if (!checked.ok || next.confirm !== undefined) {
      (next.password !== undefined ? passwordRef : confirmRef).current?.focus();
      return;
    }
    setBusy(true);
    try {
      const status = await api.invoke('vault.create', checked.data);
      setPassword('');
      setConfirm('');
      onCreated(status);
    } catch (error) {
      setFailure({ error });
      setBusy(false);
    }
  }

  return (
    <AuthLayout title={t('create.title')} testId="create-vault">
      {notice === null ? null : (
        <Alert tone="info" testId="create-notice">
          <p>{notice}</p>
        </Alert>
      )}
      <p>{t('create.explainer')}</p>
      <Alert tone="warning" testId="create-warning">
        <p>{t('create.warning')}</p>
      </Alert>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate data-testid="create-vault-form">
        <TextField
          label={t('create.password')}
          type="password"
          autoComplete="new-password"
          autoFocus
          required
          value={password}
          onChange={setPassword}
          error={errors.password}
          hint={t('create.passwordHint')}
          testId="create-password"
          inputRef={passwordRef}
        />
        <TextField
          label={t('create.confirm')}
          type="password"
          autoComplete="new-password"
          required
          value={confirm}
          onChange={setConfirm}
          error={errors.confirm}
          testId="create-confirm"
          inputRef={confirmRef}
        />
        {failure === null ? null : (
          <Alert tone="error" testId="create-error">
            <p>{wordsText(failure)}</p>
          </Alert>
        )}
        <SubmitButton testId="create-submit" busy={busy} busyLabel={t('create.busy')}>
          {t('create.submit')}
        </SubmitButton>
      </form>
    </AuthLayout>
  );
}
