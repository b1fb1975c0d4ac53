// Short notices at the bottom of the window ("Contact deleted · Undo"). A
// toast with an action stays a little longer so Undo can be reached by
// keyboard; the region is polite so screen readers announce each one.
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

  const dismiss = useCallback((id: number) => {
    setToasts((current) => current.filter((toast) => toast.id !== id));
  }, []);

  const show = useCallback(
    (toast: ToastInput) => {
      nextId.current += 1;
      const id = nextId.current;
      setToasts((current) => [...current.slice(-3), { ...toast, id }]);
      setTimeout(() => dismiss(id), toast.action === undefined ? plainMs : withActionMs);
    },
    [dismiss],
  );

  const value = useMemo<Toaster>(() => ({ show }), [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast--${toast.tone ?? 'info'}`} data-testid={toast.testId ?? 'toast'}>
            <span className="toast__message">{toast.message}</span>
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
