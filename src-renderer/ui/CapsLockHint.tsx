// The Caps Lock warning of a password field: while the field has the focus
// and Caps Lock was on at the last key press or release anywhere on the page
// (read from the event's modifier state; the page cannot ask otherwise), a
// line under the field says so. TextField shows it under every password field.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Whether Caps Lock was on at the last key press or release anywhere on the page. */
function useCapsLock(): boolean {
  const [on, setOn] = useState(false);
  useEffect(() => {
    const read = (event: KeyboardEvent) => {
      // Synthetic events (autofill) may carry no modifier state.
      if (typeof event.getModifierState === 'function') setOn(event.getModifierState('CapsLock'));
    };
    window.addEventListener('keydown', read);
    window.addEventListener('keyup', read);
    return () => {
      window.removeEventListener('keydown', read);
      window.removeEventListener('keyup', read);
    };
  }, []);
  return on;
}

export interface CapsLockHintProps {
  readonly testId: string;
  /** Whether the field it belongs to has the focus. */
  readonly active: boolean;
}

export function CapsLockHint({ testId, active }: CapsLockHintProps) {
  const { t } = useTranslation();
  const capsLock = useCapsLock();
  if (!active || !capsLock) return null;
  return (
    <p className="caps-lock" role="status" data-testid={testId}>
      {t('password.capsLockOn')}
    </p>
  );
}
