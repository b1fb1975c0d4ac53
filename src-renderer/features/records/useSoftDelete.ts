// Soft delete with Undo: `<entity>.delete` moves the record to the trash, a
// toast offers Undo for a few seconds, and Undo calls `<entity>.restore`.
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../ui/error-text';
import { useToasts } from '../../ui/toasts';
import type { EntityKind } from '../../app/router';

export interface SoftDeleteOptions {
  readonly kind: EntityKind;
  readonly remove: () => Promise<unknown>;
  readonly restore: () => Promise<unknown>;
  /** After the delete succeeded (e.g. leave the page). */
  readonly onDeleted: () => void;
  /** After Undo brought the record back. */
  readonly onRestored: () => void;
}

export function useSoftDelete(options: SoftDeleteOptions): () => Promise<void> {
  const { t } = useTranslation();
  const toasts = useToasts();
  const { kind, remove, restore, onDeleted, onRestored } = options;

  return useCallback(async () => {
    try {
      await remove();
    } catch (error) {
      toasts.show({ message: errorText(error), tone: 'error' });
      return;
    }
    onDeleted();
    toasts.show({
      message: t(`entity.${kind}.deleted`),
      testId: 'deleted-toast',
      action: {
        label: t('action.undo'),
        run: () => {
          restore().then(
            () => {
              toasts.show({ message: t(`entity.${kind}.restored`), tone: 'success', testId: 'restored-toast' });
              onRestored();
            },
            (error: unknown) => toasts.show({ message: errorText(error), tone: 'error' }),
          );
        },
      },
    });
  }, [kind, remove, restore, onDeleted, onRestored, t, toasts]);
}
