// Keyboard helpers shared by the shortcut handlers: platform modifier, the
// Delete key (a Mac laptop's "delete" key sends Backspace), and whether a key
// press belongs to a text field (where plain letters must type).
export function isMac(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
}

/** Ctrl on Windows and Linux, Cmd on macOS. */
export function hasModifier(event: Pick<KeyboardEvent, 'ctrlKey' | 'metaKey'>): boolean {
  return isMac() ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
}

export function modifierLabel(key: string): string {
  return isMac() ? `⌘${key}` : `Ctrl+${key}`;
}

/** Alt (⌥ on a Mac) with `key`, as the shortcut help names it. */
export function altLabel(key: string): string {
  return isMac() ? `⌥${key}` : `Alt+${key}`;
}

export function ariaShortcut(key: string): string {
  return isMac() ? `Meta+${key}` : `Control+${key}`;
}

/**
 * The key that deletes a selected thing (rows, a saved view): Delete, and on a Mac also Backspace (the key marked
 * "delete" on a Mac laptop; Delete there is Fn+delete). Never in a text field, where both keys edit the text, nor
 * with Ctrl or Option, which delete a word there.
 */
export function isDeleteKey(event: { readonly key: string; readonly target: EventTarget | null; readonly ctrlKey: boolean; readonly altKey: boolean }): boolean {
  if (isTypingTarget(event.target)) return false;
  if (event.key === 'Delete') return true;
  return event.key === 'Backspace' && isMac() && !event.ctrlKey && !event.altKey;
}

/** The Delete key as the shortcut help names it: ⌫ on a Mac (the key marked "delete"). */
export function deleteKeyLabel(): string {
  return isMac() ? '⌫' : 'Delete';
}

/** The Delete key for aria-keyshortcuts: Backspace too on a Mac. */
export function ariaDeleteShortcut(): string {
  return isMac() ? 'Delete Backspace' : 'Delete';
}

/**
 * The letter a shortcut reads from a key press, lower-cased: its key, unless that is not ASCII (a Russian or Greek
 * layout gives "л" for Ctrl+K, "γ" for g), then the Latin letter printed at that place on a US keyboard (its
 * code, KeyK → "k"), as the shortcuts are named in the help. A key with no letter place stays as it is.
 */
export function shortcutLetter(event: Pick<KeyboardEvent, 'key' | 'code'>): string {
  const key = event.key.toLowerCase();
  if (/^[\x20-\x7e]*$/.test(event.key)) return key;
  return /^Key([A-Z])$/.exec(event.code)?.[1]?.toLowerCase() ?? key;
}

/** The plain-letter shortcut of "Sync now" (useShortcuts). */
export const syncNowKey = 'S';

export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (!(target instanceof HTMLInputElement)) return false;
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type);
}

export function modalIsOpen(): boolean {
  return document.querySelector('dialog[open]') !== null;
}
