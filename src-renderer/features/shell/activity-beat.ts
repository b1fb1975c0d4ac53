// Tells the main process the user is here (session.active) when they press a
// key, click or scroll anywhere in the window, at most once per half minute:
// the idle lock counts its minutes from the last of these, not from the last
// call (pages read the vault by themselves after a sync, and that kept an
// unattended vault open). Mounted with the workspace, so only while unlocked.
import { useEffect } from 'react';
import { useApi } from '../../app/api-context';

/** At most one beat in this long: the idle lock waits minutes, and may lock this much sooner after the last input at worst. */
export const beatEveryMs = 30_000;
const inputs = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;

export function useActivityBeat(): void {
  const api = useApi();
  useEffect(() => {
    let last = Number.NEGATIVE_INFINITY;
    const beat = () => {
      const now = performance.now();
      if (now - last < beatEveryMs) return;
      last = now;
      // Refused (the vault locked meanwhile): the next input tries again.
      api.invoke('session.active', {}).catch(() => {
        last = Number.NEGATIVE_INFINITY;
      });
    };
    for (const input of inputs) window.addEventListener(input, beat, { capture: true, passive: true });
    return () => {
      for (const input of inputs) window.removeEventListener(input, beat, { capture: true });
    };
  }, [api]);
}
