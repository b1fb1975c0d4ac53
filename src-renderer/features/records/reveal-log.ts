// Every reveal of a value the masking rule hides ("Show", and the edit button
// or F2 that show it on the way to the editor) goes through here: it asks the
// main process to append the access-log entry (`records.reveal`: who, when,
// record id, field name; never the value) and shows the value once that
// entry is written. A reveal the log refused (the vault locked meanwhile, the
// record erased) stays hidden and says why, so no value is shown unlogged.
import { useCallback } from 'react';
import type { RevealRef } from '../../../src-shared/domain/access-log';
import { useApi } from '../../app/api-context';
import { useToasts } from '../../ui/toasts';

/** `reveal(ref, show)`: logs the reveal of `ref`, then calls `show`. */
export function useRevealLog(): (ref: RevealRef, show: () => void) => void {
  const api = useApi();
  const toasts = useToasts();
  return useCallback(
    (ref, show) => {
      api.invoke('records.reveal', ref).then(show, (error: unknown) => toasts.show({ message: { error }, tone: 'error', testId: 'reveal-failed' }));
    },
    [api, toasts],
  );
}
