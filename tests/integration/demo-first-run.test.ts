// The demo's first-run edges: the demo password is held to the rules of the
// app's own create screen; FIELDVAULT_DEMO_SKIP_BUILD=1 without a build
// stops with what to run rather than serving a blank page; and a hang-up (a
// closed terminal, a dropped ssh session) stops the whole demo, as Ctrl+C
// does: the real scripts/demo.mjs, in its own D-Bus session and keyring as on
// a headless Linux machine, leaves no process of its own behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { missingBuild, runDemo } from '../../scripts/demo/run';
import { demoSettings } from '../../scripts/demo/settings';
import { freePort } from '../support/free-port';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const roots: string[] = [];

function tempRoot(): string {
  const root = path.join(os.tmpdir(), `fieldvault-demo-first-run-${randomUUID()}`);
  roots.push(root);
  return root;
}

afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

describe('demo settings: the demo password', () => {
  it('is checked by the rules of vault.create, and the error does not show it', () => {
    const tooLong = 'p'.repeat(1025);
    expect(() => demoSettings(repoRoot, { FIELDVAULT_DEMO_PASSWORD: tooLong })).toThrow('FIELDVAULT_DEMO_PASSWORD is not a valid vault password: Password is too long');
    expect(() => demoSettings(repoRoot, { FIELDVAULT_DEMO_PASSWORD: 'short-pw' })).toThrow(/^FIELDVAULT_DEMO_PASSWORD is not a valid vault password: Use at least 10 characters$/);
    expect(demoSettings(repoRoot, { FIELDVAULT_DEMO_PASSWORD: 'ten chars!' }).password).toBe('ten chars!');
  });
});

describe('demo settings: the demo folder', () => {
  it("refuses a folder that holds a vault at its top level (the app's FIELDVAULT_DATA_DIR), and takes one whose vault is in desktop/", async () => {
    const real = tempRoot();
    await mkdir(real, { recursive: true });
    await writeFile(path.join(real, 'vault.json'), '{}');
    expect(() => demoSettings(repoRoot, { FIELDVAULT_DATA_DIR: real })).toThrow(
      `${real} holds a FieldVault vault (vault.json): the demo does not write into a real vault's folder. Unset FIELDVAULT_DATA_DIR, or set it to a folder of its own for the demo.`,
    );
    const demo = tempRoot();
    await mkdir(path.join(demo, 'desktop'), { recursive: true });
    await writeFile(path.join(demo, 'desktop', 'vault.json'), '{}');
    expect(demoSettings(repoRoot, { FIELDVAULT_DATA_DIR: demo }).desktopDir).toBe(path.join(demo, 'desktop'));
  });
});

describe('demo with FIELDVAULT_DEMO_SKIP_BUILD=1', () => {
  it('stops before anything starts when the app was never built, and says what to run', async () => {
    // A checkout without build/: a fresh clone.
    const checkout = tempRoot();
    await mkdir(checkout, { recursive: true });
    const stderr: string[] = [];
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    });
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    let code: number;
    try {
      code = await runDemo({ repoRoot: checkout, env: { FIELDVAULT_DEMO_SKIP_BUILD: '1', FIELDVAULT_DATA_DIR: path.join(checkout, 'data') } });
    } finally {
      write.mockRestore();
      stdout.mockRestore();
    }
    expect(code).toBe(1);
    expect(stderr.join('')).toBe(
      `FIELDVAULT_DEMO_SKIP_BUILD=1, but the app has not been built: ${path.join(checkout, 'build', 'renderer', 'index.html')} is missing. ` +
        'Run the demo once without FIELDVAULT_DEMO_SKIP_BUILD, or run npm run build:renderer first.\n',
    );
    // Nothing was started: no server folder was made.
    expect(existsSync(path.join(checkout, 'data', 'server'))).toBe(false);
  });

  it('checks the folder the app serves: FIELDVAULT_RENDERER_DIR for the headless shell, build/ (with main.cjs) for Electron', async () => {
    const checkout = tempRoot();
    const renderer = path.join(checkout, 'renderer-elsewhere');
    await mkdir(renderer, { recursive: true });
    await writeFile(path.join(renderer, 'index.html'), '<!doctype html>');
    const settings = demoSettings(checkout, {});
    expect(missingBuild(settings, null, { FIELDVAULT_RENDERER_DIR: renderer })).toBeNull();
    expect(missingBuild(settings, '/opt/electron/electron', { FIELDVAULT_RENDERER_DIR: renderer })).toMatch(
      new RegExp(`build/renderer/index\\.html and .*build/electron/main\\.cjs are missing\\. .* or run npm run build first\\.$`),
    );
  });
});

/** Processes whose environment names this demo folder: the demo, its wrapper, D-Bus, the keyring, the server and the app. */
function processesOf(root: string): { pid: number; name: string }[] {
  const marker = `FIELDVAULT_DATA_DIR=${root}`;
  const found: { pid: number; name: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const variables = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (variables.some((variable) => variable.startsWith(marker))) found.push({ pid: Number(entry), name: readFileSync(`/proc/${entry}/comm`, 'utf8').trim() });
    } catch {
      // gone meanwhile, or not readable: not one of ours
    }
  }
  return found;
}

async function leftAfter(root: string, waitMs: number): Promise<string[]> {
  for (let waited = 0; waited < waitMs; waited += 100) {
    if (processesOf(root).length === 0) return [];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return processesOf(root).map(({ pid, name }) => `${pid} ${name}`);
}

describe.runIf(process.platform === 'linux')('demo hang-up', () => {
  it('stops the demo, its server, app, D-Bus session and keyring when the terminal hangs up', async () => {
    const root = tempRoot();
    const renderer = path.join(root, 'renderer');
    await mkdir(renderer, { recursive: true });
    await writeFile(path.join(renderer, 'index.html'), '<!doctype html>');
    const child: ChildProcess = spawn(process.execPath, [path.join('scripts', 'demo.mjs')], {
      cwd: repoRoot,
      env: {
        // No session bus: the demo starts its own D-Bus session and keyring, as on a headless machine over ssh.
        ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'DBUS_SESSION_BUS_ADDRESS' && name !== 'FIELDVAULT_KEYCHAIN_READY')),
        FIELDVAULT_DATA_DIR: root,
        FIELDVAULT_RENDERER_DIR: renderer,
        FIELDVAULT_DEMO_SKIP_BUILD: '1',
        FIELDVAULT_DEMO_SERVER_PORT: String(await freePort()),
        FIELDVAULT_DEMO_CONTACTS: '20',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        if (child.stdout === null) throw new Error('no stdout');
        readline.createInterface({ input: child.stdout }).on('line', (line) => {
          output += `${line}\n`;
          if (line.startsWith('FieldVault ready at ')) resolve();
        });
        void exited.then((code) => reject(new Error(`demo exited (${String(code)}) before it was ready:\n${output}`)));
      });
      expect(processesOf(root).length).toBeGreaterThan(2);
      child.kill('SIGHUP');
      await exited;
      expect(await leftAfter(root, 20_000)).toEqual([]);
    } finally {
      // A failed run must not leave the demo's processes running: each is ours, found by this test's own folder.
      for (const { pid } of processesOf(root)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
  }, 120_000);
});
