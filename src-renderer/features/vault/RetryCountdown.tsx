// The wait before the next password attempt, shared by the lock screen and
// Change password: a failed call's retryAfterMs (THROTTLED, or a wrong
// password that starts a wait) starts it, and it ticks on the clock to zero.
// While it runs the form's submit is disabled and described by the countdown,
// the only number of seconds on the screen.
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BridgeError } from '../../api/errors';
import type { Words } from '../../ui/words';
import { useCountdown, waitFor, type Wait } from './useCountdown';

export interface RetryWait {
  /** Whole seconds left; 0 when there is no wait. */
  readonly secondsLeft: number;
  readonly waiting: boolean;
  /** Starts the wait a failed call asks for, if it asks for one. */
  readonly waitAfter: (error: unknown) => void;
  /** Starts a wait the vault's status asks for (Settings opened during one). */
  readonly waitFromStatus: (retryAfterMs: number) => void;
}

/** A wait that starts with `initialMs` (the vault's status may already ask for one) or after a failed call. */
export function useRetryWait(initialMs = 0): RetryWait {
  const [wait, setWait] = useState<Wait | null>(() => (initialMs > 0 ? waitFor(initialMs) : null));
  const secondsLeft = useCountdown(wait);
  const waitAfter = useCallback((error: unknown) => {
    const ms = error instanceof BridgeError ? (error.retryAfterMs ?? 0) : 0;
    if (ms > 0) setWait(waitFor(ms));
  }, []);
  const waitFromStatus = useCallback((ms: number) => {
    if (ms > 0) setWait(waitFor(ms));
  }, []);
  return { secondsLeft, waiting: secondsLeft > 0, waitAfter, waitFromStatus };
}

/** A password form's refusal of `error`, the wait it asks for started on `wait`: its words, and what it was. */
export interface PasswordRefusal {
  /** THROTTLED's words say no number of their own (the countdown does); any other refusal's are its own. */
  readonly message: Words;
  readonly wrongPassword: boolean;
  /** THROTTLED: its message lasts only as long as the wait. */
  readonly throttled: boolean;
}

export function passwordRefusal(error: unknown, wait: RetryWait): PasswordRefusal {
  const code = error instanceof BridgeError ? error.code : undefined;
  wait.waitAfter(error);
  const throttled = code === 'THROTTLED';
  return { message: throttled ? { key: 'unlock.throttled' } : { error }, wrongPassword: code === 'WRONG_PASSWORD', throttled };
}

/** "Try again in N s" while `wait` runs; nothing otherwise. `id` is for the submit button's aria-describedby. */
export function RetryCountdown({ wait, id, testId }: { readonly wait: RetryWait; readonly id: string; readonly testId: string }) {
  const { t } = useTranslation();
  if (!wait.waiting) return null;
  return (
    <p className="countdown" data-testid={testId} id={id}>
      {t('unlock.retryIn', { seconds: wait.secondsLeft })}
    </p>
  );
}
