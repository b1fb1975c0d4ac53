// FieldVault's window and the hardening of every web page the app creates:
// locked-down webPreferences, no navigation away from app://fieldvault, no new
// windows, no <webview>, no permissions, and external links only as https or http in
// the OS browser. The renderer is treated as untrusted (ARCHITECTURE.md).
import { app, BrowserWindow, Menu, shell, type Session, type WebContents } from 'electron';
import type { Logger } from '../log/logger';
import { appEntryUrl, externalUrl, isAppUrl } from './app-url';
import { attachContextMenu, type EditText } from './context-menu';

export interface MainWindowOptions {
  /** Absolute path of the bundled preload (build/electron/preload.cjs). */
  readonly preloadPath: string;
  readonly log: Logger;
  /** The right-click menu's words, in the UI's language now (main.ts: shell-text.ts). */
  readonly menuText: () => EditText;
}

/** Schemes a refused link is logged by; any other is "other" (what precedes a colon may be an address: "acme.example:8080"). */
const knownSchemes = new Set(['http', 'https', 'mailto', 'tel', 'file', 'smb', 'ftp', 'javascript', 'data', 'blob', 'about', 'chrome', 'devtools', 'ms-msdt', 'app']);

/** Scheme only, and only a known one: a URL may hold customer data (a contact's web page). */
function schemeOf(url: string): string {
  const colon = url.indexOf(':');
  const scheme = colon > 0 ? url.slice(0, colon).toLowerCase() : '';
  return knownSchemes.has(scheme) ? scheme : 'other';
}

/**
 * Opens a link in the OS browser when, and only when, it is plain https or http, or
 * a contact's mailto: or tel: in the mail or phone app (externalUrl). Any
 * other scheme handed to the OS (file:, smb:, ms-msdt:, custom app
 * handlers) can start programs or leak credentials.
 */
function openExternally(url: string, log: Logger): void {
  const safe = externalUrl(url);
  if (safe === null) {
    log.log('warn', 'electron.external_link_refused', { scheme: schemeOf(url) });
    return;
  }
  shell.openExternal(safe).catch(() => log.log('warn', 'electron.external_link_failed', {}));
}

/** No web permission is ever granted: FieldVault needs none of them. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/**
 * Applied to every webContents the app creates (main.ts hooks it to
 * 'web-contents-created'), so a window added later cannot forget it.
 */
export function hardenWebContents(contents: WebContents, log: Logger): void {
  // Navigation within app://fieldvault is the app; anything else is refused
  // in place, and an https, http, mailto: or tel: link is offered to the OS instead.
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    openExternally(event.url, log);
  });
  contents.on('will-redirect', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
  });
  // Subframes too: the CSP allows only 'self' frames, this is the second lock. It fires before will-navigate
  // and a navigation it prevents goes no further, so the main frame's are left to will-navigate (which hands
  // a mailto:, tel: or https link to the OS): refused here, a contact's email address did nothing.
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame || isAppUrl(event.url)) return;
    event.preventDefault();
  });
  // window.open / target=_blank never create a window.
  contents.setWindowOpenHandler((details) => {
    openExternally(details.url, log);
    return { action: 'deny' };
  });
  // webviewTag is off; this also stops a webview smuggled in some other way.
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.log('warn', 'electron.webview_refused', {});
  });
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'FieldVault',
    webPreferences: {
      // The renderer is untrusted: no Node, its own JS world, OS sandbox.
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // Middle-click must not open links in new windows (auxclick); the
      // window-open handler denies them anyway, this stops them earlier.
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      // The spellchecker stores learned words (customer names) in the
      // profile on disk and downloads dictionaries over the network.
      spellcheck: false,
      enableWebSQL: false,
      devTools: !app.isPackaged,
      preload: options.preloadPath,
    },
  });
  // Electron shows no right-click menu of its own: Cut, Copy, Paste (context-menu.ts).
  attachContextMenu(window.webContents, options.menuText, (items) => Menu.buildFromTemplate(items).popup({ window }));
  // Windows and Linux: the menu (app-menu.ts: View's zoom and full screen) keeps its shortcuts without a bar.
  if (process.platform !== 'darwin') window.setMenuBarVisibility(false);
  window.once('ready-to-show', () => window.show());
  window.loadURL(appEntryUrl).catch(() => options.log.log('error', 'electron.load_failed', {}));
  return window;
}
