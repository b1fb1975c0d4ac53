// writeSecretFile leaves no temp file behind when a write fails after the temp
// file was made (a full disk, a rename refused): the temp file holds the
// secret (a key, or an enrolment bundle's one-time code), mode 0600 or not.
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSecretFile } from './secret-file';

const root = mkdtempSync(join(tmpdir(), 'fieldvault-secret-file-test-'));

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('writeSecretFile', () => {
  it('removes its temp file when the final step fails', () => {
    const folder = join(root, 'failing');
    mkdirSync(folder);
    // A folder where the file should go: the rename over it fails (EISDIR) once the temp file is written.
    mkdirSync(join(folder, 'secret.key'));
    expect(() => writeSecretFile(join(folder, 'secret.key'), 'the secret')).toThrow(/EISDIR/);
    expect(readdirSync(folder)).toEqual(['secret.key']);
  });
});
