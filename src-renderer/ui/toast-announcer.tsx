// What a screen reader hears of the toasts. The toasts themselves are drawn where they can be reached (at the
// window's corner, or inside the modal dialog on top: ui/toasts.tsx), and are drawn anew there each time a
// dialog opens or closes, so they are no live region: a region drawn anew with its toasts in it is not read (a
// toast shown as a dialog closes went unheard), and an alert drawn anew is read again (an error toast was
// heard at every dialog opened or closed). Each toast is said once instead, through an announcer that stays
// in its place: one on the page (ToastProvider) and one in each dialog (Dialog), both there before anything
// is said in them. A toast is said a moment after it comes, in the announcer of the dialog then on top, or of
// the page when none is open: the one place not inert then (a dialog closing as the toast came is gone by then).
// An announcer just put in the page (its dialog opening) is left a moment before it is given words.
import { useEffect, useRef } from 'react';
import { currentTopModal } from './open-modals';

/** How long after a toast comes it is said: the dialog closing with it (Save) has gone by then. */
export const announceDelayMs = 150;
/** How long an announcer is in the page before words put in it are read (a region arriving with them is not). */
const settleMs = 100;
/** How long a said toast stays in the announcer (taking it out says nothing): long enough to be read from it. */
const keptMs = 10_000;

export type Politeness = 'polite' | 'assertive';

/** A toast announcer; `place` says whose: the page's, or the dialog's it is drawn in (its direct child). */
export function ToastAnnouncer({ place }: { readonly place: 'page' | 'dialog' }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    const timer = setTimeout(() => element?.setAttribute('data-settled', ''), settleMs);
    return () => clearTimeout(timer);
  }, []);
  return (
    <div ref={ref} className="visually-hidden" data-toast-announcer={place} data-testid={`toast-announcer-${place}`}>
      <div role="status" aria-live="polite" aria-atomic="false" data-politeness="polite" />
      <div aria-live="assertive" aria-atomic="false" data-politeness="assertive" />
    </div>
  );
}

/** The announcer of the place not inert now: the dialog on top, else the page. */
function announcerNow(): HTMLElement | null {
  const modal = currentTopModal();
  return modal === null
    ? document.querySelector<HTMLElement>('[data-toast-announcer="page"]')
    : modal.querySelector<HTMLElement>(':scope > [data-toast-announcer="dialog"]');
}

/** Says `text` once, in the announcer of the place not inert when it is said; false when there is none. */
export function announceToast(text: string, politeness: Politeness, triesLeft = 5): boolean {
  const announcer = announcerNow();
  if (announcer === null || text === '') return false;
  if (!announcer.hasAttribute('data-settled') && triesLeft > 0) {
    setTimeout(() => announceToast(text, politeness, triesLeft - 1), settleMs);
    return true;
  }
  const region = announcer.querySelector<HTMLElement>(`[data-politeness="${politeness}"]`);
  if (region === null) return false;
  const said = document.createElement('p');
  said.textContent = text;
  region.append(said);
  setTimeout(() => said.remove(), keptMs);
  return true;
}
