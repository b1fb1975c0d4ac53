// The workspace's global shortcuts:
//   Ctrl/Cmd+K or /   global search        Ctrl/Cmd+L   lock
//   ?                 shortcut help         n            new record in the current list
//   s                 sync now              l            log an activity (a detail page's composer)
//   g then t/c/a/d/p/k/v/s                  go to a section
//   Ctrl/Cmd+Z        the newest Undo shown (not while typing: a field's own undo)
//   F6 / Shift+F6     into the newest toast and back out (also from a field, and in a dialog)
// Plain-letter shortcuts never fire while the user types in a field or while a
// dialog is open (Esc is the dialog's own: the native <dialog> handles it).
// Letters are read by their place when the layout's are not Latin (shortcutLetter).
import { useEffect, useRef } from 'react';
import { hasModifier, isTypingTarget, modalIsOpen, shortcutLetter, syncNowKey } from './keyboard';

export type GoTarget = 'today' | 'contacts' | 'accounts' | 'deals' | 'pipeline' | 'tasks' | 'activities' | 'settings';

export const goKeys: Readonly<Record<string, GoTarget>> = {
  t: 'today',
  c: 'contacts',
  a: 'accounts',
  d: 'deals',
  p: 'pipeline',
  k: 'tasks',
  v: 'activities',
  s: 'settings',
};

export interface ShortcutHandlers {
  readonly search: () => void;
  readonly lock: () => void;
  readonly help: () => void;
  readonly newRecord: () => void;
  readonly logActivity: () => void;
  readonly syncNow: () => void;
  readonly go: (target: GoTarget) => void;
  /** Ctrl/Cmd+Z: true when it pressed an Undo. */
  readonly undo: () => boolean;
  /** F6: true when it moved the focus. */
  readonly toasts: () => boolean;
}

/**
 * Keys that only change what the next key means: pressed alone they are no shortcut, and they leave a "g" chord
 * waiting (the help shows the letters as capitals: "Shift+G, Shift+T" sends a Shift keydown between the two).
 */
const bareModifiers = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'OS', 'CapsLock', 'Fn', 'FnLock', 'Hyper', 'Super', 'Symbol', 'SymbolLock', 'NumLock', 'ScrollLock']);

/** How long "g" waits for its second key. */
const chordMs = 1_500;

/** What the shortcuts read of a keydown (a KeyboardEvent; a plain object in the unit tests). */
export type ShortcutKeyEvent = Pick<
  KeyboardEvent,
  'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'repeat' | 'isComposing' | 'defaultPrevented' | 'target' | 'preventDefault'
>;

/** The window's keydown listener for `latest` handlers (read at each key), with its own "g" chord. */
export function shortcutListener(latest: { readonly current: ShortcutHandlers }): (event: ShortcutKeyEvent) => void {
  let chordStartedAt = 0;
  return (event) => {
    if (event.defaultPrevented || event.isComposing || bareModifiers.has(event.key)) return;
    // By its place on the keyboard when the layout's letters are not Latin: Ctrl+K on a Russian layout is "л".
    const key = shortcutLetter(event);
    const current = latest.current;

    if (event.key === 'F6' && !event.ctrlKey && !event.metaKey && !event.altKey) {
      // In a modal too: the toasts are drawn inside the dialog open on top (ui/toasts.tsx).
      if (current.toasts()) event.preventDefault();
      return;
    }
    if (hasModifier(event) && !event.altKey && !event.shiftKey) {
      if (key === 'z' && !isTypingTarget(event.target) && !modalIsOpen()) {
        // A held Ctrl+Z repeats its keydown: each repeat pressed the next-newest Undo too (two deletes undone for one).
        if (event.repeat) event.preventDefault();
        else if (current.undo()) event.preventDefault();
      } else if (key === 'l') {
        event.preventDefault();
        current.lock();
      } else if (key === 'k' && !modalIsOpen()) {
        event.preventDefault();
        current.search();
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTypingTarget(event.target) || modalIsOpen()) return;

    if (chordStartedAt > 0 && Date.now() - chordStartedAt < chordMs) {
      chordStartedAt = 0;
      const target = goKeys[key];
      if (target !== undefined) {
        event.preventDefault();
        current.go(target);
        return;
      }
      // Not a chord's second key ("g" then "n"): the chord ends and the key does what it does alone.
    }
    chordStartedAt = 0;
    if (key === 'g') {
      chordStartedAt = Date.now();
    } else if (event.key === '/') {
      event.preventDefault();
      current.search();
    } else if (event.key === '?') {
      event.preventDefault();
      current.help();
    } else if (key === 'n' && !event.shiftKey) {
      event.preventDefault();
      current.newRecord();
    } else if (key === 'l' && !event.shiftKey) {
      event.preventDefault();
      current.logActivity();
    } else if (key === syncNowKey.toLowerCase() && !event.shiftKey) {
      event.preventDefault();
      current.syncNow();
    }
  };
}

export function useShortcuts(handlers: ShortcutHandlers): void {
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    const onKeyDown = shortcutListener(latest);
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
