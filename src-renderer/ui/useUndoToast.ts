// A toast that offers Undo for what the user just did (a delete, a task ticked
// done, an inline edit): Undo runs the call that puts it back, then says so in
// a toast of its own (or shows why it could not) and tells the page, which
// reloads. The records it changed are also announced to whatever page is on
// screen (app/local-changes.ts): Undo is pressed from the toast, often after
// the user has moved on (Ctrl+Z presses the newest), and the page that made
// the change may be gone; the one shown then went on showing the old state.
import { useCallback } from 'react';
import { announceLocalChange, type LocalChange } from '../app/local-changes';
import { useToasts } from './toasts';
import type { Words } from './words';

export interface UndoToast {
  readonly message: Words;
  readonly testId: string;
  /** What the toast reports (ToastInput's key): a newer toast of the same key takes its place, its Undo with it. */
  readonly key?: string;
  /**
   * Puts back what the action changed; resolves `'overtaken'` when it left things as they are (changed since), or an
   * `UndoRefused` when a rule refused what it would put back: its words are said, nothing was sent, nothing is announced.
   */
  readonly undo: () => Promise<unknown>;
  /** Said when the undo resolved `'overtaken'` (the page still hears onUndone, to show what is there now). */
  readonly overtaken?: { readonly message: Words; readonly testId: string };
  /** The toast shown once Undo has put it back. */
  readonly undone: { readonly message: Words; readonly testId: string };
  /** After Undo put it back. */
  readonly onUndone: () => void;
  /** The records Undo writes, announced once it has (or found them changed since). */
  readonly changed?: LocalChange;
}

/** What an undo resolves when a rule over the whole record refused the value it would put back. */
export interface UndoRefused {
  readonly refused: Words;
}

function isRefused(result: unknown): result is UndoRefused {
  return typeof result === 'object' && result !== null && 'refused' in result;
}

export function useUndoToast(): (toast: UndoToast) => void {
  const toasts = useToasts();
  return useCallback(
    ({ message, testId, key, undo, undone, overtaken, onUndone, changed }: UndoToast) => {
      toasts.show({
        message,
        testId,
        ...(key === undefined ? {} : { key }),
        action: {
          label: 'action.undo',
          run: () => {
            undo().then(
              (result) => {
                if (isRefused(result)) {
                  toasts.show({ message: result.refused, tone: 'error', testId: 'undo-refused-toast' });
                  return;
                }
                if (result === 'overtaken' && overtaken !== undefined) toasts.show({ message: overtaken.message, tone: 'error', testId: overtaken.testId });
                else toasts.show({ message: undone.message, tone: 'success', testId: undone.testId });
                if (changed !== undefined) announceLocalChange(changed);
                onUndone();
              },
              (error: unknown) => toasts.show({ message: { error }, tone: 'error' }),
            );
          },
        },
      });
    },
    [toasts],
  );
}
