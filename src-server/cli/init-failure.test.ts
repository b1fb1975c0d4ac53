// A failed `fieldvault-server init` leaves nothing behind (child processes):
// a postgres store without a URL is refused before anything is written, and
// a failure after the first write (a database that cannot be reached) removes
// the secrets, certificates and folders that run created, and only those, so
// running init again works.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/cli-process';

const root = mkdtempSync(join(tmpdir(), 'fieldvault-init-failure-test-'));
/** Nothing listens on port 1, so the connection is refused once init has written its keys. */
const unreachable = 'postgres://fieldvault@127.0.0.1:1/fieldvault';

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('fieldvault-server init: failures', () => {
  it('refuses postgres without a URL before writing anything, so init then works', async () => {
    const dataDir = join(root, 'no-url');
    const failed = await runCli(['init', '--data-dir', dataDir, '--store', 'postgres']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('The postgres store needs --database-url or FIELDVAULT_DATABASE_URL');
    expect(existsSync(dataDir)).toBe(false);
    const again = await runCli(['init', '--data-dir', dataDir]);
    expect(again.code, again.stderr).toBe(0);
  });

  it('removes what it wrote when the store cannot be opened, keeping the folders and files it did not create', async () => {
    const existing = join(root, 'existing');
    mkdirSync(existing, { mode: 0o700 });
    const failed = await runCli(['init', '--data-dir', existing, '--store', 'postgres', '--database-url', unreachable]);
    expect(failed.code).toBe(1);
    expect(readdirSync(existing)).toEqual([]);
    const again = await runCli(['init', '--data-dir', existing]);
    expect(again.code, again.stderr).toBe(0);

    const parent = join(root, 'parent');
    mkdirSync(parent);
    writeFileSync(join(parent, 'notes.txt'), 'not init’s\n');
    const nested = join(parent, 'a', 'b');
    expect((await runCli(['init', '--data-dir', nested, '--store', 'postgres', '--database-url', unreachable])).code).toBe(1);
    expect(readdirSync(parent)).toEqual(['notes.txt']);
  });
});
