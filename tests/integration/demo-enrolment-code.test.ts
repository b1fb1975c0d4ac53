// `npm run demo` mints a one-time enrolment code (valid an hour) only while
// the desktop vault still needs enrolling. It minted one at every run,
// enrolled desktop or not, each a live secret in the store for an hour. The
// real demo runner (scripts/demo/run.ts), fieldvault-server (init, seed-demo,
// serve) and desktop core (SQLCipher vault, OS keychain under a test-only
// service) in a temp folder; serve is made to fail (its port taken) so that
// a run stops once the organisation is prepared, without starting the app.
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { prepareDesktop } from '../../scripts/demo/desktop';
import { runDemo } from '../../scripts/demo/run';
import { prepareOrganisation, startServer } from '../../scripts/demo/server-process';
import { demoSettings } from '../../scripts/demo/settings';
import { KeytarKeyStore } from '../../src-main/keychain/keytar.key-store';
import { readHeader } from '../../src-main/vault/vault-header';
import { dataDirPaths } from '../../src-server/org/data-dir';
import { freePort } from '../support/free-port';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const root = path.join(os.tmpdir(), `fieldvault-demo-code-${randomUUID()}`);
const keychainService = `FieldVault-test-${randomUUID()}`;

afterAll(async () => {
  const header = await readHeader(path.join(root, 'desktop')).catch(() => null);
  if (header !== null) await new KeytarKeyStore(keychainService).delete(header.vaultId);
  await rm(root, { recursive: true, force: true });
});

/** Enrolment codes the organisation's store holds (no server is running on it when asked). */
function codesIssued(serverDir: string): number {
  const db = new Database(dataDirPaths(serverDir).sqlite, { fileMustExist: true });
  try {
    const row: unknown = db.prepare('SELECT count(*) AS n FROM enrolment_codes').get();
    return typeof row === 'object' && row !== null && 'n' in row && typeof row.n === 'number' ? row.n : -1;
  } finally {
    db.close();
  }
}

/** Runs the demo with its server's port taken: it stops (exit code 1) after the organisation is prepared. */
async function runUntilServeFails(env: NodeJS.ProcessEnv, serverPort: number): Promise<{ code: number; stderr: string }> {
  const renderer = path.join(root, 'renderer');
  await mkdir(renderer, { recursive: true });
  await writeFile(path.join(renderer, 'index.html'), '<!doctype html>');
  const squatter = net.createServer();
  await new Promise<void>((resolve) => squatter.listen(serverPort, '127.0.0.1', resolve));
  const stderr: string[] = [];
  const errors = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
  const output = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    const code = await runDemo({ repoRoot, env: { ...env, FIELDVAULT_DEMO_SKIP_BUILD: '1', FIELDVAULT_RENDERER_DIR: renderer } });
    return { code, stderr: stderr.join('') };
  } finally {
    errors.mockRestore();
    output.mockRestore();
    await new Promise((resolve) => squatter.close(resolve));
  }
}

describe("the demo's enrolment code", () => {
  it('is minted while the desktop is not enrolled, and not once it is', async () => {
    const serverPort = await freePort();
    const env: NodeJS.ProcessEnv = { FIELDVAULT_DATA_DIR: root, FIELDVAULT_KEYCHAIN_SERVICE: keychainService, FIELDVAULT_DEMO_SERVER_PORT: String(serverPort), FIELDVAULT_DEMO_CONTACTS: '20' };
    const settings = demoSettings(repoRoot, env);

    // The organisation, made without a code for the desktop (init issues the first admin's own).
    await prepareOrganisation(settings, () => undefined, undefined, false);
    const made = codesIssued(settings.serverDir);
    // A first run: a new vault, not enrolled, so seed-demo mints a code for it.
    const first = await runUntilServeFails(env, serverPort);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/^The sync server could not start \(exit code 1\)/);
    const afterFirst = codesIssued(settings.serverDir);
    expect(afterFirst).toBe(made + 1);

    // The desktop enrols (with a code of its own) and syncs.
    await prepareOrganisation(settings, () => undefined);
    const server = startServer(settings, () => undefined);
    try {
      expect(await prepareDesktop(settings, await server.ready)).toMatchObject({ state: 'synced', created: false, enrolledNow: true, counts: { contacts: 20 } });
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      await rm(settings.bundlePath, { force: true });
    }
    const enrolled = codesIssued(settings.serverDir);
    expect(enrolled).toBe(afterFirst + 1);

    // A run on the enrolled desktop mints none.
    const again = await runUntilServeFails(env, serverPort);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^The sync server could not start \(exit code 1\)/);
    expect(codesIssued(settings.serverDir)).toBe(enrolled);
  }, 240_000);
});
