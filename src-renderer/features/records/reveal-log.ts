// Every reveal of a value the masking rule hides ("Show", and the edit button
// or F2 that show it on the way to the editor) goes through here: it asks the
// main process to append the access-log entry (`records.reveal`: who, when,
// record id, field name; never the value) and shows the value once that
// entry is written. A reveal the log refused (the vault locked meanwhile, the
// record erased) stays hidden and says why, so no value is shown unlogged.
// The entry is a vault write, which may wait behind an import or a sync: while
// it is on its way, "Show" says so (aria-busy) and a repeat press of the same
// field (a double click, F2 twice) does nothing. Before, each press wrote one
// more entry, and a second F2 opened the editor again over the typed text.
import { useCallback, useRef, useState } from 'react';
import type { RevealRef } from '../../../src-shared/domain/access-log';
import { useApi } from '../../app/api-context';
import { useToasts } from '../../ui/toasts';
import { useMounted } from '../../ui/useMounted';

export interface RevealLog {
  /** Logs the reveal of `ref`, then calls `show`; a press while this field's reveal is on its way does nothing. */
  readonly reveal: (ref: RevealRef, show: () => void) => void;
  /** This field's reveal is on its way: "Show" is aria-busy. */
  readonly revealing: boolean;
}

/** One field's reveals (call it once per field). */
export function useRevealLog(): RevealLog {
  const api = useApi();
  const toasts = useToasts();
  const mounted = useMounted();
  const pending = useRef(false);
  const [revealing, setRevealing] = useState(false);
  const reveal = useCallback(
    (ref: RevealRef, show: () => void) => {
      if (pending.current) return;
      pending.current = true;
      setRevealing(true);
      const settle = () => {
        pending.current = false;
        if (mounted.current) setRevealing(false);
      };
      api.invoke('records.reveal', ref).then(
        () => {
          settle();
          show();
        },
        (error: unknown) => {
          settle();
          toasts.show({ message: { error }, tone: 'error', testId: 'reveal-failed' });
        },
      );
    },
    [api, toasts, mounted],
  );
  return { reveal, revealing };
}
