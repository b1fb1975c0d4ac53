// Short notices at the bottom of the window ("Contact deleted · Undo"). A
// plain confirmation goes after 3 s; an error or a toast with an action stays
// longer so it can be read and Undo reached by keyboard, and no toast goes
// while the pointer is over them or focus is in them (their time left waits;
// a pointer that was there before the toast came and has not moved does not count).
// At most three show at once: a new one pushes out the oldest plain one first,
// so an Undo is not lost behind a run of confirmations. A toast may name what
// it reports (`key`): a new one of the same key takes the place of the one
// shown, with a fresh clock, so that saving a view five times running shows
// one "View saved", not a stack over the list. The region's height is
// published as --toasts-reserve so lists, the board's columns and pages can leave room for it at
// their end and their last rows are never stuck under it. Screen readers hear each toast once, politely, an
// error assertively, through an announcer that stays in its place (toast-announcer.tsx), not from the region,
// which is drawn anew whenever a dialog opens or closes. A toast
// that goes while it holds the focus (its Undo or close pressed, or a newer
// toast of its key taking its place) gives the focus back to where it came
// from, or to the page, and the clocks the focus held run again. A sticky toast (a task
// reminder) has no clock: it stays until its action or its dismiss button is
// pressed, and its dismiss button may be worded ("Dismiss") rather than ×.
// A toast may carry a second action beside its first (a reminder's "Remind
// me in 1 hour"); either closes it.
// A toast holds its words as a key and params (words.ts) and is worded as it is
// drawn, so one on screen when the language is switched follows the switch.
// From the keyboard (the shell's shortcuts call these): Ctrl/Cmd+Z presses the
// newest Undo shown (undoLatest), and F6 takes the focus into the newest toast
// and, pressed there, back to where it came from (toggleFocus), so an Undo is
// not a long Tab walk away.
// While a modal dialog is open (showModal makes all outside it inert), the toasts are drawn inside the dialog
// on top (open-modals.ts), at its foot below its buttons, never over them: a reminder or an Undo that comes
// then is announced and reachable (F6, Tab) without taking the focus from the dialog. Before, they were shown
// behind it, inert: unheard and out of reach.
import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { MessageKey } from '../app/i18n';
import { Icon } from './icons';
import { useTopModal } from './open-modals';
import { announceDelayMs, announceToast, ToastAnnouncer } from './toast-announcer';
import { wordsText, type Words } from './words';

export interface ToastAction {
  readonly label: MessageKey;
  readonly run: () => void;
}

export interface ToastInput {
  readonly message: Words;
  readonly tone?: 'info' | 'success' | 'error';
  readonly action?: ToastAction;
  /** A second action beside the first (a reminder's "Remind me in 1 hour"); it closes the toast too. */
  readonly secondaryAction?: ToastAction;
  readonly testId?: string;
  /** Stays until pressed away (no clock). */
  readonly sticky?: boolean;
  /** The close button's visible wording; the × icon when absent. */
  readonly dismissLabel?: MessageKey;
  /** What the toast reports: a toast shown with the same key gives way to this one. */
  readonly key?: string;
  /** Called when it leaves by a press (an action, Dismiss or ×) or its time running out; not when the toasts go with the workspace, nor when a toast of its key takes its place. */
  readonly onClosed?: () => void;
}

interface ShownToast extends ToastInput {
  readonly id: number;
}

export interface Toaster {
  readonly show: (toast: ToastInput) => void;
  /** Takes the toasts of this key away, as one of its key taking their place would (what they report no longer holds). */
  readonly withdraw: (key: string) => void;
  /** Presses the newest Undo shown; false when none shows. */
  readonly undoLatest: () => boolean;
  /** Into the newest toast, or back out of the toasts to where the focus came from; false when no toast shows. */
  readonly toggleFocus: () => boolean;
}

const ToastContext = createContext<Toaster | null>(null);
export const plainToastMs = 3_000;
/** An error, or a toast with an action (Undo). */
export const lingeringToastMs = 8_000;
export const maxToastsShown = 3;

function lingers(toast: ToastInput): boolean {
  return toast.action !== undefined || toast.tone === 'error';
}

/**
 * The toasts that stay when `added` joins `shown`: the oldest plain one leaves first, else the oldest. A sticky one
 * (a task reminder) never leaves to make room: it stays until pressed, and when reminders alone fill the toasts the
 * added one shows beside them (before, a fourth toast pushed the oldest reminder out, and it never came back).
 */
export function keepWithin<T extends ToastInput>(shown: readonly T[], added: T, max = maxToastsShown): T[] {
  const next = [...shown, added];
  while (next.length > max) {
    // Those that may leave: not a reminder, not the one added.
    const loose = next.slice(0, -1).flatMap((toast, index) => (toast.sticky === true ? [] : [{ toast, index }]));
    const leaving = loose.find(({ toast }) => !lingers(toast)) ?? loose[0];
    if (leaving === undefined) break;
    next.splice(leaving.index, 1);
  }
  return next;
}

/**
 * Where the focus goes when the toasts have nowhere to give it back: in the open dialog they are in, what its
 * body names (data-autofocus), else its body's first field, else its body's first button, and only then its
 * header's ×; else the page's main region. (Before, the × came first, and the next Enter closed the dialog.)
 */
function focusHome(region: HTMLElement | null): void {
  const dialog = region?.closest('dialog') ?? null;
  const home =
    dialog === null
      ? document.querySelector<HTMLElement>('main')
      : (dialog.querySelector<HTMLElement>('.dialog__body [data-autofocus]') ??
        dialog.querySelector<HTMLElement>('.dialog__body :is(input:not([type="hidden"]), select, textarea)') ??
        dialog.querySelector<HTMLElement>('.dialog__body button:not(:disabled)') ??
        dialog.querySelector<HTMLElement>('.dialog__frame button:not(:disabled)'));
  home?.focus({ preventScroll: true });
}

export function ToastProvider({ children }: { readonly children: ReactNode }) {
  const { t } = useTranslation();
  // The modal open on top, if any: the toasts are drawn inside it.
  const modal = useTopModal();
  const [toasts, setToasts] = useState<readonly ShownToast[]>([]);
  const shown = useRef<readonly ShownToast[]>([]);
  const nextId = useRef(0);
  // Each toast's time left, and its timer while the toasts are not held.
  const clocks = useRef(new Map<number, { left: number; startedAt: number; timer: ReturnType<typeof setTimeout> | null }>());
  const hovered = useRef(false);
  const region = useRef<HTMLDivElement>(null);
  // Read when needed: a focused toast that is removed fires no blur.
  const held = useCallback(() => hovered.current || (region.current?.contains(document.activeElement) ?? false), []);

  const resumeLater = useRef<() => void>(() => undefined);
  // The toasts waiting to be said (toast-announcer.tsx).
  const announcing = useRef(new Set<ReturnType<typeof setTimeout>>());
  useEffect(() => {
    const timers = announcing.current;
    return () => {
      for (const timer of timers) clearTimeout(timer);
    };
  }, []);
  // Where the focus was before it came into the toasts, and whether the toast just dismissed held it.
  const returnTo = useRef<HTMLElement | null>(null);
  const refocus = useRef(false);

  const dismiss = useCallback((id: number) => {
    if (region.current?.querySelector(`[data-toast-id="${id}"]`)?.contains(document.activeElement)) refocus.current = true;
    shown.current.find((toast) => toast.id === id)?.onClosed?.();
    const clock = clocks.current.get(id);
    if (clock?.timer !== null && clock?.timer !== undefined) clearTimeout(clock.timer);
    clocks.current.delete(id);
    shown.current = shown.current.filter((toast) => toast.id !== id);
    setToasts(shown.current);
    // The toast may have held the focus: once it is gone, the others' time runs again.
    setTimeout(() => resumeLater.current(), 0);
  }, []);

  const run = useCallback(
    (id: number) => {
      const clock = clocks.current.get(id);
      if (clock === undefined || clock.timer !== null) return;
      clock.startedAt = Date.now();
      clock.timer = setTimeout(() => dismiss(id), clock.left);
    },
    [dismiss],
  );

  const hold = useCallback(() => {
    for (const clock of clocks.current.values()) {
      if (clock.timer === null) continue;
      clearTimeout(clock.timer);
      clock.timer = null;
      clock.left = Math.max(1_000, clock.left - (Date.now() - clock.startedAt));
    }
  }, []);

  const resume = useCallback(() => {
    if (held()) return;
    for (const id of clocks.current.keys()) run(id);
  }, [held, run]);
  resumeLater.current = resume;

  // A toast that held the focus is gone (its Undo or close pressed by keyboard): in that same commit, before
  // paint, the focus goes back to where it was before it came into the toasts, or to the page, not to the body.
  // Then the clocks the focus held run again, from here: the timer the dismiss (or replace) set may have fired
  // before this commit, while the focus was still in the toast on its way out, and then nothing ran them again
  // (a removed element fires no blur), so the toast that took the place of a focused one never went (seen in CI).
  useLayoutEffect(() => {
    if (!refocus.current) return;
    refocus.current = false;
    const active = document.activeElement;
    if (active === null || active === document.body || !active.isConnected) {
      const back = returnTo.current;
      returnTo.current = null;
      if (back?.isConnected === true) back.focus({ preventScroll: true });
      else focusHome(region.current);
    }
    resumeLater.current();
  }, [toasts]);

  /** Shows `next` in place of the toasts shown, those of `key` leaving (giving back the focus one of them held). */
  const replaceShown = useCallback((key: string | undefined, next: (staying: readonly ShownToast[]) => ShownToast[]) => {
    const replaced = key === undefined ? [] : shown.current.filter((other) => other.key === key);
    // A replaced toast that holds the focus gives it back as a dismissed one does.
    if (replaced.some((other) => region.current?.querySelector(`[data-toast-id="${other.id}"]`)?.contains(document.activeElement) === true)) refocus.current = true;
    const shownNext = next(shown.current.filter((other) => !replaced.includes(other)));
    // The ones pushed out or replaced stop their clocks.
    for (const gone of shown.current) {
      if (shownNext.includes(gone)) continue;
      const clock = clocks.current.get(gone.id);
      if (clock?.timer !== null && clock?.timer !== undefined) clearTimeout(clock.timer);
      clocks.current.delete(gone.id);
    }
    shown.current = shownNext;
    setToasts(shownNext);
    // One of them may have held the focus: once they are gone, the others' time (and the new one's) runs again,
    // as after a dismiss; before, their clocks stayed held and they never went.
    if (replaced.length > 0) setTimeout(() => resumeLater.current(), 0);
  }, []);

  const withdraw = useCallback(
    (key: string) => {
      if (shown.current.some((toast) => toast.key === key)) replaceShown(key, (staying) => [...staying]);
    },
    [replaceShown],
  );

  const show = useCallback(
    (toast: ToastInput) => {
      nextId.current += 1;
      const id = nextId.current;
      replaceShown(toast.key, (staying) => keepWithin(staying, { ...toast, id }));
      // Said once, a moment later, where it is heard then (a dialog closing with it is gone by then); not
      // when it has already gone (a toast of its key took its place).
      const timer = setTimeout(() => {
        announcing.current.delete(timer);
        const still = shown.current.find((item) => item.id === id);
        if (still !== undefined) announceToast(wordsText(still.message), still.tone === 'error' ? 'assertive' : 'polite');
      }, announceDelayMs);
      announcing.current.add(timer);
      if (toast.sticky === true) return;
      clocks.current.set(id, { left: lingers(toast) ? lingeringToastMs : plainToastMs, startedAt: Date.now(), timer: null });
      if (!held()) run(id);
    },
    [held, replaceShown, run],
  );

  // Room the toasts take above the window's bottom edge, for scrolling boxes to leave at their end. Run again
  // for each new region (a modal opened or closed: the toasts' region is drawn anew where they now are).
  useLayoutEffect(() => {
    const element = region.current;
    if (element === null) return undefined;
    // The region left fires no pointerleave or blur: the pointer or focus that held the clocks there holds nothing now.
    hovered.current = false;
    resumeLater.current();
    // At a dialog's foot they take no room from the page's end.
    if (modal !== null) return undefined;
    const root = document.documentElement;
    const publish = () => {
      const height = element.getBoundingClientRect().height;
      root.style.setProperty('--toasts-reserve', height > 0 ? `calc(${height}px + 0.75rem)` : '0px');
    };
    publish();
    const observer = new ResizeObserver(publish);
    observer.observe(element);
    return () => {
      observer.disconnect();
      root.style.removeProperty('--toasts-reserve');
    };
  }, [modal]);

  const undoLatest = useCallback(() => {
    const toast = shown.current.findLast((item) => item.action?.label === 'action.undo');
    if (toast?.action === undefined) return false;
    toast.action.run();
    dismiss(toast.id);
    return true;
  }, [dismiss]);

  const toggleFocus = useCallback(() => {
    const element = region.current;
    if (element === null) return false;
    if (element.contains(document.activeElement)) {
      const back = returnTo.current;
      returnTo.current = null;
      if (back?.isConnected === true) back.focus({ preventScroll: true });
      else focusHome(element);
      return true;
    }
    const newest = element.querySelector<HTMLElement>('.toast:last-child button');
    newest?.focus();
    return newest !== null;
  }, []);

  const value = useMemo<Toaster>(() => ({ show, withdraw, undoLatest, toggleFocus }), [show, withdraw, undoLatest, toggleFocus]);
  const shownRegion = (
    <div
      ref={region}
      className="toasts"
      // No live region: drawn anew at each dialog opened or closed, it would say its toasts again or not at all.
      // Each toast is said once, through the announcer that stays in its place (toast-announcer.tsx).
      aria-keyshortcuts="F6"
      // Held by a pointer that moves onto them, not by one resting where a toast
      // came up (after a click on a dialog's button): that one would keep it forever.
      onPointerMove={() => {
        if (hovered.current) return;
        hovered.current = true;
        hold();
      }}
      onPointerLeave={() => {
        if (!hovered.current) return;
        hovered.current = false;
        resume();
      }}
      onFocus={(event) => {
        const from = event.relatedTarget;
        if (!(from instanceof Node && event.currentTarget.contains(from))) returnTo.current = from instanceof HTMLElement ? from : null;
        hold();
      }}
      onBlur={(event) => {
        if (event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget)) return;
        // Focus is still on its way out while blur runs.
        setTimeout(resume, 0);
      }}
    >
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast--${toast.tone ?? 'info'}`} data-testid={toast.testId ?? 'toast'} data-toast-id={toast.id}>
          <span className="toast__message">
            {wordsText(toast.message)}
          </span>
          {(['action', 'secondary'] as const).map((slot) => {
            const action = slot === 'action' ? toast.action : toast.secondaryAction;
            return action === undefined ? null : (
              <button
                key={slot}
                type="button"
                className="toast__action"
                data-testid={`${toast.testId ?? 'toast'}-${slot}`}
                onClick={() => {
                  action.run();
                  dismiss(toast.id);
                }}
              >
                {t(action.label)}
              </button>
            );
          })}
          {toast.dismissLabel === undefined ? (
            <button type="button" className="toast__close" aria-label={t('action.close')} onClick={() => dismiss(toast.id)}>
              <Icon name="close" size={14} />
            </button>
          ) : (
            <button type="button" className="toast__action" data-testid={`${toast.testId ?? 'toast'}-dismiss`} onClick={() => dismiss(toast.id)}>
              {t(toast.dismissLabel)}
            </button>
          )}
        </div>
      ))}
    </div>
  );
  return (
    <ToastContext.Provider value={value}>
      {children}
      <ToastAnnouncer place="page" />
      {modal === null ? shownRegion : createPortal(shownRegion, modal)}
    </ToastContext.Provider>
  );
}

export function useToasts(): Toaster {
  const toaster = useContext(ToastContext);
  if (toaster === null) throw new Error('useToasts() outside <ToastProvider>');
  return toaster;
}
