// A message box. 'error' alerts use role="alert" so a screen reader announces
// them at once; the others are polite status messages.
import type { ReactNode } from 'react';

export interface AlertProps {
  readonly tone: 'error' | 'warning' | 'success' | 'info';
  readonly testId?: string;
  readonly title?: string;
  readonly children: ReactNode;
}

export function Alert({ tone, testId, title, children }: AlertProps) {
  return (
    <div className={`alert alert--${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid={testId}>
      {title === undefined ? null : <p className="alert__title">{title}</p>}
      <div className="alert__body">{children}</div>
    </div>
  );
}
