// The submit button of a form: marked busy while its call runs, and then
// aria-disabled rather than disabled: a disabled button drops the focus to the
// page, so a refusal shown after the call would leave a keyboard user nowhere.
// A press (or Enter in a field, which clicks it) does nothing while busy.
// `disabled` (the unlock wait, say) still disables it.
import type { ReactNode } from 'react';

export interface SubmitButtonProps {
  readonly testId: string;
  readonly busy: boolean;
  readonly busyLabel: string;
  readonly disabled?: boolean;
  /** The id of what says why it is disabled (or anything else about it). */
  readonly describedBy?: string | undefined;
  readonly tone?: 'primary' | 'danger';
  readonly children: ReactNode;
}

export function SubmitButton({ testId, busy, busyLabel, disabled, describedBy, tone = 'primary', children }: SubmitButtonProps) {
  return (
    <button
      type="submit"
      className={`button button--${tone}`}
      data-testid={testId}
      disabled={disabled === true}
      aria-disabled={busy}
      aria-busy={busy}
      onClick={(event) => {
        if (busy) event.preventDefault();
      }}
      aria-describedby={describedBy}
    >
      {busy ? (
        <>
          <span className="spinner" aria-hidden="true" />
          {busyLabel}
        </>
      ) : (
        children
      )}
    </button>
  );
}
