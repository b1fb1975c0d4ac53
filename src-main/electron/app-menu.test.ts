// The application menu's template (the Electron binary cannot run here): not
// Electron's English default (Reload, Developer Tools); View alone on Windows
// and Linux (its bar hidden, zoom's shortcuts kept); on macOS app, Edit, View
// and Window menus; in the UI's language, each command an Electron role (its
// work and shortcut) with our label.
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { applicationMenuTemplate } from './app-menu';
import { shellTexts } from './shell-text';

/** A template as label → its items as role:label (a separator as '-'). */
function outline(template: MenuItemConstructorOptions[] | null): Record<string, string[]> | null {
  if (template === null) return null;
  return Object.fromEntries(
    template.map((menu) => {
      const submenu = Array.isArray(menu.submenu) ? menu.submenu : [];
      return [menu.label ?? '?', submenu.map((item) => (item.type === 'separator' ? '-' : `${item.role ?? '?'}:${item.label ?? ''}`))];
    }),
  );
}

describe('the application menu', () => {
  it('is View alone on Windows and Linux (zoom and full screen keep their shortcuts), in the UI\'s language', () => {
    for (const platform of ['win32', 'linux'] as const) {
      expect(outline(applicationMenuTemplate(platform, shellTexts.en))).toEqual({
        View: ['zoomIn:Zoom In', 'zoomOut:Zoom Out', 'resetZoom:Actual Size', '-', 'togglefullscreen:Toggle Full Screen'],
      });
      expect(outline(applicationMenuTemplate(platform, shellTexts['zh-CN']))).toEqual({ 视图: ['zoomIn:放大', 'zoomOut:缩小', 'resetZoom:实际大小', '-', 'togglefullscreen:切换全屏'] });
    }
  });

  it('is the app, Edit, View and Window menus on macOS, in English', () => {
    expect(outline(applicationMenuTemplate('darwin', shellTexts.en))).toEqual({
      FieldVault: ['about:About FieldVault', '-', 'hide:Hide FieldVault', 'hideOthers:Hide Others', 'unhide:Show All', '-', 'quit:Quit FieldVault'],
      Edit: ['undo:Undo', 'redo:Redo', '-', 'cut:Cut', 'copy:Copy', 'paste:Paste', 'selectAll:Select All'],
      View: ['zoomIn:Zoom In', 'zoomOut:Zoom Out', 'resetZoom:Actual Size', '-', 'togglefullscreen:Toggle Full Screen'],
      Window: ['minimize:Minimize', 'close:Close Window'],
    });
  });

  it('is worded in Chinese for a Chinese UI, roles unchanged (Cmd+C/V/Z/A work in fields through them)', () => {
    expect(outline(applicationMenuTemplate('darwin', shellTexts['zh-CN']))).toEqual({
      FieldVault: ['about:关于 FieldVault', '-', 'hide:隐藏 FieldVault', 'hideOthers:隐藏其他', 'unhide:全部显示', '-', 'quit:退出 FieldVault'],
      编辑: ['undo:撤销', 'redo:重做', '-', 'cut:剪切', 'copy:复制', 'paste:粘贴', 'selectAll:全选'],
      视图: ['zoomIn:放大', 'zoomOut:缩小', 'resetZoom:实际大小', '-', 'togglefullscreen:切换全屏'],
      窗口: ['minimize:最小化', 'close:关闭窗口'],
    });
  });

  it('offers no reload, developer tools or other item of Electron’s default menu', () => {
    const roles = [...applicationMenuTemplate('darwin', shellTexts.en), ...applicationMenuTemplate('linux', shellTexts.en)].flatMap((menu) => [menu.role, ...(Array.isArray(menu.submenu) ? menu.submenu.map((item) => item.role) : [])]);
    for (const role of ['reload', 'forceReload', 'toggleDevTools', 'viewMenu', 'fileMenu', 'editMenu', 'windowMenu', 'appMenu', 'help'] as const) expect(roles).not.toContain(role);
  });
});
