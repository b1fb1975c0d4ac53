// One polite live region, visually hidden: a screen reader says its text when
// it changes. The region stays in the page while its owner does (a region
// mounted together with its text is often not read), and a text is put in
// only once it has stayed the same for `delayMs`, so typing or a stream of
// progress events gives one announcement, not one per change.
import { useEffect, useState } from 'react';

export interface LiveRegionProps {
  /** What to say; '' says nothing (and clears what was said). */
  readonly text: string;
  readonly delayMs?: number;
  readonly testId?: string;
}

export function LiveRegion({ text, delayMs = 500, testId }: LiveRegionProps) {
  const [shown, setShown] = useState('');

  useEffect(() => {
    if (text === '') {
      setShown('');
      return;
    }
    const timer = setTimeout(() => setShown(text), delayMs);
    return () => clearTimeout(timer);
  }, [text, delayMs]);

  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid={testId}>
      {shown}
    </div>
  );
}
