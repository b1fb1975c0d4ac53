// The submit button of a form: disabled and marked busy while its call runs.
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
      disabled={busy || disabled === true}
      aria-busy={busy}
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
