// A question that stands in for the button that asked it ("Rotate key" →
// "Rotate now / Cancel", the lock screen's "Erase" → "Erase / Cancel"): the
// question takes the focus when it appears, so a second Enter or click cannot
// answer it unread, and Esc, Cancel or the answer's start close it and give
// the focus back to the button that opened it, in the commit that draws that
// button again (it was gone, and the focus would fall to the page).
import { useCallback, useLayoutEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';

export interface ConfirmStep {
  /** Whether the question shows (in place of its opener). */
  readonly open: boolean;
  /** Shows the question, with the focus on it. */
  readonly ask: () => void;
  /** Takes the question away and the focus back to its opener (Cancel, Esc, or the answer starting). */
  readonly close: () => void;
  /** For the button that opens the question. */
  readonly opener: RefObject<HTMLButtonElement | null>;
  /** For the element that holds the question: focusable by script, and Esc closes it. */
  readonly question: {
    readonly ref: RefObject<HTMLDivElement | null>;
    readonly tabIndex: -1;
    readonly onKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
  };
}

/** `busy`: the answer is under way, and Esc leaves the question as it is. */
export function useConfirmStep({ busy = false }: { readonly busy?: boolean } = {}): ConfirmStep {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const questionRef = useRef<HTMLDivElement>(null);
  // Whether the focus follows the next change of `open` (not on the first draw).
  const moved = useRef(false);
  useLayoutEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    (open ? questionRef.current : opener.current)?.focus();
  }, [open]);

  const ask = useCallback(() => {
    moved.current = true;
    setOpen(true);
  }, []);
  const close = useCallback(() => {
    moved.current = true;
    setOpen(false);
  }, []);
  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      if (event.key !== 'Escape' || busy) return;
      event.preventDefault();
      close();
    },
    [busy, close],
  );

  return { open, ask, close, opener, question: { ref: questionRef, tabIndex: -1, onKeyDown } };
}
