// The right-click menu. Electron shows none of its own, so a rep could not
// right-click Paste into a form, or Copy a phone number from a record page
// (the headless shell's browser has its menu). The menu offers only edit
// commands, each as Electron's role (which does the work in the page) with a
// label of our own in the UI's language (shell-text.ts): a role's own label is
// English on every platform, so a Chinese UI showed "Copy". Each is enabled as
// Chromium's edit flags say: Copy is off in a password field, Paste with
// nothing to paste. No "Inspect", no "Open link", no spelling entries (the
// spellchecker is off: window.ts).
import type { ContextMenuParams, MenuItemConstructorOptions } from 'electron';
import type { ShellText } from './shell-text';

/** What of Electron's context-menu params the menu reads. */
export type MenuParams = Pick<ContextMenuParams, 'isEditable' | 'selectionText' | 'editFlags'>;

/** The edit commands' words, in the UI's language. */
export type EditText = ShellText['edit'];

/** The menu for a right-click with these params, worded by `text`; null where there is nothing to offer (no menu opens). */
export function contextMenuItems(params: MenuParams, text: EditText): MenuItemConstructorOptions[] | null {
  const flags = params.editFlags;
  if (params.isEditable) {
    return [
      { role: 'undo', label: text.undo, enabled: flags.canUndo },
      { role: 'redo', label: text.redo, enabled: flags.canRedo },
      { type: 'separator' },
      { role: 'cut', label: text.cut, enabled: flags.canCut },
      { role: 'copy', label: text.copy, enabled: flags.canCopy },
      { role: 'paste', label: text.paste, enabled: flags.canPaste },
      { type: 'separator' },
      { role: 'selectAll', label: text.selectAll, enabled: flags.canSelectAll },
    ];
  }
  if (params.selectionText.trim() !== '' && flags.canCopy) return [{ role: 'copy', label: text.copy }];
  return null;
}

interface MenuContents {
  on(event: 'context-menu', listener: (event: unknown, params: MenuParams) => void): unknown;
}

/**
 * Opens the menu on every right-click of `contents`, worded by `text` (asked at each right-click, so a language
 * chosen in Settings since counts); `popup` builds and shows it (window.ts: Menu.buildFromTemplate(…).popup).
 */
export function attachContextMenu(contents: MenuContents, text: () => EditText, popup: (items: MenuItemConstructorOptions[]) => void): void {
  contents.on('context-menu', (_event, params) => {
    const items = contextMenuItems(params, text());
    if (items !== null) popup(items);
  });
}
