// The demo's sync server, driven through the real `fieldvault-server`
// command line: `init` (first run only), `seed-demo` (idempotent), then
// `serve` as a child process whose one ready line is passed through. The
// server's JSON log lines go to a log file, and the last of them into the
// error when it cannot start.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { dataDirPaths } from '../../src-server/org/data-dir';
import type { DemoSettings } from './settings';

export class DemoError extends Error {
  override readonly name = 'DemoError';
}

const readyLine = /^Sync server ready at (https:\/\/127\.0\.0\.1:\d+) \(listening on [^)]+\)$/;

function cliArgs(settings: DemoSettings, args: readonly string[]): string[] {
  return [path.join(settings.repoRoot, 'bin', 'fieldvault-server.mjs'), ...args];
}

/** Keeps the last lines of a stream, for error messages. */
function tail(limit: number): { push(line: string): void; text(): string } {
  const lines: string[] = [];
  return {
    push(line) {
      lines.push(line);
      if (lines.length > limit) lines.shift();
    },
    text: () => lines.join('\n'),
  };
}

/** Hands each child process to the demo's stop list as it starts, so Ctrl+C (or a hang-up) stops it too. */
export type Adopt = (child: ChildProcess) => void;

/** Runs one command to completion; its stdout lines go to onLine. */
function runCommand(settings: DemoSettings, args: readonly string[], onLine: (line: string) => void, adopt: Adopt): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cliArgs(settings, args), { cwd: settings.repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    adopt(child);
    const errors = tail(20);
    readline.createInterface({ input: child.stdout }).on('line', onLine);
    readline.createInterface({ input: child.stderr }).on('line', (line) => errors.push(line));
    child.once('error', (error) => reject(new DemoError(`fieldvault-server ${args[0] ?? ''} could not run: ${error.message}`)));
    child.once('close', (code) => {
      if (code === 0) resolve();
      else reject(new DemoError(`fieldvault-server ${args[0] ?? ''} failed (exit code ${String(code)}):\n${errors.text()}`));
    });
  });
}

/**
 * Creates the demo organisation on the first run, then makes sure it holds the demo data; with `enrolmentBundle`
 * (the desktop still needs enrolling, desktop.ts) writes a one-time enrolment bundle too (the caller removes it).
 */
export async function prepareOrganisation(settings: DemoSettings, print: (line: string) => void, adopt: Adopt = () => undefined, enrolmentBundle = true): Promise<void> {
  if (!existsSync(path.join(settings.serverDir, 'config.json'))) {
    await runCommand(
      settings,
      ['init', '--data-dir', settings.serverDir, '--name', 'FieldVault Demo Org', '--admin', 'Demo Rep', '--port', String(settings.serverPort)],
      () => undefined, // its enrolment code is for an operator; the demo mints its own below
      // Not stopped midway: init writes config.json last, and a folder it left half-made is one the next init refuses.
      () => undefined,
    );
    print(`Created the demo organisation "FieldVault Demo Org" in ${settings.serverDir}`);
  }
  // init leaves the first admin's one-time code in server/enrolment-bundle.json, for an operator; the demo never uses
  // it (it enrols with the code seed-demo mints below), so that secret goes at once, and from folders made before too.
  await rm(dataDirPaths(settings.serverDir).bundle, { force: true });
  // seed-demo never writes over a file: a bundle a killed run left behind goes first.
  await rm(settings.bundlePath, { force: true });
  await runCommand(
    settings,
    ['seed-demo', '--data-dir', settings.serverDir, '--contacts', String(settings.contacts), ...(enrolmentBundle ? ['--enrolment-bundle', settings.bundlePath] : [])],
    (line) => {
      if (line.startsWith('Demo data:')) print(line);
    },
    adopt, // an interrupted seed completes the rest on the next run (demo-seed.ts)
  );
}

export interface ServerProcess {
  readonly child: ChildProcess;
  /** The served URL, at the ready line; rejects with a DemoError when the server cannot start. */
  readonly ready: Promise<string>;
  /** Resolves with the exit code when the server process ends. */
  readonly exited: Promise<number | null>;
}

/** Starts `fieldvault-server serve` on the port fixed at init; `ready` resolves at its ready line, which is printed. */
export function startServer(settings: DemoSettings, print: (line: string) => void, timeoutMs = 60_000): ServerProcess {
  const child = spawn(process.execPath, cliArgs(settings, ['serve', '--data-dir', settings.serverDir]), {
    cwd: settings.repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(settings.serverLog, { flags: 'a', mode: 0o600 });
  const errors = tail(10);
  readline.createInterface({ input: child.stderr }).on('line', (line) => {
    log.write(`${line}\n`);
    errors.push(line);
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => {
      log.end();
      resolve(code);
    }),
  );
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new DemoError(`The sync server did not get ready within ${timeoutMs / 1000} s:\n${errors.text()}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new DemoError(`The sync server could not run: ${error.message}`));
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(
        new DemoError(
          `The sync server could not start (exit code ${String(code)}):\n${errors.text()}\n` +
            `If its port is in use: the port is fixed when the demo folder is created; free it, or use another FIELDVAULT_DATA_DIR with FIELDVAULT_DEMO_SERVER_PORT.`,
        ),
      );
    });
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const match = readyLine.exec(line);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      print(line);
      resolve(match[1]);
    });
  });
  return { child, ready, exited };
}
