// A lock asked for during a key rotation is said at once, but the vault closes,
// and serves an unlock, only once the rotation settles (minutes on a large
// vault): the status says 'locked' with `rotating`. While it does, the lock
// screen re-reads the status every second and hands the first one without
// `rotating` on (VaultGate applies it), so the screen knows when the password
// can be taken. There is no push for a rotation's end.
import { useEffect } from 'react';
import type { VaultStatus } from '../../../src-shared/ipc/contract';
import { useApi } from '../../app/api-context';

/** How often the lock screen asks whether the rotation has ended. */
export const rotationPollMs = 1_000;

/** Whether a key rotation runs, per `status`; while it does, the status is read again until it says it ended. */
export function useRotationWait(status: VaultStatus, onStatus: (status: VaultStatus) => void): boolean {
  const api = useApi();
  const rotating = status.rotating === true;
  useEffect(() => {
    if (!rotating) return undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const later = () => {
      timer = setTimeout(ask, rotationPollMs);
    };
    function ask() {
      api.invoke('vault.status', {}).then(
        (next) => {
          if (stopped) return;
          if (next.rotating === true) later();
          else onStatus(next);
        },
        // A read that failed (a file held for a moment) is asked again: the screen must not wait forever.
        () => {
          if (!stopped) later();
        },
      );
    }
    later();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, rotating, onStatus]);
  return rotating;
}
