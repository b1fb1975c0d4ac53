// A modal dialog on the native <dialog> element: showModal() gives the inert
// background and Esc-to-close for free, and the browser returns focus to the
// opener when it closes. Its focus trap is not tight: Tab from the last
// control (Shift+Tab from the first) leaves for the page's body or the browser
// once before coming back, so the dialog keeps Tab and Shift+Tab cycling over
// its own controls. Mounted only while open; when it unmounts open (Save,
// Cancel), it is closed in a layout effect's cleanup, which runs before React
// removes the element: closed after removal, the browser would leave focus on
// the page's body. A click on the backdrop closes it only when the press started there too (a
// text selection dragged out of a field ends on the backdrop), and never while
// it holds unsaved input (`dirty`). Then Esc, × and its Cancel (DialogCancel)
// ask first, as leaving a page with unsaved typing does (DiscardQuestion, over
// it): "Keep editing" (the default; Esc) puts the focus back where it was,
// "Discard" closes it. An Esc that ends an input method's composition does
// neither. Esc is stopped at its keydown, not only at the dialog's cancel
// event: Chromium lets a page refuse that event once per user activation (a
// close watcher's rule), and Esc is none, so a second Esc (after "Keep
// editing" by Esc) would close it. Tab and Esc are read by a native listener
// (on the document, after React's own handlers have had their say), for all
// that is inside the dialog's element: the toasts drawn in it belong to
// another branch of React's tree, so React's onKeyDown here never saw a key
// pressed on them (Tab from the last toast left the dialog). A click counts
// as one on the backdrop only outside the dialog's box (a click on its own
// empty parts, the toasts' strip at its foot, lands on the <dialog> too).
// It says the toasts that come while it is on top (ToastAnnouncer).
import { createContext, useCallback, useContext, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { useReportDirtyDialog } from './dirty-dialogs';
import { Icon } from './icons';
import { isComposing } from './ime';
import { currentTopModal, reportOpenModal } from './open-modals';
import { ToastAnnouncer } from './toast-announcer';

const focusableSelector =
  'a[href], area[href], button, input:not([type="hidden"]), select, textarea, iframe, summary, [contenteditable]:not([contenteditable="false"]), [tabindex]';

/** The controls of `root` that Tab reaches, in document order (of a radio group, only the one Tab stops at). */
function tabStops(root: HTMLElement): HTMLElement[] {
  const stops: HTMLElement[] = [];
  const radioGroups = new Set<string>();
  for (const element of root.querySelectorAll<HTMLElement>(focusableSelector)) {
    if (element.tabIndex < 0 || element.matches(':disabled') || element.closest('[inert]') !== null) continue;
    if (element.getClientRects().length === 0 || getComputedStyle(element).visibility === 'hidden') continue;
    if (element instanceof HTMLInputElement && element.type === 'radio' && element.name !== '') {
      const group = element.form === null ? root : element.form;
      const checked = [...group.querySelectorAll<HTMLInputElement>('input[type="radio"]')].find((radio) => radio.name === element.name && radio.checked);
      if (checked !== undefined ? checked !== element : radioGroups.has(element.name)) continue;
      radioGroups.add(element.name);
    }
    stops.push(element);
  }
  return stops;
}

export interface DialogProps {
  readonly title: string;
  readonly onClose: () => void;
  readonly testId: string;
  readonly size?: 'small' | 'medium' | 'large';
  /** Visually hide the title (it still names the dialog for screen readers). */
  readonly hideTitle?: boolean;
  /** Holds input that closing would lose: the backdrop does not close it, Esc, × and DialogCancel ask first. */
  readonly dirty?: boolean;
  /**
   * Saving what it asked for: nothing closes it (Esc, its close button, the backdrop) until the answer, which
   * the dialog is there to show (a refusal), or which closes it.
   */
  readonly busy?: boolean;
  readonly children: ReactNode;
}

/**
 * Where Tab (Shift+Tab when `backwards`) must go instead of where the browser
 * would take it: the first (last) stop when no stop follows (precedes) the
 * focus inside the dialog, null when the dialog has none; undefined when the
 * browser's own move stays inside.
 */
function wrapTarget(dialog: HTMLElement, backwards: boolean): HTMLElement | null | undefined {
  const stops = tabStops(dialog);
  const first = stops[0];
  const last = stops[stops.length - 1];
  if (first === undefined || last === undefined) return null;
  const active = document.activeElement;
  if (active === null || active === dialog || !dialog.contains(active)) return backwards ? last : first;
  const ahead = backwards
    ? stops.some((stop) => (active.compareDocumentPosition(stop) & Node.DOCUMENT_POSITION_PRECEDING) !== 0 && !stop.contains(active))
    : stops.some((stop) => stop !== active && (active.compareDocumentPosition(stop) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0);
  if (ahead) return undefined;
  return backwards ? last : first;
}

/**
 * Whether a press or click is on the backdrop: it lands on the <dialog> itself, outside its box. One on its own
 * empty parts (the toasts' strip at its foot lets clicks through to it) lands there too, inside its box.
 */
function onBackdropAt(dialog: HTMLElement, event: { readonly target: EventTarget; readonly clientX: number; readonly clientY: number }): boolean {
  if (event.target !== dialog) return false;
  const box = dialog.getBoundingClientRect();
  return event.clientX < box.left || event.clientX > box.right || event.clientY < box.top || event.clientY > box.bottom;
}

/** What a dialog's own controls close it with (DialogCancel), and whether it is saving. */
interface Dismissal {
  readonly dismiss: () => void;
  readonly busy: boolean;
}
const DismissContext = createContext<Dismissal | null>(null);

/** A dialog's Cancel: closes it as Esc does, asking first while it holds unsaved input; nothing while it saves. */
export function DialogCancel({ testId }: { readonly testId?: string }) {
  const { t } = useTranslation();
  const dismissal = useContext(DismissContext);
  if (dismissal === null) throw new Error('<DialogCancel> outside <Dialog>');
  return (
    <button type="button" className="button button--secondary" data-testid={testId} aria-disabled={dismissal.busy} onClick={dismissal.dismiss}>
      {t('action.cancel')}
    </button>
  );
}

/**
 * "Discard your unsaved changes?", over what holds them (a page, a dialog: `text` says which): "Keep editing"
 * (the default, and Esc) or "Discard".
 */
export function DiscardQuestion({ text, onKeep, onDiscard }: { readonly text: string; readonly onKeep: () => void; readonly onDiscard: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('unsaved.title')} onClose={onKeep} testId="discard-changes" size="small">
      <p>{text}</p>
      <div className="form-actions">
        <button type="button" className="button button--secondary" data-testid="discard-changes-discard" onClick={onDiscard}>
          {t('unsaved.discard')}
        </button>
        <button type="button" className="button button--primary" data-autofocus data-testid="discard-changes-keep" onClick={onKeep}>
          {t('unsaved.keep')}
        </button>
      </div>
    </Dialog>
  );
}

export function Dialog({ title, onClose, testId, size = 'medium', hideTitle = false, dirty = false, busy = false, children }: DialogProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const pressedOnBackdrop = useRef(false);
  const titleId = useId();
  const closing = useRef(onClose);
  closing.current = onClose;
  // "Discard your unsaved changes?" shown; 'discarded': answered so, closed once the question is gone (and the
  // focus back in this dialog, which gives it back to its opener then).
  const [asking, setAsking] = useState<'no' | 'asking' | 'discarded'>('no');
  const held = useRef({ dirty, busy });
  held.current = { dirty, busy };
  // A lock drops it with the workspace, and a reload with the page: the lock screen and beforeunload ask after it.
  useReportDirtyDialog(dirty);
  // The last Esc ended an input method's composition: the cancel event it may bring neither closes nor asks.
  const composingEscape = useRef(false);
  const dismiss = useCallback(() => {
    if (held.current.busy) return;
    if (held.current.dirty) setAsking('asking');
    else closing.current();
  }, []);
  const dismissal = useMemo<Dismissal>(() => ({ dismiss, busy }), [dismiss, busy]);

  useEffect(() => {
    if (asking === 'discarded') closing.current();
  }, [asking]);

  useLayoutEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    const opener = document.activeElement;
    if (!dialog.open) dialog.showModal();
    // The toasts come inside the dialog on top while it is open: outside it they would be inert, unheard and out of reach.
    const leaveModals = reportOpenModal(dialog);
    // showModal() focuses the first focusable element, which is the close
    // button; the first field of the body is where the user wants to type, unless the body names what
    // takes the focus (data-autofocus: a question whose answer is its default button).
    (
      dialog.querySelector<HTMLElement>('.dialog__body [data-autofocus]') ??
      dialog.querySelector<HTMLElement>('.dialog__body input:not([type="hidden"]), .dialog__body select, .dialog__body textarea')
    )?.focus();
    const onNativeClose = () => closing.current();
    // An Esc that did not reach the dialog's keydown (the focus left on the page's body): the browser's own close.
    const onCancel = (event: Event) => {
      const composed = composingEscape.current;
      composingEscape.current = false;
      // Busy (saving): nothing closes it, Esc neither (before, only unsaved input held it here).
      if ((!held.current.dirty && !held.current.busy) || !event.cancelable) return;
      event.preventDefault();
      if (!composed) dismiss();
    };
    const onKeyDown = (event: KeyboardEvent) => {
      // A key of a dialog inside this one, or over it (the question, drawn elsewhere), is that dialog's own. One
      // pressed with the focus off every control (on the page's body, as a blur leaves it) is the top dialog's Esc:
      // left to the browser, a second Esc while saving was not refusable (once per user activation) and closed it,
      // the save still running.
      const within = event.target instanceof Element ? event.target.closest('dialog') : null;
      if (within !== dialog && !(within === null && event.key === 'Escape' && currentTopModal() === dialog)) return;
      // Esc's default action is the native close (it does not wait for onClose's say).
      // An Esc a control inside took for itself (a picker's list closing, preventDefault) does not close it either.
      if (event.key === 'Escape' && !event.defaultPrevented) {
        const { dirty, busy } = held.current;
        composingEscape.current = isComposing({ nativeEvent: event });
        if (busy || (dirty && !composingEscape.current)) event.preventDefault();
        if (dirty && !busy && !composingEscape.current) setAsking('asking');
      }
      if (event.key !== 'Tab' || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      const wrapTo = wrapTarget(dialog, event.shiftKey);
      if (wrapTo === undefined) return;
      event.preventDefault();
      wrapTo?.focus();
    };
    dialog.addEventListener('close', onNativeClose);
    dialog.addEventListener('cancel', onCancel);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      dialog.removeEventListener('close', onNativeClose);
      dialog.removeEventListener('cancel', onCancel);
      document.removeEventListener('keydown', onKeyDown);
      leaveModals();
      if (dialog.open) dialog.close();
      // Should the browser not have put focus back (an opener re-rendered meanwhile), do it here; an opener gone
      // meanwhile (a toast's Undo whose toast left) leaves it on the page's main region, not on the body, where a
      // keyboard or screen-reader user starts again from the top.
      // (Still inside the closed dialog, the focus falls to the body once React takes the dialog away.)
      if (document.activeElement !== document.body && !dialog.contains(document.activeElement)) return;
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
      else document.querySelector<HTMLElement>('main')?.focus({ preventScroll: true });
    };
  }, [dismiss]);

  return (
    <dialog
      ref={ref}
      className={`dialog dialog--${size}`}
      aria-labelledby={titleId}
      data-testid={testId}
      onMouseDown={(event) => {
        pressedOnBackdrop.current = onBackdropAt(event.currentTarget, event);
      }}
      onClick={(event) => {
        // A click on the backdrop lands on the <dialog> itself, outside its box.
        const onBackdrop = onBackdropAt(event.currentTarget, event) && pressedOnBackdrop.current;
        pressedOnBackdrop.current = false;
        if (onBackdrop && !dirty && !busy) ref.current?.close();
      }}
    >
      <div className="dialog__frame">
        <header className={hideTitle ? 'dialog__header dialog__header--bare' : 'dialog__header'}>
          <h2 id={titleId} className={hideTitle ? 'visually-hidden' : undefined}>
            {title}
          </h2>
          {hideTitle ? null : (
            <button
              type="button"
              className="button button--ghost button--icon"
              aria-label={t('action.close')}
              aria-disabled={busy}
              onClick={dismissal.dismiss}
            >
              <Icon name="close" />
            </button>
          )}
        </header>
        <div className="dialog__body">
          <DismissContext.Provider value={dismissal}>{children}</DismissContext.Provider>
        </div>
      </div>
      <ToastAnnouncer place="dialog" />
      {asking === 'asking'
        ? createPortal(<DiscardQuestion text={t('unsaved.dialogText')} onKeep={() => setAsking('no')} onDiscard={() => setAsking('discarded')} />, document.body)
        : null}
    </dialog>
  );
}
