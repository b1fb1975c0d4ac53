// The right-click menu against a stand-in webContents (the Electron binary
// cannot run here): edit commands in a field, enabled as Chromium's flags
// say; Copy alone over selected text of a page; no menu elsewhere; each
// labelled in the UI's language, not with Electron's English role label.
import { EventEmitter } from 'node:events';
import type { EditFlags, MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { attachContextMenu, contextMenuItems, type MenuParams } from './context-menu';
import { shellTexts } from './shell-text';

const noFlags: EditFlags = {
  canUndo: false,
  canRedo: false,
  canCut: false,
  canCopy: false,
  canPaste: false,
  canDelete: false,
  canSelectAll: false,
  canEditRichly: false,
};

class StandInContents extends EventEmitter {
  rightClick(params: MenuParams): void {
    this.emit('context-menu', {}, params);
  }
}

/** The menus popped up by right-clicks, as role → enabled (a separator as '-'). */
function menusShown(clicks: readonly MenuParams[]): string[][] {
  const contents = new StandInContents();
  const shown: MenuItemConstructorOptions[][] = [];
  attachContextMenu(contents, () => shellTexts.en.edit, (items) => shown.push(items));
  for (const click of clicks) contents.rightClick(click);
  return shown.map((items) => items.map((item) => (item.type === 'separator' ? '-' : `${item.role ?? '?'}:${item.enabled === false ? 'off' : 'on'}`)));
}

describe('the right-click menu', () => {
  it('offers the edit commands in a field, enabled as the field allows', () => {
    const typed: MenuParams = { isEditable: true, selectionText: '', editFlags: { ...noFlags, canUndo: true, canPaste: true, canSelectAll: true } };
    const password: MenuParams = { isEditable: true, selectionText: '', editFlags: { ...noFlags, canPaste: true, canSelectAll: true } };
    const selected: MenuParams = { isEditable: true, selectionText: 'x', editFlags: { ...noFlags, canCut: true, canCopy: true, canPaste: true, canSelectAll: true } };
    expect(menusShown([typed, password, selected])).toEqual([
      ['undo:on', 'redo:off', '-', 'cut:off', 'copy:off', 'paste:on', '-', 'selectAll:on'],
      // A password field: Chromium offers neither Cut nor Copy, nor does the menu.
      ['undo:off', 'redo:off', '-', 'cut:off', 'copy:off', 'paste:on', '-', 'selectAll:on'],
      ['undo:off', 'redo:off', '-', 'cut:on', 'copy:on', 'paste:on', '-', 'selectAll:on'],
    ]);
  });

  it('offers Copy over text selected on a page, and no menu where nothing is selected', () => {
    const page = (selectionText: string, canCopy: boolean): MenuParams => ({ isEditable: false, selectionText, editFlags: { ...noFlags, canCopy } });
    expect(menusShown([page('+49 30 1234567', true)])).toEqual([['copy:on']]);
    expect(menusShown([page('', false), page('  \n', true), page('hidden', false)])).toEqual([]);
  });

  it('labels every command in the UI’s language, asked at each right-click', () => {
    const field: MenuParams = { isEditable: true, selectionText: 'x', editFlags: { ...noFlags, canCopy: true, canPaste: true } };
    const labels = (items: MenuItemConstructorOptions[] | null) => (items ?? []).map((item) => (item.type === 'separator' ? '-' : `${item.role ?? '?'}:${item.label ?? ''}`));
    expect(labels(contextMenuItems(field, shellTexts['zh-CN'].edit))).toEqual(['undo:撤销', 'redo:重做', '-', 'cut:剪切', 'copy:复制', 'paste:粘贴', '-', 'selectAll:全选']);
    expect(labels(contextMenuItems(field, shellTexts.en.edit))).toEqual(['undo:Undo', 'redo:Redo', '-', 'cut:Cut', 'copy:Copy', 'paste:Paste', '-', 'selectAll:Select All']);
    const page: MenuParams = { isEditable: false, selectionText: '+49 30 1234567', editFlags: { ...noFlags, canCopy: true } };
    expect(labels(contextMenuItems(page, shellTexts['zh-CN'].edit))).toEqual(['copy:复制']);

    // The language is read at each right-click: one chosen in Settings since counts.
    const contents = new StandInContents();
    let language: 'en' | 'zh-CN' = 'en';
    const shown: string[][] = [];
    attachContextMenu(contents, () => shellTexts[language].edit, (items) => shown.push(labels(items)));
    contents.rightClick(page);
    language = 'zh-CN';
    contents.rightClick(page);
    expect(shown).toEqual([['copy:Copy'], ['copy:复制']]);
  });
});
