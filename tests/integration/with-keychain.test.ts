// scripts/with-keychain.sh gives each run its own gnome-keyring, keeping the
// keyring file in a temporary folder that is removed afterwards: a test run
// never writes the developer's ~/.local/share/keyrings, and two runs at once
// (a suite beside CI) cannot overwrite each other's items.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../src-main/testing/spawn-tsx';

/** Stores a secret through keytar inside a fresh with-keychain run; prints the keyring folder and its files. */
const probe = `
  node --input-type=module -e "
    import keytar from 'keytar';
    await keytar.setPassword('fieldvault-with-keychain-test', 'probe', 'secret');
    process.stdout.write((await keytar.getPassword('fieldvault-with-keychain-test', 'probe')) + '\\n');
  " && printf '%s\\n' "$XDG_DATA_HOME" && ls "$XDG_DATA_HOME/keyrings"
`;

function runProbe(): Promise<{ code: number | null; lines: string[] }> {
  const env = { ...process.env };
  delete env['FIELDVAULT_KEYCHAIN_READY'];
  const child = spawn('bash', [path.join(repoRoot, 'scripts', 'with-keychain.sh'), 'sh', '-c', probe], { cwd: repoRoot, env, stdio: 'pipe' });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, lines: stdout.split('\n').filter((line) => line !== '') }));
  });
}

describe('with-keychain.sh', () => {
  it('keeps each run’s keyring in a private folder of its own and removes it afterwards', async () => {
    const runs = await Promise.all([runProbe(), runProbe()]);
    const folders = runs.map((run) => {
      expect(run.code).toBe(0);
      const [secret, folder, ...files] = run.lines;
      expect(secret).toBe('secret');
      expect(files).toContain('login.keyring');
      return folder ?? '';
    });
    expect(new Set(folders).size).toBe(2);
    for (const folder of folders) {
      expect(path.basename(folder)).toMatch(/^fieldvault-keyring\./);
      expect(existsSync(folder)).toBe(false);
    }
  }, 60_000);
});
