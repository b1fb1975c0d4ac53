// The dialogs open now that hold unsaved input (Dialog's `dirty`), for what must know of the typing a lock or
// a reload would drop: the lock screen's "discarded" notice and the window's beforeunload question. Kept apart
// from the page's drafts (useUnsavedChanges): a New dialog's own create moves on to the record it made only
// while the page holds no drafts, and it must not count itself as one.
import { createContext, useCallback, useContext, useEffect } from 'react';

/** One token a dirty dialog open now; a Set, so that a dialog's effect run twice counts it once. */
export type DirtyDialogs = Set<symbol>;
export const DirtyDialogsContext = createContext<DirtyDialogs | null>(null);

/** Counts the calling dialog among the dirty ones while `dirty` is true and it is mounted. */
export function useReportDirtyDialog(dirty: boolean): void {
  const dialogs = useContext(DirtyDialogsContext);
  useEffect(() => {
    if (!dirty || dialogs === null) return;
    const token = Symbol('dirty dialog');
    dialogs.add(token);
    return () => {
      dialogs.delete(token);
    };
  }, [dirty, dialogs]);
}

/** Whether a dialog holding unsaved input is open now. */
export function useHasDirtyDialogs(): () => boolean {
  const dialogs = useContext(DirtyDialogsContext);
  return useCallback(() => dialogs !== null && dialogs.size > 0, [dialogs]);
}
