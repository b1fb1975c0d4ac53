// A modal dialog on the native <dialog> element: showModal() gives the focus
// trap, the inert background and Esc-to-close for free, and the browser
// returns focus to the opener when it closes. Mounted only while open; when
// it unmounts open (Save, Cancel), it is closed in a layout effect's cleanup,
// which runs before React removes the element: closed after removal, the
// browser would leave focus on the page's body. A
// click on the backdrop closes it only when the press started there too (a
// text selection dragged out of a field ends on the backdrop), and never while
// it holds unsaved input (`dirty`): then only Esc, × or Cancel close it.
import { useId, useLayoutEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './icons';

export interface DialogProps {
  readonly title: string;
  readonly onClose: () => void;
  readonly testId: string;
  readonly size?: 'small' | 'medium' | 'large';
  /** Visually hide the title (it still names the dialog for screen readers). */
  readonly hideTitle?: boolean;
  /** Holds input that closing would lose: the backdrop does not close it. */
  readonly dirty?: boolean;
  readonly children: ReactNode;
}

export function Dialog({ title, onClose, testId, size = 'medium', hideTitle = false, dirty = false, children }: DialogProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const pressedOnBackdrop = useRef(false);
  const titleId = useId();
  const closing = useRef(onClose);
  closing.current = onClose;

  useLayoutEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    const opener = document.activeElement;
    if (!dialog.open) dialog.showModal();
    // showModal() focuses the first focusable element, which is the close
    // button; the first field of the body is where the user wants to type.
    dialog.querySelector<HTMLElement>('.dialog__body input:not([type="hidden"]), .dialog__body select, .dialog__body textarea')?.focus();
    const onNativeClose = () => closing.current();
    dialog.addEventListener('close', onNativeClose);
    return () => {
      dialog.removeEventListener('close', onNativeClose);
      if (dialog.open) dialog.close();
      // Should the browser not have put focus back (an opener re-rendered meanwhile), do it here.
      if (document.activeElement === document.body && opener instanceof HTMLElement && opener.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`dialog dialog--${size}`}
      aria-labelledby={titleId}
      data-testid={testId}
      onMouseDown={(event) => {
        pressedOnBackdrop.current = event.target === event.currentTarget;
      }}
      onClick={(event) => {
        // A click on the backdrop lands on the <dialog> itself.
        const onBackdrop = event.target === event.currentTarget && pressedOnBackdrop.current;
        pressedOnBackdrop.current = false;
        if (onBackdrop && !dirty) ref.current?.close();
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
              onClick={() => ref.current?.close()}
            >
              <Icon name="close" />
            </button>
          )}
        </header>
        <div className="dialog__body">{children}</div>
      </div>
    </dialog>
  );
}
