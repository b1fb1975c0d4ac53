// The application menu. Without one Electron installs its default, in English
// whatever the UI's language, with File/Edit/View/Window/Help, Reload (back
// into the workspace without the page's own checks) and Toggle Developer Tools.
// Windows and Linux get View alone (zoom in, out, actual size, full screen:
// without a menu their shortcuts, Ctrl+= / Ctrl+- / Ctrl+0 / F11, went too, and
// a rep who reads the page larger lost it), its bar hidden (window.ts): every
// other command is in the page, and Chromium does a field's Ctrl+C/V/Z itself.
// macOS always shows a menu bar, and there a field's Cmd+C/V/Z/A only work
// through an Edit menu's items, so it gets a small one in the UI's language
// (shell-text.ts): the app menu (About, Hide, Hide Others, Show All, Quit),
// Edit, View and Window (Minimize, Close).
// Electron's roles do the work and give the shortcuts (Cmd+Q, Cmd+H, Cmd+W…);
// the labels are ours, a role's own being English on every platform.
import type { MenuItemConstructorOptions } from 'electron';
import type { ShellText } from './shell-text';

/** The menu bar for `platform` (process.platform) worded by `text`. */
export function applicationMenuTemplate(platform: NodeJS.Platform, text: Pick<ShellText, 'edit' | 'menuBar'>): MenuItemConstructorOptions[] {
  const bar = text.menuBar;
  const edit = text.edit;
  const view: MenuItemConstructorOptions = {
    label: bar.view,
    submenu: [
      { role: 'zoomIn', label: bar.zoomIn },
      { role: 'zoomOut', label: bar.zoomOut },
      { role: 'resetZoom', label: bar.actualSize },
      { type: 'separator' },
      { role: 'togglefullscreen', label: bar.fullScreen },
    ],
  };
  if (platform !== 'darwin') return [view];
  return [
    {
      // macOS titles the first menu with the app's name whatever its label.
      label: 'FieldVault',
      submenu: [
        { role: 'about', label: bar.about },
        { type: 'separator' },
        { role: 'hide', label: bar.hide },
        { role: 'hideOthers', label: bar.hideOthers },
        { role: 'unhide', label: bar.showAll },
        { type: 'separator' },
        { role: 'quit', label: bar.quit },
      ],
    },
    {
      label: bar.edit,
      submenu: [
        { role: 'undo', label: edit.undo },
        { role: 'redo', label: edit.redo },
        { type: 'separator' },
        { role: 'cut', label: edit.cut },
        { role: 'copy', label: edit.copy },
        { role: 'paste', label: edit.paste },
        { role: 'selectAll', label: edit.selectAll },
      ],
    },
    view,
    {
      label: bar.window,
      submenu: [
        { role: 'minimize', label: bar.minimize },
        { role: 'close', label: bar.close },
      ],
    },
  ];
}
