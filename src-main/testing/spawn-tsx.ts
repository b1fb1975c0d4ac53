// Test support: runs a TypeScript fixture in a fresh Node process through tsx.
// A fresh process matters for keychain tests: libsecret binds to the D-Bus
// session once per process, so a broken session can only be tried in a child.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, where `tsx` resolves for `node --import tsx`. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function spawnTsx(script: string, env: NodeJS.ProcessEnv, nodeArgs: readonly string[] = []): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: 'pipe',
  });
}

export interface TsxResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a fixture to completion (or kills it after timeoutMs) and collects its output. */
export function runTsx(
  script: string,
  env: NodeJS.ProcessEnv,
  options: { readonly timeoutMs?: number; readonly nodeArgs?: readonly string[] } = {},
): Promise<TsxResult> {
  const child = spawnTsx(script, env, options.nodeArgs);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
