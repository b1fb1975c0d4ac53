// The submit button of a form: disabled and marked busy while its call runs.
import type { ReactNode } from 'react';

export interface SubmitButtonProps {
  readonly testId: string;
  readonly busy: boolean;
  readonly busyLabel: string;
  readonly disabled?: boolean;
  readonly tone?: 'primary' | 'danger';
  readonly children: ReactNode;
}

export function SubmitButton({ testId, busy, busyLabel, disabled, tone = 'primary', children }: SubmitButtonProps) {
  return (
    <button
      type="submit"
      className={`button button--${tone}`}
      data-testid={testId}
      disabled={busy || disabled === true}
      aria-busy={busy}
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
