// A locked OS keychain is not a missing device key. libsecret answers "not
// found" for an entry of a locked keyring whose unlock prompt was dismissed
// (or, as here, cannot be shown), and the vault took that for a key that is
// gone for good: the lock screen offered to erase a vault that opens as soon
// as the keyring is unlocked. Run in a keyring of its own, since locking it
// would lock every other test's entries too. A wipe with the keyring locked
// deletes the files and names the entry it could not delete in the tombstone,
// so a later status check deletes it (libsecret deletes unlocked items only).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../testing/spawn-tsx';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'locked-keyring.ts');

function runInOwnKeyring(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env['FIELDVAULT_KEYCHAIN_READY'];
  const child = spawn('bash', [path.join(repoRoot, 'scripts', 'with-keychain.sh'), process.execPath, '--import', 'tsx', fixture], { cwd: repoRoot, env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('a vault whose keyring is locked', () => {
  it('reports the keychain unavailable, neither a missing key nor a reason to erase, and keeps every file', async () => {
    const run = await runInOwnKeyring();
    expect(run.code, run.stderr).toBe(0);
    const result: unknown = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '');
    expect(result).toMatchObject({ unlock: 'KEYCHAIN_UNAVAILABLE', erase: 'KEYCHAIN_UNAVAILABLE' });
    expect(result).toHaveProperty('files', expect.arrayContaining(['vault.json']));
    // The wipe deleted the files and could not delete the locked entry: it says so and keeps the id for a retry.
    // Before, libsecret's "nothing deleted" read as an entry already gone, and the device secret stayed for good.
    expect(result).toMatchObject({ wipe: 'KEYCHAIN_UNAVAILABLE', afterWipe: ['shred-pending.json', 'wipe-notice.json'], entryKept: true, pendingShred: true });
  }, 60_000);
});
