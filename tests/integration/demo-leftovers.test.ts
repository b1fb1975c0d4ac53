// What the demo leaves in its folder, and where that folder is, with the real
// fieldvault-server (init, seed-demo, serve) and the real scripts/demo.mjs:
// init's bundle with the first admin's one-time code is not kept in server/;
// the desktop's one-time enrolment bundle goes when serve fails too; and a
// relative FIELDVAULT_DATA_DIR names a folder under the one the command was
// given in, through `npm run demo` (which starts in the package root and keeps
// that folder in INIT_CWD) and through `node scripts/demo.mjs` (whose re-run
// in its own D-Bus session starts in the repository).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runDemo } from '../../scripts/demo/run';
import { prepareOrganisation } from '../../scripts/demo/server-process';
import { demoSettings } from '../../scripts/demo/settings';
import { dataDirPaths } from '../../src-server/org/data-dir';
import { freePort } from '../support/free-port';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const roots: string[] = [];

function tempRoot(): string {
  const root = path.join(os.tmpdir(), `fieldvault-demo-leftovers-${randomUUID()}`);
  roots.push(root);
  return root;
}

afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

describe('demo: one-time enrolment codes', () => {
  const root = tempRoot();
  let serverPort = 0;
  const env = (): NodeJS.ProcessEnv => ({ FIELDVAULT_DATA_DIR: root, FIELDVAULT_DEMO_SERVER_PORT: String(serverPort), FIELDVAULT_DEMO_CONTACTS: '20' });

  it("keeps no init bundle (the first admin's code) in server/, and removes one a folder from before still has", async () => {
    serverPort = await freePort();
    const settings = demoSettings(repoRoot, env());
    const initBundle = dataDirPaths(settings.serverDir).bundle;
    await prepareOrganisation(settings, () => undefined);
    expect(existsSync(path.join(settings.serverDir, 'config.json'))).toBe(true);
    expect(existsSync(initBundle)).toBe(false);
    // The desktop's own bundle is the caller's to remove (run.ts).
    expect(existsSync(settings.bundlePath)).toBe(true);

    await writeFile(initBundle, '{}\n', { mode: 0o600 });
    await prepareOrganisation(settings, () => undefined);
    expect(existsSync(initBundle)).toBe(false);
  }, 120_000);

  it("removes the desktop's enrolment bundle when serve fails", async () => {
    const renderer = path.join(root, 'renderer');
    await mkdir(renderer, { recursive: true });
    await writeFile(path.join(renderer, 'index.html'), '<!doctype html>');
    const settings = demoSettings(repoRoot, env());
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(serverPort, '127.0.0.1', resolve));
    const stderr: string[] = [];
    const printed: string[] = [];
    const errors = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    });
    const output = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    let code: number;
    try {
      code = await runDemo({ repoRoot, env: { ...env(), FIELDVAULT_DEMO_SKIP_BUILD: '1', FIELDVAULT_RENDERER_DIR: renderer } });
    } finally {
      errors.mockRestore();
      output.mockRestore();
      await new Promise((resolve) => squatter.close(resolve));
    }
    expect(code).toBe(1);
    // seed-demo ran (and wrote the bundle) before serve failed.
    expect(printed.some((line) => line.startsWith('Demo data: already seeded'))).toBe(true);
    expect(stderr.join('')).toMatch(/^The sync server could not start \(exit code 1\)/);
    expect(existsSync(settings.bundlePath)).toBe(false);
  }, 120_000);
});

/** Runs the demo until it stops at the missing build; what it printed. */
function runUntilBuildCheck(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

describe('demo: a relative FIELDVAULT_DATA_DIR', () => {
  it('is under INIT_CWD, the folder npm was run from', () => {
    expect(demoSettings(repoRoot, { FIELDVAULT_DATA_DIR: path.join('here', 'demo'), INIT_CWD: '/home/rep/work' }).root).toBe('/home/rep/work/here/demo');
    expect(demoSettings(repoRoot, { FIELDVAULT_DATA_DIR: '/srv/demo', INIT_CWD: '/home/rep/work' }).root).toBe('/srv/demo');
  });

  // Without a session bus, as on a headless machine: the demo re-runs itself in its own D-Bus session and keyring.
  const shellEnv = (name: string): NodeJS.ProcessEnv => ({
    ...Object.fromEntries(
      Object.entries(process.env).filter(([variable]) => !['DBUS_SESSION_BUS_ADDRESS', 'FIELDVAULT_KEYCHAIN_READY', 'INIT_CWD', 'FIELDVAULT_DATA_DIR'].includes(variable)),
    ),
    FIELDVAULT_DATA_DIR: name,
    FIELDVAULT_DEMO_SKIP_BUILD: '1',
    // Missing on purpose: the demo stops at its build check, after it has said where everything lives.
    FIELDVAULT_RENDERER_DIR: path.join(os.tmpdir(), `fieldvault-no-renderer-${randomUUID()}`),
  });

  for (const how of ['npm run demo', 'node scripts/demo.mjs'] as const) {
    it(`is under the folder \`${how}\` was given in, keyring included, and nothing is made in the repository`, async () => {
      const shell = tempRoot();
      await mkdir(shell, { recursive: true });
      const name = `fieldvault-relative-${randomUUID()}`;
      roots.push(path.join(repoRoot, name)); // where it went before: cleaned up should the test fail
      const [command, args] = how === 'npm run demo' ? ['npm', ['--prefix', repoRoot, 'run', 'demo']] : [process.execPath, [path.join(repoRoot, 'scripts', 'demo.mjs')]];
      const { code, output } = await runUntilBuildCheck(command, args, shell, shellEnv(name));
      const expected = path.join(shell, name);
      expect(output).toContain(`FieldVault demo: everything lives in ${expected} (`);
      expect(code).toBe(1);
      expect(existsSync(path.join(expected, 'keyring'))).toBe(true);
      expect(existsSync(path.join(repoRoot, name))).toBe(false);
    }, 120_000);
  }
});
