// Composition root of the Electron shell: builds the shared core, and owns
// the app lifecycle around it (single instance, sandbox, app:// protocol, the
// window and its IPC binding, OS lock and suspend, closing the vault on quit).
import path from 'node:path';
import { app, powerMonitor, session, type BrowserWindow } from 'electron';
import { createCore, type Core } from '../app/core';
import { resolveDataDir } from '../app/data-dir';
import { guardProcess } from '../app/process-guard';
import { KeytarKeyStore } from '../keychain/keytar.key-store';
import { createLogger, type Logger } from '../log/logger';
import { bindIpc } from './ipc-binding';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { isTrustedSender } from './sender-check';
import { createMainWindow, hardenSession, hardenWebContents } from './window';

type ShellLockReason = 'screen-lock' | 'suspend' | 'user';

// Both must happen before 'ready'. enableSandbox() sandboxes every renderer,
// including any created without our webPreferences.
app.enableSandbox();
registerAppScheme();

function start(core: Core, log: Logger): void {
  let mainWindow: BrowserWindow | null = null;

  const lockVault = (reason: ShellLockReason): void => {
    core.vault.lock(reason).catch(() => log.log('error', 'electron.lock_failed', { reason }));
  };

  const openWindow = (): void => {
    const window = createMainWindow({
      preloadPath: path.join(app.getAppPath(), 'build', 'electron', 'preload.cjs'),
      log,
    });
    const unbindIpc = bindIpc(core, window);
    window.on('closed', () => {
      unbindIpc();
      mainWindow = null;
      // On macOS the app outlives its window; nobody is looking at the data
      // any more, so the vault locks rather than waiting for the idle timer.
      lockVault('user');
    });
    mainWindow = window;
  };

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));

  app.on('second-instance', () => {
    if (mainWindow === null) return;
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
      powerMonitor.on('lock-screen', () => lockVault('screen-lock'));
      powerMonitor.on('suspend', () => lockVault('suspend'));
      // macOS fast user switching: another user now has the screen.
      powerMonitor.on('user-did-resign-active', () => lockVault('screen-lock'));
      openWindow();
    })
    .catch(() => {
      log.log('error', 'electron.start_failed', {});
      app.quit();
    });
}

// One process per user: two would open the same SQLCipher vault and keep
// two separate failed-unlock counters.
if (app.requestSingleInstanceLock()) {
  const log = createLogger();
  guardProcess(log);
  const core = createCore({
    dataDir: resolveDataDir(),
    keyStore: new KeytarKeyStore(),
    log,
    isTrustedSender,
  });
  start(core, log);
} else {
  app.quit();
}
