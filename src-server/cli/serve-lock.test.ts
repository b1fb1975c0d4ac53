// One `serve` per SQLite data folder, through the real command line: a second
// serve on the folder exits 1 with one line naming the first one's process
// (its pokes would never hear of the first one's commits); admin commands
// still run beside the server; a serve killed with SIGKILL leaves nothing
// that stops the next start.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startServe } from '../testing/cli-process';

const root = mkdtempSync(join(tmpdir(), 'fieldvault-serve-lock-'));
const dataDir = join(root, 'org');

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('fieldvault-server serve: one server per SQLite data folder', () => {
  it('refuses a second serve on the folder, lets admin commands run, and survives kill -9', async () => {
    const init = await runCli(['init', '--data-dir', dataDir, '--port', '18443']);
    expect(init.code, init.stderr).toBe(0);
    const adminUserId = /^First admin: (u-[0-9a-f]+)$/m.exec(init.stdout)?.[1] ?? '';

    const first = await startServe(['--data-dir', dataDir, '--port', '0']);
    try {
      const second = await runCli(['serve', '--data-dir', dataDir, '--port', '0'], { timeoutMs: 20_000 });
      expect(second.code).toBe(1);
      expect(second.stdout).toBe('');
      expect(second.stderr).toBe(
        `fieldvault-server serve: Another fieldvault-server serve (process ${first.pid}) is using the data folder ${dataDir}; stop it first, or use its server\n`,
      );

      // Short admin commands share the store with the running server (SQLite's own locking).
      const code = await runCli(['enrolment-code', '--data-dir', dataDir, '--user', adminUserId]);
      expect(code.code, code.stderr).toBe(0);
    } finally {
      process.kill(first.pid, 'SIGKILL');
      expect(await first.stop()).toBeNull();
    }

    // The lock died with the process; the file it left does not block the next serve.
    const next = await startServe(['--data-dir', dataDir, '--port', '0']);
    expect(next.readyLine).toMatch(/^Sync server ready at /);
    expect(await next.stop()).toBe(0);
    const after = await startServe(['--data-dir', dataDir, '--port', '0']);
    expect(await after.stop()).toBe(0);
  }, 120_000);
});
