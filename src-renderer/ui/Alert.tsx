// A message box. 'error' alerts use role="alert" so a screen reader announces
// them at once; the others are polite status messages, or, with `live` false,
// no live region at all (for a box whose words a LiveRegion kept in the page
// says: a region inserted with its text in it is often not read).
import type { ReactNode } from 'react';

export interface AlertProps {
  readonly tone: 'error' | 'warning' | 'success' | 'info';
  readonly testId?: string;
  /** For a control that the message is about (its aria-describedby). */
  readonly id?: string;
  readonly title?: string;
  /** false: not a live region (see above); an 'error' alert is one whatever this says. */
  readonly live?: boolean;
  readonly children: ReactNode;
}

export function Alert({ tone, testId, id, title, live = true, children }: AlertProps) {
  return (
    <div id={id} className={`alert alert--${tone}`} role={tone === 'error' ? 'alert' : live ? 'status' : undefined} data-testid={testId}>
      {title === undefined ? null : <p className="alert__title">{title}</p>}
      <div className="alert__body">{children}</div>
    </div>
  );
}
