// `--enrolment-bundle PATH` writes a new file outside the data folder and
// nothing else: an existing file (the data folder's master.key, or any other)
// is left as it was and the command is refused in words, before a code is
// issued, as is a file in a folder that is missing or not writable; a code
// whose bundle could not be written anyway is cancelled. The real command
// line, in child processes.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/cli-process';
import { checkBundlePath, writeBundleFile } from './bundle-file';
import { CliOptionError } from './options';

const root = mkdtempSync(join(tmpdir(), 'fieldvault-bundle-file-test-'));

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('the enrolment bundle path', () => {
  it('refuses a path inside the data folder (through a link too) or an existing file, with a CliOptionError naming it', () => {
    const dataDir = join(root, 'unit-org');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'master.key'), 'key');
    symlinkSync(dataDir, join(root, 'link-to-org'));
    const existing = join(root, 'existing.json');
    writeFileSync(existing, 'keep me');
    for (const [path, message] of [
      [join(dataDir, 'master.key'), 'is inside the data folder'],
      [join(dataDir, 'new.json'), 'is inside the data folder'],
      [join(root, 'link-to-org', 'new.json'), 'is inside the data folder'],
      [existing, 'already exists'],
    ] as const) {
      expect(() => checkBundlePath(path, dataDir), path).toThrow(CliOptionError);
      expect(() => checkBundlePath(path, dataDir), path).toThrow(`--enrolment-bundle ${JSON.stringify(path)} ${message}`);
    }
    expect(() => writeBundleFile(existing, 'bundle')).toThrow(CliOptionError);
    expect(readFileSync(existing, 'utf8')).toBe('keep me');
    expect(() => checkBundlePath(join(root, 'fresh.json'), dataDir)).not.toThrow();
    expect(() => checkBundlePath(join(root, 'no-such-folder', 'rep.json'), dataDir)).toThrow(`the folder ${JSON.stringify(join(root, 'no-such-folder'))} does not exist`);
    expect(() => checkBundlePath(join(existing, 'rep.json'), dataDir)).toThrow(`${JSON.stringify(existing)} is not a folder`);
  });

  it('enrolment-code issues no code for a bundle in a missing folder, and cancels the code of a bundle it could not write', async () => {
    const dataDir = join(root, 'write-org');
    const at = ['--data-dir', dataDir];
    expect((await runCli(['init', ...at, '--port', '9647'])).code).toBe(0);
    const repId = (await runCli(['create-user', ...at, '--name', 'Rep'])).stdout.trim();
    const unusedCodes = async (): Promise<string> => (await runCli(['cancel-enrolment-codes', ...at, '--user', repId])).stdout;
    const noneCancelled = `Cancelled 0 unused enrolment code(s) of ${repId}.`;

    const missing = join(root, 'no', 'such', 'dir', 'rep.json');
    const refused = await runCli(['enrolment-code', ...at, '--user', repId, '--enrolment-bundle', missing]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`--enrolment-bundle ${JSON.stringify(missing)}: the folder ${JSON.stringify(join(root, 'no', 'such', 'dir'))} does not exist`);
    expect(refused.stdout).toBe('');
    expect(await unusedCodes()).toContain(noneCancelled);

    // A name the check lets through but whose temp file is too long for the file system (255 bytes): the write fails
    // after the code was issued, so the code is cancelled and no file is left behind.
    const folder = join(root, 'long-names');
    mkdirSync(folder);
    const tooLong = join(folder, `${'r'.repeat(245)}.json`);
    const failed = await runCli(['enrolment-code', ...at, '--user', repId, '--enrolment-bundle', tooLong]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`--enrolment-bundle ${JSON.stringify(tooLong)} could not be written (ENAMETOOLONG); the one-time code issued for it was cancelled`);
    expect(failed.stdout).toBe('');
    expect(readdirSync(folder)).toEqual([]);
    expect(await unusedCodes()).toContain(noneCancelled);
  }, 180_000);

  it('enrolment-code and seed-demo leave an existing file unchanged, master.key among them', async () => {
    const dataDir = join(root, 'org');
    const at = ['--data-dir', dataDir];
    expect((await runCli(['init', ...at, '--port', '9645'])).code).toBe(0);
    const repId = (await runCli(['create-user', ...at, '--name', 'Rep'])).stdout.trim();
    const masterKey = join(dataDir, 'master.key');
    const key = readFileSync(masterKey);
    const other = join(root, 'notes.txt');
    writeFileSync(other, 'not a bundle');
    const attempts = [
      { args: ['enrolment-code', ...at, '--user', repId, '--enrolment-bundle', masterKey], path: masterKey, message: 'is inside the data folder' },
      { args: ['enrolment-code', ...at, '--user', repId, '--enrolment-bundle', other], path: other, message: 'already exists' },
      { args: ['seed-demo', ...at, '--contacts', '5', '--enrolment-bundle', masterKey], path: masterKey, message: 'is inside the data folder' },
      { args: ['seed-demo', ...at, '--contacts', '5', '--enrolment-bundle', other], path: other, message: 'already exists' },
    ];
    for (const { args, path, message } of attempts) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr).toContain(`--enrolment-bundle ${JSON.stringify(path)} ${message}`);
      expect(result.stdout).toBe('');
    }
    expect(readFileSync(masterKey).equals(key)).toBe(true);
    expect(readFileSync(other, 'utf8')).toBe('not a bundle');
    // The organisation still opens with its key.
    expect((await runCli(['users', ...at])).code).toBe(0);
  }, 180_000);
});
