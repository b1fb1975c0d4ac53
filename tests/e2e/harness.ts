// End-to-end harness: starts the real headless shell (`node --import tsx
// src-main/headless/main.ts`) on a fresh data dir and a keychain service of its
// own, waits for its one "ready" line, and drives Debian's Chromium through
// playwright-core. It builds nothing: the test command runs `vite build` first.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const screenshotDir = path.join(repoRoot, 'docs', 'screenshots');
const rendererIndex = path.join(repoRoot, 'build', 'renderer', 'index.html');
const readyLine = /^FieldVault ready at (http:\/\/127\.0\.0\.1:(\d+))\/#token=([A-Za-z0-9_-]+)$/;
const startTimeoutMs = 60_000;

export function requireRendererBuild(): void {
  if (!existsSync(rendererIndex)) {
    throw new Error(
      `${path.relative(repoRoot, rendererIndex)} is missing. Build the renderer first: ` +
        '`npm run build:renderer` (npx vite build --config src-renderer/vite.config.ts).',
    );
  }
}

export interface HeadlessShell {
  /** The URL the shell printed, token included. */
  readonly url: string;
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  readonly dataDir: string;
  readonly keychainService: string;
  /** What the shell wrote to stderr so far (its structured log). */
  stderr(): string;
  stop(): Promise<void>;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Removes every keychain entry the shell wrote under its test service name (also: a keychain reset, for a test). */
export async function clearKeychainService(service: string): Promise<void> {
  const namespace: unknown = await import('keytar');
  const candidate: unknown =
    typeof namespace === 'object' && namespace !== null && 'default' in namespace ? namespace.default : namespace;
  if (typeof candidate !== 'object' || candidate === null) return;
  const find: unknown = Reflect.get(candidate, 'findCredentials');
  const remove: unknown = Reflect.get(candidate, 'deletePassword');
  if (typeof find !== 'function' || typeof remove !== 'function') return;
  const found: unknown = await Reflect.apply(find, candidate, [service]);
  if (!Array.isArray(found)) return;
  for (const entry of found) {
    const account: unknown = typeof entry === 'object' && entry !== null ? Reflect.get(entry, 'account') : undefined;
    if (typeof account === 'string') await Reflect.apply(remove, candidate, [service, account]);
  }
}

export async function startHeadlessShell(): Promise<HeadlessShell> {
  requireRendererBuild();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-e2e-'));
  const keychainService = `FieldVault-e2e-${randomBytes(6).toString('hex')}`;
  // FIELDVAULT_E2E_SHELL lets a developer point the suite at another entry
  // point (e.g. a bundled shell); by default it is the headless shell's source.
  const entry = process.env['FIELDVAULT_E2E_SHELL'] ?? path.join('src-main', 'headless', 'main.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: repoRoot,
    env: {
      ...process.env,
      FIELDVAULT_DATA_DIR: dataDir,
      FIELDVAULT_KEYCHAIN_SERVICE: keychainService,
      FIELDVAULT_PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // If the test process dies first, the shell must not outlive it.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, 10_000))) {
        child.kill('SIGKILL');
        await waitForExit(child, 5_000);
      }
    }
    try {
      await clearKeychainService(keychainService);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  };

  try {
    const match = await new Promise<RegExpExecArray>((resolve, reject) => {
      let stdout = '';
      const fail = (why: string): void =>
        reject(new Error(`The headless shell did not start: ${why}.\n--- stderr ---\n${stderr.slice(-4000)}`));
      const timer = setTimeout(() => fail(`no ready line within ${startTimeoutMs / 1000} s`), startTimeoutMs);
      child.once('error', (error) => fail(error.message));
      child.once('exit', (code, signal) => fail(`it exited (code ${String(code)}, signal ${String(signal)})`));
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        for (const line of stdout.split('\n').slice(0, -1)) {
          const found = readyLine.exec(line.trim());
          if (found !== null) {
            clearTimeout(timer);
            resolve(found);
            return;
          }
        }
      });
    });
    const [, origin, port, token] = match;
    if (origin === undefined || port === undefined || token === undefined) throw new Error('unreachable');
    return {
      url: `${origin}/#token=${token}`,
      origin,
      port: Number(port),
      token,
      dataDir,
      keychainService,
      stderr: () => stderr,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** `extraArgs`: more Chromium switches, e.g. to lift the frame-rate cap for a scrolling test. */
export function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      ...extraArgs,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, name), fullPage: true, animations: 'disabled' });
}

/** A plain page on another loopback origin, standing in for a hostile site. */
export async function startForeignOrigin(): Promise<{ readonly origin: string; close(): Promise<void> }> {
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>Some other site</title><p>Some other site</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface SocketProbe {
  /** true when the WebSocket handshake succeeded. */
  readonly opened: boolean;
  /** Raw messages the server sent. */
  readonly received: readonly string[];
  /** The close code, or null when the socket was still open at the deadline. */
  readonly closeCode: number | null;
}

/**
 * From inside `page`, opens a raw WebSocket to `url`, sends `messages` once it
 * opens, and reports what came back within `waitMs`.
 */
export function probeSocket(page: Page, url: string, messages: readonly unknown[], waitMs = 5_000): Promise<SocketProbe> {
  return page.evaluate(
    ({ url, messages, waitMs }) =>
      new Promise<SocketProbe>((resolve) => {
        const received: string[] = [];
        let opened = false;
        let socket: WebSocket;
        try {
          socket = new WebSocket(url);
        } catch {
          resolve({ opened, received, closeCode: -1 });
          return;
        }
        const timer = setTimeout(() => {
          resolve({ opened, received, closeCode: null });
          socket.close();
        }, waitMs);
        socket.addEventListener('open', () => {
          opened = true;
          for (const message of messages) socket.send(JSON.stringify(message));
        });
        socket.addEventListener('message', (event) => received.push(String(event.data)));
        socket.addEventListener('close', (event) => {
          clearTimeout(timer);
          resolve({ opened, received, closeCode: event.code });
        });
      }),
    { url, messages, waitMs },
  );
}
