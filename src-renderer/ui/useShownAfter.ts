// Whether a busy state has lasted long enough to be worth showing. A job that
// ends within the grace (an import of a few rows, a quick check) goes straight
// from its button to its outcome; a bar and a "Stop" drawn for one frame and
// gone read as a glitch, and the Stop could stop nothing. Spinners that wait
// a few hundred milliseconds before they appear are the usual cure.
import { useEffect, useState } from 'react';

/** How long a job runs unseen before its progress is shown. */
export const progressGraceMs = 400;

/** True once `busy` has held for `delayMs`; false again as soon as it ends. */
export function useShownAfter(busy: boolean, delayMs: number = progressGraceMs): boolean {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!busy) {
      setShown(false);
      return;
    }
    const timer = setTimeout(() => setShown(true), delayMs);
    return () => clearTimeout(timer);
  }, [busy, delayMs]);
  return busy && shown;
}
