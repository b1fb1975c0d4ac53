// Short notices at the bottom of the window ("Contact deleted · Undo"). A
// toast with an action stays a little longer so Undo can be reached by
// keyboard, and no toast goes while the pointer is over them or focus is in
// them (their time left waits); the region is polite so screen readers
// announce each one, an error as an alert.
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './icons';

export interface ToastAction {
  readonly label: string;
  readonly run: () => void;
}

export interface ToastInput {
  readonly message: string;
  readonly tone?: 'info' | 'success' | 'error';
  readonly action?: ToastAction;
  readonly testId?: string;
}

interface ShownToast extends ToastInput {
  readonly id: number;
}

export interface Toaster {
  readonly show: (toast: ToastInput) => void;
}

const ToastContext = createContext<Toaster | null>(null);
const plainMs = 4_000;
const withActionMs = 8_000;

export function ToastProvider({ children }: { readonly children: ReactNode }) {
  const { t } = useTranslation();
  const [toasts, setToasts] = useState<readonly ShownToast[]>([]);
  const nextId = useRef(0);
  // Each toast's time left, and its timer while the toasts are not held.
  const clocks = useRef(new Map<number, { left: number; startedAt: number; timer: ReturnType<typeof setTimeout> | null }>());
  const hovered = useRef(false);
  const region = useRef<HTMLDivElement>(null);
  // Read when needed: a focused toast that is removed fires no blur.
  const held = useCallback(() => hovered.current || (region.current?.contains(document.activeElement) ?? false), []);

  const resumeLater = useRef<() => void>(() => undefined);

  const dismiss = useCallback((id: number) => {
    const clock = clocks.current.get(id);
    if (clock?.timer !== null && clock?.timer !== undefined) clearTimeout(clock.timer);
    clocks.current.delete(id);
    setToasts((current) => current.filter((toast) => toast.id !== id));
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

  const show = useCallback(
    (toast: ToastInput) => {
      nextId.current += 1;
      const id = nextId.current;
      setToasts((current) => [...current.slice(-3), { ...toast, id }]);
      clocks.current.set(id, { left: toast.action === undefined ? plainMs : withActionMs, startedAt: Date.now(), timer: null });
      if (!held()) run(id);
    },
    [held, run],
  );

  const value = useMemo<Toaster>(() => ({ show }), [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div
        ref={region}
        className="toasts"
        role="status"
        aria-live="polite"
        onMouseEnter={() => {
          hovered.current = true;
          hold();
        }}
        onMouseLeave={() => {
          hovered.current = false;
          resume();
        }}
        onFocus={hold}
        onBlur={(event) => {
          if (event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget)) return;
          // Focus is still on its way out while blur runs.
          setTimeout(resume, 0);
        }}
      >
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast--${toast.tone ?? 'info'}`} data-testid={toast.testId ?? 'toast'}>
            <span className="toast__message" role={toast.tone === 'error' ? 'alert' : undefined}>
              {toast.message}
            </span>
            {toast.action === undefined ? null : (
              <button
                type="button"
                className="toast__action"
                data-testid={`${toast.testId ?? 'toast'}-action`}
                onClick={() => {
                  toast.action?.run();
                  dismiss(toast.id);
                }}
              >
                {toast.action.label}
              </button>
            )}
            <button
              type="button"
              className="toast__close"
              aria-label={t('action.close')}
              onClick={() => dismiss(toast.id)}
            >
              <Icon name="close" size={14} />
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToasts(): Toaster {
  const toaster = useContext(ToastContext);
  if (toaster === null) throw new Error('useToasts() outside <ToastProvider>');
  return toaster;
}
