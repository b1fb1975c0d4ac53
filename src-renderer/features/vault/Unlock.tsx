// The lock screen. A wrong password says how many attempts are left before
// the vault is wiped, in the UI's language (the count comes with the error),
// and in the last few attempts that changes not yet synced go with it (the
// lock screen cannot read how many wait: they are inside the vault);
// other failures show errorText. A wait before the next attempt (retryAfterMs
// of THROTTLED, or of a wrong password that starts one) shows one countdown,
// the only number of seconds on the screen, ticking on the clock; Unlock is
// disabled and described by it until it ends, and then the countdown and a
// THROTTLED message go. A wiped vault or a missing device key is stated
// plainly, and a vault whose device key is gone (it can never open) can be
// erased from here, as can a damaged one (VAULT_CORRUPT after the password
// was proven: its database gone or not one its key opens) with the password
// typed, which main checks again; one written by a newer FieldVault is not
// damaged and is not offered. A vault whose header (vault.json) is damaged
// (status.headerDamaged) can take no password at all: the screen says so and
// offers only the erase, which main takes without one. Any other vault can be erased without the
// password through "Forgot password?" (ForgotPassword.tsx), and a lock that
// dropped unsaved typing is said here (`discarded`).
// A lock asked for during a key rotation shows this screen at once, but the
// vault takes a password only once the rotation ends (status.rotating): until
// then the screen says so, Unlock is disabled and described by that notice,
// and the status is read again every second (useRotationWait.ts); the field
// takes typing meanwhile.
// The password field warns while Caps Lock is on (TextField's CapsLockHint),
// and a wrong password reminds of Caps Lock and of an input method (pinyin)
// left on. After a wrong password the field is marked invalid and described by
// the message (aria-invalid, aria-describedby) until the user types again.
import { useTranslation } from 'react-i18next';
import { useId, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { contract, type VaultStatus } from '../../../src-shared/ipc/contract';
import type { ErrorCode } from '../../../src-shared/ipc/errors';
import { BridgeError } from '../../api/errors';
import { useApi } from '../../app/api-context';
import { Alert } from '../../ui/Alert';
import { AuthLayout } from '../../ui/AuthLayout';
import { wordsText, type Words } from '../../ui/words';
import { ForgotPassword } from './ForgotPassword';
import { MigrationNotice } from './MigrationNotice';
import { validate } from '../../ui/form-errors';
import { SubmitButton } from '../../ui/SubmitButton';
import { TextField } from '../../ui/TextField';
import { useConfirmStep } from '../../ui/useConfirmStep';
import { RetryCountdown, useRetryWait } from './RetryCountdown';
import { useRotationWait } from './useRotationWait';

export interface UnlockProps {
  readonly status: VaultStatus;
  readonly onStatus: (status: VaultStatus) => void;
  /** Re-reads the vault state, e.g. after the vault was wiped. */
  readonly onStartOver: () => void;
  /** Why the vault locked, when the user should hear it here (a key rotation that did not finish). */
  readonly notice?: string | null;
  /** The lock dropped typing not yet saved: where (VaultGate's LockedDrafts says it). */
  readonly discarded?: string | null;
}

interface Failure {
  readonly code: ErrorCode | null;
  readonly message: Words;
  /** After a wrong password: attempts left before the vault is wiped. */
  readonly attemptsLeft?: number;
  /** VAULT_CORRUPT of a damaged vault (not one a newer FieldVault wrote): it can be erased with its password. */
  readonly damaged?: boolean;
}

/** Failures after which typing the password again cannot help. */
const terminal: ReadonlySet<ErrorCode> = new Set(['VAULT_WIPED', 'NO_VAULT']);

/** From this many attempts left, the warning says that changes not yet synced would be lost too. */
const unsyncedWarningFrom = 3;

export function Unlock({ status, onStatus, onStartOver, notice = null, discarded = null }: UnlockProps) {
  const { t } = useTranslation();
  const api = useApi();
  const [password, setPassword] = useState('');
  const [fieldError, setFieldError] = useState<Words | undefined>(undefined);
  const [failure, setFailure] = useState<Failure | null>(null);
  // The password typed was refused, and nothing has been typed since.
  const [refused, setRefused] = useState(false);
  // Attempts left as the last wrong password said: the status the screen opened with is older after a refusal.
  const [knownLeft, setKnownLeft] = useState<number | null>(null);
  const id = useId();
  const failureId = `${id}-failure`;
  const countdownId = `${id}-countdown`;
  const rotatingId = `${id}-rotating`;
  const [busy, setBusy] = useState(false);
  const retryWait = useRetryWait(status.retryAfterMs);
  const throttled = retryWait.waiting;
  const rotating = useRotationWait(status, onStatus);
  // A THROTTLED message says no number of its own (the countdown does) and goes with the wait.
  const shownFailure = failure?.code === 'THROTTLED' && !throttled ? null : failure;
  const isTerminal = failure?.code !== null && failure?.code !== undefined && terminal.has(failure.code);
  const inputRef = useRef<HTMLInputElement>(null);
  const attemptsText = (count: number) => t(count <= unsyncedWarningFrom ? 'unlock.attemptsLeftUnsynced' : 'unlock.attemptsLeft', { count });

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy || throttled || rotating || isTerminal) return;
    const checked = validate(contract['vault.unlock'].input, { password });
    setFieldError(checked.ok ? undefined : checked.errors.password);
    if (!checked.ok) {
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const next = await api.invoke('vault.unlock', checked.data);
      setPassword('');
      // Still locked (a lock queued behind the unlock ran after it): this form stays, ready for another try. The
      // password was right, so the vault reset its count: the one the last wrong password gave is stale, and the
      // new status says what stands.
      setKnownLeft(null);
      setBusy(false);
      onStatus(next);
    } catch (error) {
      const code = error instanceof BridgeError ? error.code : null;
      if (code === 'WRONG_PASSWORD') {
        // The main process words the count in English; the error carries it as a number too.
        const attemptsLeft = error instanceof BridgeError ? error.attemptsLeft : undefined;
        setFailure({ code, message: { key: 'errors.code.WRONG_PASSWORD' }, ...(attemptsLeft === undefined ? {} : { attemptsLeft }) });
        if (attemptsLeft !== undefined) setKnownLeft(attemptsLeft);
        setRefused(true);
      } else if (code === 'THROTTLED') {
        setFailure({ code, message: { key: 'unlock.throttled' } });
      } else {
        const damaged = code === 'VAULT_CORRUPT' && error instanceof BridgeError && error.reason?.code !== 'vault_too_new';
        setFailure({ code, message: { error }, damaged });
      }
      // THROTTLED says how long to wait, and so does a wrong password that starts a wait.
      retryWait.waitAfter(error);
      // A refusal of the password (or of the vault, gone) takes it away; one of the keychain or of the app keeps it
      // for another try, a long passphrase not to be typed again, and so does THROTTLED, which never tried it.
      if (code === 'WRONG_PASSWORD' || (code !== null && terminal.has(code))) setPassword('');
      setBusy(false);
      inputRef.current?.focus();
    }
  }

  // The vault is gone (wiped, no vault): the password field is disabled and Unlock gives way to Start over, which
  // takes the focus (it had been on the field, where a disabled field would leave it to the page).
  const startOver = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => {
    if (isTerminal) startOver.current?.focus();
  }, [isTerminal]);

  const attemptsLeft = knownLeft ?? status.maxFailedAttempts - status.failedAttempts;
  if (status.headerDamaged === true) {
    return (
      <AuthLayout title={t('unlock.title')} testId="unlock">
        <Alert tone="error" testId="unlock-header-damaged">
          <p>{t('errors.code.VAULT_CORRUPT')}</p>
        </Alert>
        <EraseUnopenable onErased={onStartOver} headerDamaged />
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title={t('unlock.title')} testId="unlock">
      <p>{t('unlock.explainer')}</p>
      {notice === null ? null : (
        <Alert tone="warning" testId="unlock-notice">
          <p>{notice}</p>
        </Alert>
      )}
      {rotating ? (
        <Alert tone="info" testId="unlock-rotating" id={rotatingId}>
          <p>{t('unlock.rotating')}</p>
        </Alert>
      ) : null}
      {discarded === null ? null : (
        <Alert tone="info" testId="unlock-discarded">
          <p>{discarded}</p>
        </Alert>
      )}
      <form className="form" onSubmit={(event) => void submit(event)} noValidate data-testid="unlock-form">
        <TextField
          label={t('unlock.password')}
          type="password"
          autoComplete="current-password"
          autoFocus
          required
          value={password}
          onChange={(typed) => {
            setPassword(typed);
            setRefused(false);
          }}
          error={fieldError}
          invalid={refused}
          {...(refused ? { describedBy: failureId } : {})}
          testId="unlock-password"
          inputRef={inputRef}
          disabled={isTerminal}
        />
        {shownFailure === null ? (
          (knownLeft !== null || status.failedAttempts > 0) && !throttled ? (
            <Alert tone="warning" testId="unlock-attempts">
              <p>{attemptsText(attemptsLeft)}</p>
            </Alert>
          ) : null
        ) : (
          <Alert tone="error" testId="unlock-error" id={failureId}>
            <p>{wordsText(shownFailure.message)}</p>
            {shownFailure.code === 'WRONG_PASSWORD' ? <p data-testid="unlock-typing-hint">{t('unlock.checkTyping')}</p> : null}
            {shownFailure.attemptsLeft === undefined ? null : <p>{attemptsText(shownFailure.attemptsLeft)}</p>}
          </Alert>
        )}
        <RetryCountdown wait={retryWait} id={countdownId} testId="unlock-countdown" />
        <MigrationNotice busy={busy} />
        {failure?.code === 'DEVICE_SECRET_MISSING' ? <EraseUnopenable onErased={onStartOver} /> : null}
        {failure?.damaged === true ? <EraseUnopenable onErased={onStartOver} password={password} /> : null}
        {isTerminal ? (
          <button ref={startOver} type="button" className="button button--primary" data-testid="unlock-start-over" onClick={onStartOver}>
            {t('unlock.startOver')}
          </button>
        ) : (
          <SubmitButton
            testId="unlock-submit"
            busy={busy}
            busyLabel={t('unlock.busy')}
            disabled={throttled || rotating}
            describedBy={throttled ? countdownId : rotating ? rotatingId : undefined}
          >
            {t('unlock.submit')}
          </SubmitButton>
        )}
      </form>
      {/* A vault that cannot open, or is gone, has its own way out above. */}
      {isTerminal || failure?.code === 'DEVICE_SECRET_MISSING' || failure?.damaged === true ? null : <ForgotPassword onErased={onStartOver} />}
    </AuthLayout>
  );
}

/**
 * The way out when the device key is gone, or (with `password`, the one typed, which main checks again) when the
 * vault is damaged, or when its header is (`headerDamaged`: no password): explain, confirm, erase, then set up anew.
 */
function EraseUnopenable({ onErased, password, headerDamaged = false }: { readonly onErased: () => void; readonly password?: string; readonly headerDamaged?: boolean }) {
  const { t } = useTranslation();
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Words | null>(null);
  // The question takes the focus when it replaces "Erase", and "Erase" takes it back on Cancel or
  // Esc (not while the erase runs): the button that had it is gone, and the focus would fall to the page. While it
  // runs its buttons say so (aria-disabled) and keep the focus, so a refusal finds it on Erase, not on the page.
  const step = useConfirmStep({ busy });

  async function erase() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.invoke('vault.eraseUnopenable', password === undefined ? { confirm: 'ERASE' } : { confirm: 'ERASE', password });
      onErased();
    } catch (failure) {
      setError({ error: failure });
      setBusy(false);
    }
  }

  return (
    <div className="form" data-testid="unlock-unopenable">
      <p>{headerDamaged ? t('unlock.unopenable.headerDamaged') : password === undefined ? t('unlock.unopenable.explainer') : t('unlock.unopenable.damaged')}</p>
      {error === null ? null : (
        <Alert tone="error" testId="unlock-erase-error">
          <p>{wordsText(error)}</p>
        </Alert>
      )}
      {step.open ? (
        <div {...step.question} role="group" aria-labelledby="unlock-erase-question">
          <Alert tone="warning" testId="unlock-erase-confirm">
            <p id="unlock-erase-question">{t('unlock.unopenable.confirm')}</p>
            <div className="actions">
              <button type="button" className="button button--danger" data-testid="unlock-erase-confirmed" aria-disabled={busy} onClick={() => void erase()}>
                {busy ? t('unlock.unopenable.busy') : t('unlock.unopenable.confirmErase')}
              </button>
              <button
                type="button"
                className="button button--secondary"
                data-testid="unlock-erase-cancel"
                aria-disabled={busy}
                onClick={() => {
                  if (!busy) step.close();
                }}
              >
                {t('unlock.unopenable.cancel')}
              </button>
            </div>
          </Alert>
        </div>
      ) : (
        <button ref={step.opener} type="button" className="button button--secondary" data-testid="unlock-erase" onClick={step.ask}>
          {t('unlock.unopenable.erase')}
        </button>
      )}
    </div>
  );
}
