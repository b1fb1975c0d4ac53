// Soft delete with Undo: `<entity>.delete` moves the record to the trash, a
// toast offers Undo for a few seconds, and Undo calls `<entity>.restore`;
// a trashed record's own page restores it with useRestore. The page's unsaved
// typing (an inline edit, the composer) was of the record deleted: it goes
// with it, and leaving the page does not ask about it; Undo brings the record
// back, not the typing. A press while the delete is on its way does nothing.
// A delete that answers after the user left the page only offers Undo.
// Undo reopens the record only while the user is still on the page the delete
// left them on; pressed after they moved on (another contact, its composer
// typed in), it leaves them there and tells the page on screen, which reads
// the record back (its timeline shows the activity again). Before, it opened
// the record from wherever they were, and that page's typing asked to be
// discarded about a move the user never made. Nor does it reopen the record
// over typing done where the delete left them (the contact's composer): it
// leaves them and their typing there, and the page reads the record back.
import { useCallback, useRef } from 'react';
import { useToasts } from '../../ui/toasts';
import { useMounted } from '../../ui/useMounted';
import { useUndoToast } from '../../ui/useUndoToast';
import { entityOfKind, movesMade, useDropUnsavedChanges, useHasUnsavedChanges, type EntityKind } from '../../app/router';

export interface SoftDeleteOptions {
  readonly kind: EntityKind;
  readonly id: string;
  readonly remove: () => Promise<unknown>;
  readonly restore: () => Promise<unknown>;
  /** After the delete succeeded (e.g. leave the page). */
  readonly onDeleted: () => void;
  /** After Undo brought the record back, while the user is still where onDeleted left them (e.g. open the record again). */
  readonly onRestored: () => void;
}

export function useSoftDelete(options: SoftDeleteOptions): () => Promise<void> {
  const toasts = useToasts();
  const showUndo = useUndoToast();
  const dropDrafts = useDropUnsavedChanges();
  const unsavedNow = useHasUnsavedChanges();
  const mounted = useMounted();
  const { kind, id, remove, restore, onDeleted, onRestored } = options;

  // A second press (a double click, Enter held) while the delete is on its way asks nothing more: it was
  // refused "not found" beside the first one's Deleted toast.
  const deleting = useRef(false);
  return useCallback(async () => {
    if (deleting.current) return;
    deleting.current = true;
    try {
      await remove();
    } catch (error) {
      toasts.show({ message: { error }, tone: 'error' });
      return;
    } finally {
      deleting.current = false;
    }
    // Answered after the user left the page (a delete queued behind a sync): the page they are on now is not
    // the record's, and neither is its typing. Before, that typing was dropped and the list opened over it.
    // onDeleted makes one move (a Back arrives a moment later): the user is still where it left them while the
    // window has made no other. A delete that answered elsewhere left them nowhere: its Undo opens nothing.
    let leftOn: number | null = null;
    if (mounted.current) {
      dropDrafts();
      leftOn = movesMade() + 1;
      onDeleted();
    }
    const entity = entityOfKind[kind];
    showUndo({
      message: { key: `entity.${kind}.deleted` },
      testId: 'deleted-toast',
      undo: restore,
      undone: { message: { key: `entity.${kind}.restored` }, testId: 'restored-toast' },
      // Typed in where the delete left them (the contact's composer): opening the record would ask to discard
      // it; the `changed` announcement below puts the record back on that page instead.
      onUndone: () => {
        if (movesMade() === leftOn && !unsavedNow()) onRestored();
      },
      changed: { entities: [entity], ids: { [entity]: [id] } },
    });
  }, [kind, id, remove, restore, onDeleted, onRestored, toasts, showUndo, dropDrafts, unsavedNow, mounted]);
}

/**
 * The "Restore" button of a trashed record's page. Success and failure each
 * get a toast (a record removed meanwhile by sync answers NOT_FOUND); the
 * page reloads either way, so it shows what the vault now holds.
 */
export function useRestore(kind: EntityKind, restore: () => Promise<unknown>, reload: () => void): () => void {
  const toasts = useToasts();
  return useCallback(() => {
    restore().then(
      () => {
        toasts.show({ message: { key: `entity.${kind}.restored` }, tone: 'success', testId: 'restored-toast' });
        reload();
      },
      (error: unknown) => {
        toasts.show({ message: { error }, tone: 'error', testId: 'restore-failed' });
        reload();
      },
    );
  }, [kind, restore, reload, toasts]);
}
