// The data folder's permissions, through the real command line with umask
// 022: init into an existing 0777 folder makes it 0700 and creates the
// SQLite files 0600; serve refuses a folder others can write or another user
// owns, and a ca.key or signing.key others can read, as it does master.key
// and server.key.
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startServe } from '../testing/cli-process';

const root = mkdtempSync(join(tmpdir(), 'fieldvault-permissions-test-'));

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const modeOf = (path: string): number => statSync(path).mode & 0o777;

describe.runIf(process.platform !== 'win32')('data folder permissions', () => {
  it('init tightens an existing folder and creates the store 0600; serve refuses loose permissions', async () => {
    const dataDir = join(root, 'org');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o777);
    const init = await runCli(['init', '--data-dir', dataDir, '--port', '8443']);
    expect(init.code, init.stderr).toBe(0);
    expect(modeOf(dataDir)).toBe(0o700);
    const storeFiles = readdirSync(dataDir).filter((name) => name.startsWith('store.db'));
    expect(storeFiles).toContain('store.db');
    for (const name of storeFiles) expect(modeOf(join(dataDir, name)), name).toBe(0o600);

    const serve = () => runCli(['serve', '--data-dir', dataDir, '--port', '0'], { timeoutMs: 20_000 });
    chmodSync(dataDir, 0o770);
    const groupWritable = await serve();
    expect(groupWritable.code).toBe(1);
    expect(groupWritable.stderr).toContain(`${dataDir} is writable by other users; restrict it with chmod 700`);
    chmodSync(dataDir, 0o700);

    for (const secret of ['ca.key', 'signing.key']) {
      chmodSync(join(dataDir, secret), 0o644);
      const readable = await serve();
      expect(readable.code, secret).toBe(1);
      expect(readable.stderr).toContain(`${join(dataDir, secret)} is accessible to other users; restrict it with chmod 600`);
      chmodSync(join(dataDir, secret), 0o600);
    }

    // While serving, SQLite's -wal and -shm files exist and take the database file's mode.
    const serving = await startServe(['--data-dir', dataDir, '--port', '0']);
    try {
      for (const name of ['store.db', 'store.db-wal', 'store.db-shm']) expect(modeOf(join(dataDir, name)), name).toBe(0o600);
    } finally {
      expect(await serving.stop()).toBe(0);
    }

    // Only root can hand the folder to another user; as anyone else, the owner check cannot be staged.
    if (process.getuid?.() === 0) {
      chownSync(dataDir, 65_534, 65_534);
      const foreign = await serve();
      expect(foreign.code).toBe(1);
      expect(foreign.stderr).toContain(`${dataDir} is owned by another user`);
      chownSync(dataDir, 0, 0);
    }
  }, 180_000);
});
