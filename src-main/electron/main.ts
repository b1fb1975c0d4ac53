// Composition root of the Electron shell: builds the shared core, and owns
// the app lifecycle around it (single instance, sandbox, app:// protocol, the
// window and its IPC binding, OS lock and suspend, closing the vault on quit).
import path from 'node:path';
import { app, dialog, Menu, powerMonitor, session, type BrowserWindow } from 'electron';
import { createCore, type Core } from '../app/core';
import { resolveDataDir } from '../app/data-dir';
import type { InstanceLock } from '../app/instance-lock';
import { keychainService } from '../app/keychain-service';
import { guardProcess } from '../app/process-guard';
import { KeytarKeyStore } from '../keychain/keytar.key-store';
import { createLogger, type Logger } from '../log/logger';
import { applicationMenuTemplate } from './app-menu';
import { lockDataFolder } from './data-folder-lock';
import { bindIpc } from './ipc-binding';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { lockOnRendererCrash } from './renderer-crash';
import { isTrustedSender } from './sender-check';
import { shellTextFor, type ShellText } from './shell-text';
import { askBeforeUnload } from './unload-question';
import { createMainWindow, hardenSession, hardenWebContents } from './window';

type ShellLockReason = 'screen-lock' | 'suspend' | 'user';

// Both must happen before 'ready'. enableSandbox() sandboxes every renderer,
// including any created without our webPreferences.
app.enableSandbox();
registerAppScheme();

/** The words of the shell's own dialogs, in the language chosen in Settings (read now), else the OS's. */
function dialogText(dataDir: string, log: Logger): ShellText {
  // Before 'ready' the app's locale may be empty (the lock error box): the OS's languages follow it.
  return shellTextFor(dataDir, [app.getLocale(), ...app.getPreferredSystemLanguages()], log);
}

/** The menu in the language chosen in Settings now (app-menu.ts); its bar is hidden on Windows and Linux (window.ts). */
function setApplicationMenu(dataDir: string, log: Logger): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenuTemplate(process.platform, dialogText(dataDir, log))));
}

function start(core: Core, log: Logger, dataDir: string): void {
  let mainWindow: BrowserWindow | null = null;
  /** A quit asked for (Cmd+Q, the Dock): "Leave" on the unsaved-typing question quits rather than only closing. */
  let quitting = false;
  app.on('before-quit', () => {
    quitting = true;
  });

  /** Settles once the vault is locked, or the lock failed (logged): never rejects. */
  const lockVault = (reason: ShellLockReason): Promise<void> =>
    core.vault.lock(reason).catch(() => log.log('error', 'electron.lock_failed', { reason }));

  const openWindow = (): void => {
    const window = createMainWindow({
      preloadPath: path.join(app.getAppPath(), 'build', 'electron', 'preload.cjs'),
      log,
      menuText: () => dialogText(dataDir, log).edit,
    });
    const unbindIpc = bindIpc(core, window);
    // A crashed renderer left a blank window over the open vault: it locks, and the page comes back locked
    // (reloaded once the lock has settled: before, the reload could beat the lock and show the workspace).
    lockOnRendererCrash(window.webContents, () => lockVault('user'), {
      log,
      // Crashing again and again: said, with a way on, rather than a blank window.
      onGaveUp: () => {
        const text = dialogText(dataDir, log).crashed;
        const choice = dialog.showMessageBoxSync(window, {
          type: 'error',
          message: text.message,
          detail: text.detail,
          buttons: [text.reload, text.quit],
          defaultId: 0,
          cancelId: 1,
        });
        if (choice === 0 && !window.webContents.isDestroyed()) window.webContents.reload();
        else app.quit();
      },
    });
    // The page's beforeunload asks before closing drops unsaved typing (router.tsx); the question does not
    // block the main process, so the idle and OS locks still lock while it is up (unload-question.ts).
    askBeforeUnload(
      window.webContents,
      async () => {
        const text = dialogText(dataDir, log).unsaved;
        const { response } = await dialog.showMessageBox(window, {
          type: 'question',
          message: text.message,
          detail: text.detail,
          buttons: [text.leave, text.keepEditing],
          defaultId: 1,
          cancelId: 1,
        });
        // "Keep editing" also called off the quit that asked (Electron cancels it with the close).
        if (response !== 0) quitting = false;
        return response === 0;
      },
      () => {
        if (quitting) app.quit();
        else if (!window.isDestroyed()) window.close();
      },
    );
    window.on('closed', () => {
      unbindIpc();
      mainWindow = null;
      // On macOS the app outlives its window; nobody is looking at the data
      // any more, so the vault locks rather than waiting for the idle timer.
      void lockVault('user');
    });
    mainWindow = window;
  };

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));

  app.on('second-instance', () => {
    // No window (macOS, after closing it): a second launch opens one, as clicking the Dock icon does.
    if (mainWindow === null) {
      if (app.isReady()) openWindow();
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (mainWindow === null && app.isReady()) openWindow();
  });

  // The vault is closed and its keys zeroed before the process exits. Quit
  // waits for it once; a second will-quit (from our own app.quit()) passes.
  let closing: Promise<void> | null = null;
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closing ??= core
      .close()
      .catch(() => log.log('error', 'electron.core_close_failed', {}))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });

  app
    .whenReady()
    .then(() => {
      hardenSession(session.defaultSession);
      handleAppProtocol(path.join(app.getAppPath(), 'build', 'renderer'));
      // Whoever can reach the laptop once it is locked or asleep must not
      // find an open vault (ARCHITECTURE.md, "Local vault and keys").
      powerMonitor.on('lock-screen', () => void lockVault('screen-lock'));
      powerMonitor.on('suspend', () => void lockVault('suspend'));
      // macOS fast user switching: another user now has the screen.
      powerMonitor.on('user-did-resign-active', () => void lockVault('screen-lock'));
      // Not Electron's default menu (English, with Reload and Developer Tools). A language chosen in
      // Settings since reaches macOS's menu bar the next time the window takes the focus.
      setApplicationMenu(dataDir, log);
      if (process.platform === 'darwin') app.on('browser-window-focus', () => setApplicationMenu(dataDir, log));
      openWindow();
    })
    .catch(() => {
      log.log('error', 'electron.start_failed', {});
      app.quit();
    });
}

/** The data folder's own lock (instance-lock.ts), which the headless shell takes too; null (and a message) when it is held or cannot be written. */
function lockOrSay(dataDir: string, log: Logger): InstanceLock | null {
  const locked = lockDataFolder(dataDir, () => dialogText(dataDir, log), log);
  if ('lock' in locked) return locked.lock;
  dialog.showErrorBox('FieldVault', locked.problem);
  return null;
}

// One process per user: two would open the same SQLCipher vault and keep
// two separate failed-unlock counters. Electron's lock does not see the
// headless shell, so the data folder's lock is taken too: with both shells on
// one vault, a key rotation in one left the other writing under the old key.
const dataDir = resolveDataDir();
// A data folder of its own (FIELDVAULT_DATA_DIR: the demo, a second profile) gets Electron's profile and single-
// instance lock of its own too, inside it: else the demo's app shared them with the user's real FieldVault, and
// whichever started second quit. Without the override Electron's default stays, so an installed app keeps its profile.
const dataDirOverride = process.env['FIELDVAULT_DATA_DIR'];
if (dataDirOverride !== undefined && dataDirOverride.trim() !== '') app.setPath('userData', path.join(dataDir, 'electron'));
const log = createLogger();
const folderLock = app.requestSingleInstanceLock() ? lockOrSay(dataDir, log) : null;
if (folderLock !== null) {
  process.once('exit', () => folderLock.release());
  guardProcess(log);
  const core = createCore({
    dataDir,
    keyStore: new KeytarKeyStore(keychainService()),
    log,
    isTrustedSender,
  });
  start(core, log, dataDir);
} else {
  app.quit();
}
