// Change the vault password: the DEK is re-wrapped under the new password,
// the data itself is untouched. Rules come from the contract's schema.
// The submit button is disabled while the call runs, so focus is put back
// where the answer is: a wrong current password marks that field invalid,
// described by the message, and focuses it; success or any other failure
// focuses the message. Wrong current passwords count toward the same wait as
// the lock screen's: a wait the vault asks for (THROTTLED, or the wrong
// password that starts one) counts down here as it does there (RetryCountdown;
// the settings page holds the wait, so Delete this vault shows it too),
// with Change password disabled and described by the countdown until it ends,
// and a THROTTLED message, which says no number of its own, goes with it.
import { useTranslation } from 'react-i18next';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { contract } from '../../../src-shared/ipc/contract';
import { useApi } from '../../app/api-context';
import { Alert } from '../../ui/Alert';
import { validate, type FieldErrors } from '../../ui/form-errors';
import { SubmitButton } from '../../ui/SubmitButton';
import { TextField } from '../../ui/TextField';
import { wordsText, type Words } from '../../ui/words';
import { passwordRefusal, RetryCountdown, type RetryWait } from '../vault/RetryCountdown';

type Field = 'current' | 'next' | 'confirm';

/** `retryWait`: the wait before the next password attempt, shared with Delete this vault. */
export function ChangePasswordForm({ retryWait }: { readonly retryWait: RetryWait }) {
  const { t } = useTranslation();
  const api = useApi();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  // The answer, and where focus goes when it comes.
  // `throttled`: the answer was THROTTLED, whose message lasts only as long as the wait.
  const [outcome, setOutcome] = useState<{ ok: boolean; message: Words; focus: 'current' | 'message'; throttled?: boolean } | null>(null);
  // The current password was refused, and nothing has been typed in it since.
  const [refused, setRefused] = useState(false);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const currentRef = useRef<HTMLInputElement>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);
  const id = useId();
  const outcomeId = `${id}-outcome`;
  const countdownId = `${id}-countdown`;
  const shownOutcome = outcome?.throttled === true && !retryWait.waiting ? null : outcome;

  useEffect(() => {
    if (outcome === null) return;
    (outcome.focus === 'current' ? currentRef : messageRef).current?.focus();
  }, [outcome]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy || retryWait.waiting) return;
    const checked = validate(contract['vault.changePassword'].input, { current, next });
    const found: FieldErrors<Field> = checked.ok ? {} : { ...checked.errors };
    // An empty confirmation is not a different password: it asks to be typed.
    if (confirm === '' && next !== '') found.confirm = { key: 'validation.confirmEmpty' };
    else if (confirm !== next) found.confirm = { key: 'validation.mismatch' };
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
      const { message, wrongPassword, throttled } = passwordRefusal(error, retryWait);
      if (wrongPassword) {
        setCurrent('');
        setRefused(true);
      }
      setOutcome({ ok: false, message, focus: wrongPassword || throttled ? 'current' : 'message', throttled });
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
        {shownOutcome === null ? null : (
          <Alert tone={shownOutcome.ok ? 'success' : 'error'} testId={shownOutcome.ok ? 'change-success' : 'change-error'} id={outcomeId}>
            <p ref={messageRef} tabIndex={-1}>
              {wordsText(shownOutcome.message)}
            </p>
          </Alert>
        )}
        <RetryCountdown wait={retryWait} id={countdownId} testId="change-countdown" />
        <SubmitButton
          testId="change-submit"
          busy={busy}
          busyLabel={t('settings.password.busy')}
          disabled={retryWait.waiting}
          describedBy={retryWait.waiting ? countdownId : undefined}
        >
          {t('settings.password.submit')}
        </SubmitButton>
      </form>
    </section>
  );
}
