// Composition root of the headless shell: the same core as the Electron shell,
// reached from a real browser over a loopback WebSocket. Prints exactly one
// line, `FieldVault ready at http://127.0.0.1:PORT/#token=…`, when usable.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from '../app/core';
import { resolveDataDir } from '../app/data-dir';
import { acquireInstanceLock } from '../app/instance-lock';
import { keychainService } from '../app/keychain-service';
import { guardProcess } from '../app/process-guard';
import { KeytarKeyStore } from '../keychain/keytar.key-store';
import { createLogger } from '../log/logger';
import { headlessPort, pageGraceMs } from './port';
import { watchForSleep } from './sleep-watch';
import { startHeadlessServer } from './server';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main(): Promise<void> {
  const env = process.env;
  const log = createLogger();
  guardProcess(log);
  const port = headlessPort(env);
  const dataDir = resolveDataDir(env);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lock = acquireInstanceLock(dataDir);
  process.once('exit', () => lock.release());
  const core = createCore({
    dataDir,
    keyStore: new KeytarKeyStore(keychainService(env)),
    log,
    // The socket layer has already checked Origin, Host and token.
    isTrustedSender: (sender) => sender.transport === 'headless',
  });
  const lockVault = (reason: 'user' | 'suspend'): void => {
    core.vault.lock(reason).catch(() => log.log('error', 'headless.lock_failed', { reason }));
  };
  const server = await startHeadlessServer({
    registry: core.registry,
    events: core.events,
    log,
    rendererDir: env['FIELDVAULT_RENDERER_DIR'] ?? path.join(repoRoot, 'build', 'renderer'),
    port,
    // Nobody is looking at the data any more (the tab closed and did not come back): lock, as Electron does when its window closes.
    onLastPageGone: () => lockVault('user'),
    // A reloaded tab never learned the exports the old page ran: they stop (as in Electron's window).
    onPagesClosed: () => core.pageGone(),
    lastPageGraceMs: pageGraceMs(env),
  });
  // A laptop that slept: whoever opens it must not find an open vault (Electron hears powerMonitor's 'suspend').
  const stopWatchingSleep = watchForSleep(() => lockVault('suspend'));
  process.stdout.write(`FieldVault ready at ${server.url}\n`);

  let closing = false;
  const shutdown = (): void => {
    if (closing) return;
    closing = true;
    stopWatchingSleep();
    void Promise.all([server.close(), core.close()]).finally(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`FieldVault could not start: ${error instanceof Error ? error.message : 'unknown error'}\n`);
  process.exit(1);
});
