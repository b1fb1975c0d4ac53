// Test support: the headless shell as a real child process, with its own temp
// data folder and keychain service, and its ready URL parsed.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

export interface HeadlessProcess {
  readonly child: ChildProcess;
  readonly url: URL;
  readonly origin: string;
  readonly token: string;
  readonly dataDir: string;
  readonly keychainService: string;
  readonly stderr: () => string;
  stop(): Promise<void>;
}

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const readyLine = /^FieldVault ready at (http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)$/;

export async function startHeadless(env: NodeJS.ProcessEnv = {}): Promise<HeadlessProcess> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-headless-'));
  const keychainService = `FieldVault-test-${randomUUID()}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/headless/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, FIELDVAULT_DATA_DIR: dataDir, FIELDVAULT_KEYCHAIN_SERVICE: keychainService, FIELDVAULT_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const lines = readline.createInterface({ input: child.stdout });
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`headless shell did not start: ${stderr}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`headless shell exited with ${String(code)}: ${stderr}`)));
    lines.on('line', (line) => {
      const match = readyLine.exec(line);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(new URL(match[1]));
      }
    });
  });
  const token = url.hash.replace(/^#token=/, '');
  return {
    child,
    url,
    origin: url.origin,
    token,
    dataDir,
    keychainService,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
