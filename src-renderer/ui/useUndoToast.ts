// A toast that offers Undo for what the user just did (a delete, a task ticked
// done): Undo runs the call that puts it back, then says so in a toast of its
// own (or shows why it could not) and tells the page, which reloads.
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from './error-text';
import { useToasts } from './toasts';

export interface UndoToast {
  readonly message: string;
  readonly testId: string;
  /** Puts back what the action changed. */
  readonly undo: () => Promise<unknown>;
  /** The toast shown once Undo has put it back. */
  readonly undone: { readonly message: string; readonly testId: string };
  /** After Undo put it back. */
  readonly onUndone: () => void;
}

export function useUndoToast(): (toast: UndoToast) => void {
  const { t } = useTranslation();
  const toasts = useToasts();
  return useCallback(
    ({ message, testId, undo, undone, onUndone }: UndoToast) => {
      toasts.show({
        message,
        testId,
        action: {
          label: t('action.undo'),
          run: () => {
            undo().then(
              () => {
                toasts.show({ message: undone.message, tone: 'success', testId: undone.testId });
                onUndone();
              },
              (error: unknown) => toasts.show({ message: errorText(error), tone: 'error' }),
            );
          },
        },
      });
    },
    [t, toasts],
  );
}
