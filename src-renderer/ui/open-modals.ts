// The modal dialogs open now (Dialog's showModal), in the order they were opened, which is their order in the
// browser's top layer: the last is the one on top. While one is open, showModal makes everything outside it
// inert, so what must still be heard and reached then (the toasts) is drawn inside the top one
// (useTopModal). A module-level store rather than a context: a dialog portalled to the body (the "Discard
// your unsaved changes?" question) and the toasts sit in different branches of the tree.
import { useSyncExternalStore } from 'react';

let opened: readonly HTMLDialogElement[] = [];
const listeners = new Set<() => void>();

function changed(next: readonly HTMLDialogElement[]): void {
  opened = next;
  for (const listener of listeners) listener();
}

/** Counts `dialog` among the open modals, on top of the others; the function returned takes it off. */
export function reportOpenModal(dialog: HTMLDialogElement): () => void {
  changed([...opened.filter((other) => other !== dialog), dialog]);
  return () => {
    if (opened.includes(dialog)) changed(opened.filter((other) => other !== dialog));
  };
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** The modal dialog on top now, read at the moment (a toast said later is said where it is heard then). */
export function currentTopModal(): HTMLDialogElement | null {
  return opened[opened.length - 1] ?? null;
}

/** The modal dialog on top now (everything outside it is inert), or null when none is open. */
export function useTopModal(): HTMLDialogElement | null {
  return useSyncExternalStore(subscribe, currentTopModal);
}
