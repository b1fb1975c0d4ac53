// The words of the Electron shell's own dialogs (a window that keeps crashing,
// leaving typing unsaved, a data folder another FieldVault holds or that cannot be written) and menus (the
// right-click menu, the macOS menu bar: Electron's role items are labelled in English only), in the UI's
// language: the one chosen in Settings (preferences.json, read when the dialog
// is worded, so a choice made since launch counts), else the first supported
// one of the OS's, else English, as the renderer picks it (i18n.ts). The
// renderer's locale files cannot be imported here (main imports no renderer
// code), so the few strings live in this table, the Chinese in the register of
// src-renderer/app/locales/zh-CN.
import { pickLocale, type UiLocale } from '../../src-shared/ipc/preferences';
import type { Logger } from '../log/logger';
import { readPreferencesSync } from '../services/preferences/preferences-store';

export interface ShellText {
  readonly crashed: { readonly message: string; readonly detail: string; readonly reload: string; readonly quit: string };
  readonly unsaved: { readonly message: string; readonly detail: string; readonly leave: string; readonly keepEditing: string };
  /** Another process holds the data folder's lock; `file` is the lock file to delete if that process is not FieldVault. */
  readonly folderInUse: (pid: number, file: string) => string;
  /** The data folder could not be made or locked: no permission, a read-only or unavailable drive, a file in its place. */
  readonly folderNotWritable: (folder: string) => string;
  /** The edit commands: the right-click menu (context-menu.ts) and the macOS Edit menu (app-menu.ts). */
  readonly edit: { readonly undo: string; readonly redo: string; readonly cut: string; readonly copy: string; readonly paste: string; readonly selectAll: string };
  /** The menu bar's other words (app-menu.ts): macOS shows it; on Windows and Linux it is hidden, its View shortcuts kept. */
  readonly menuBar: {
    readonly about: string;
    readonly hide: string;
    readonly hideOthers: string;
    readonly showAll: string;
    readonly quit: string;
    readonly edit: string;
    readonly window: string;
    readonly minimize: string;
    readonly close: string;
    readonly view: string;
    readonly zoomIn: string;
    readonly zoomOut: string;
    readonly actualSize: string;
    readonly fullScreen: string;
  };
}

export const shellTexts: Readonly<Record<UiLocale, ShellText>> = {
  en: {
    crashed: {
      message: 'FieldVault’s window stopped working',
      detail: 'It crashed several times in a minute. The vault is locked. Reload the window to try again, or quit FieldVault.',
      reload: 'Reload',
      quit: 'Quit',
    },
    unsaved: {
      message: 'Leave without saving what you typed?',
      detail: 'Text you typed on this page has not been saved yet.',
      leave: 'Leave',
      keepEditing: 'Keep editing',
    },
    folderInUse: (pid, file) => `FieldVault is already running with this data folder (process ${pid}). Close it first; if it is not running, delete ${file}.`,
    folderNotWritable: (folder) =>
      `FieldVault cannot write to its data folder, ${folder}: this account may not change it, or its drive is read-only or not connected. Ask your IT team to give you write access to it, then start FieldVault again.`,
    edit: { undo: 'Undo', redo: 'Redo', cut: 'Cut', copy: 'Copy', paste: 'Paste', selectAll: 'Select All' },
    menuBar: {
      about: 'About FieldVault',
      hide: 'Hide FieldVault',
      hideOthers: 'Hide Others',
      showAll: 'Show All',
      quit: 'Quit FieldVault',
      edit: 'Edit',
      window: 'Window',
      minimize: 'Minimize',
      close: 'Close Window',
      view: 'View',
      zoomIn: 'Zoom In',
      zoomOut: 'Zoom Out',
      actualSize: 'Actual Size',
      fullScreen: 'Toggle Full Screen',
    },
  },
  'zh-CN': {
    crashed: {
      message: 'FieldVault 的窗口已停止工作',
      detail: '它在一分钟内崩溃了多次。保险库已锁定。请重新加载窗口再试一次，或退出 FieldVault。',
      reload: '重新加载',
      quit: '退出',
    },
    unsaved: {
      message: '不保存你输入的内容就离开？',
      detail: '你在本页输入的内容尚未保存。',
      leave: '离开',
      keepEditing: '继续编辑',
    },
    folderInUse: (pid, file) => `FieldVault 已在使用此数据文件夹运行（进程 ${pid}）。请先关闭它；如果它并未运行，请删除 ${file}。`,
    folderNotWritable: (folder) => `FieldVault 无法写入其数据文件夹 ${folder}：此帐户无权更改它，或它所在的驱动器为只读或未连接。请让 IT 团队为你开通该文件夹的写入权限，然后重新启动 FieldVault。`,
    edit: { undo: '撤销', redo: '重做', cut: '剪切', copy: '复制', paste: '粘贴', selectAll: '全选' },
    menuBar: {
      about: '关于 FieldVault',
      hide: '隐藏 FieldVault',
      hideOthers: '隐藏其他',
      showAll: '全部显示',
      quit: '退出 FieldVault',
      edit: '编辑',
      window: '窗口',
      minimize: '最小化',
      close: '关闭窗口',
      view: '视图',
      zoomIn: '放大',
      zoomOut: '缩小',
      actualSize: '实际大小',
      fullScreen: '切换全屏',
    },
  },
};

/** The dialogs' and menus' words for the language chosen in Settings, read from `dataDir` now; without a choice, by `systemLanguages`. */
export function shellTextFor(dataDir: string, systemLanguages: readonly string[], log: Logger): ShellText {
  const chosen = readPreferencesSync(dataDir, log).locale;
  return shellTexts[chosen ?? pickLocale(systemLanguages)];
}
