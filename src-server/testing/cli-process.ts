// Test support: the real `fieldvault-server` command line in a child process.
// `runCli` runs a command to its end (killed after a timeout, so a command
// that wrongly starts serving fails the test instead of hanging it); the
// umask is 022, as on a typical server, so file modes are the code's doing.
// `startServe` waits for serve's ready line and stops it with SIGTERM.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const main = join(import.meta.dirname, '..', 'cli', 'main.ts');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** The child's whole environment (default: this process's, without FIELDVAULT_DATABASE_URL). */
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
  /** A module the child imports before the command line runs (e.g. no-ipv6.ts). */
  readonly preload?: string;
}

function defaultEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.FIELDVAULT_DATABASE_URL;
  return env;
}

function spawnCli(args: readonly string[], options: CliOptions) {
  const preload = options.preload === undefined ? [] : ['--import', options.preload];
  // `exec` keeps one process, so a signal reaches node itself.
  return spawn('/bin/sh', ['-c', 'umask 022 && exec "$@"', 'sh', process.execPath, '--import', 'tsx', ...preload, main, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: options.env ?? defaultEnv(),
  });
}

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawnCli(args, options);
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface ServingCli {
  readonly readyLine: string;
  /** The serving node process's id. */
  readonly pid: number;
  /** What the process wrote to stderr so far (its JSON log lines). */
  stderr(): string;
  stop(): Promise<number | null>;
}

export function startServe(args: readonly string[], options: CliOptions = {}): Promise<ServingCli> {
  const child = spawnCli(['serve', ...args], options);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('serve did not get ready'));
    }, options.timeoutMs ?? 30_000);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${String(code)}) before it was ready: ${stderr}`));
    });
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const end = stdout.indexOf('\n');
      if (end < 0) return;
      clearTimeout(timer);
      resolve({
        readyLine: stdout.slice(0, end),
        pid: child.pid ?? 0,
        stderr: () => stderr,
        stop: () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    });
  });
}
