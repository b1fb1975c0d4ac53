// The right-click menu. Electron shows none of its own, so a rep could not
// right-click Paste into a form, or Copy a phone number from a record page
// (the headless shell's browser has its menu). The menu offers only edit
// commands, each as Electron's role (which does the work in the page and
// keeps the platform's labels) and enabled as Chromium's edit flags say:
// Copy is off in a password field, Paste with nothing to paste. No "Inspect",
// no "Open link", no spelling entries (the spellchecker is off: window.ts).
import type { ContextMenuParams, MenuItemConstructorOptions } from 'electron';

/** What of Electron's context-menu params the menu reads. */
export type MenuParams = Pick<ContextMenuParams, 'isEditable' | 'selectionText' | 'editFlags'>;

/** The menu for a right-click with these params; null where there is nothing to offer (no menu opens). */
export function contextMenuItems(params: MenuParams): MenuItemConstructorOptions[] | null {
  const flags = params.editFlags;
  if (params.isEditable) {
    return [
      { role: 'undo', enabled: flags.canUndo },
      { role: 'redo', enabled: flags.canRedo },
      { type: 'separator' },
      { role: 'cut', enabled: flags.canCut },
      { role: 'copy', enabled: flags.canCopy },
      { role: 'paste', enabled: flags.canPaste },
      { type: 'separator' },
      { role: 'selectAll', enabled: flags.canSelectAll },
    ];
  }
  if (params.selectionText.trim() !== '' && flags.canCopy) return [{ role: 'copy' }];
  return null;
}

interface MenuContents {
  on(event: 'context-menu', listener: (event: unknown, params: MenuParams) => void): unknown;
}

/** Opens the menu on every right-click of `contents`; `popup` builds and shows it (main: Menu.buildFromTemplate(…).popup). */
export function attachContextMenu(contents: MenuContents, popup: (items: MenuItemConstructorOptions[]) => void): void {
  contents.on('context-menu', (_event, params) => {
    const items = contextMenuItems(params);
    if (items !== null) popup(items);
  });
}
