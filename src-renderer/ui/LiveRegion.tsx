// One polite live region, visually hidden: a screen reader says its text when
// it changes. The region stays in the page while its owner does (a region
// mounted together with its text is often not read), and a text is put in
// only once it has stayed the same for `delayMs`, so typing or a stream of
// progress events gives one announcement, not one per change. A region says
// nothing when its text is set to the words it holds already: a new
// announcement in the same words (`serial` says it is new) empties the region
// first and puts the words back `repeatGapMs` later.
import { useEffect, useRef, useState } from 'react';

/** How long a region stays empty before it is given the words it held again: a frame or two, for the accessibility tree to see it empty. */
export const repeatGapMs = 100;

export interface LiveRegionProps {
  /** What to say; '' says nothing (and clears what was said). */
  readonly text: string;
  /** A new value with the same text says it again (e.g. the count left after another choice); the same value does not. */
  readonly serial?: number;
  readonly delayMs?: number;
  readonly testId?: string;
}

export function LiveRegion({ text, serial = 0, delayMs = 500, testId }: LiveRegionProps) {
  const [shown, setShown] = useState('');
  /** The announcement the region holds (or is about to hold again). */
  const said = useRef({ text: '', serial });

  useEffect(() => {
    if (text === '') {
      said.current = { text, serial };
      setShown('');
      return;
    }
    let gap: ReturnType<typeof setTimeout> | undefined;
    const timer = setTimeout(() => {
      const before = said.current;
      if (before.text === text && before.serial === serial) return;
      said.current = { text, serial };
      if (before.text !== text) {
        setShown(text);
        return;
      }
      setShown('');
      gap = setTimeout(() => setShown(text), repeatGapMs);
    }, delayMs);
    return () => {
      clearTimeout(timer);
      clearTimeout(gap);
    };
  }, [text, serial, delayMs]);

  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid={testId}>
      {shown}
    </div>
  );
}
