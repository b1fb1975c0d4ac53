// `fieldvault-server seed-demo` as an operator runs it (child processes):
// seeds once, says so on a second run (with the store's totals, not the
// option's), writes a 0600 one-time enrolment bundle when asked, and refuses
// a bad count before touching the store.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EnrolmentBundle } from '../../src-shared/sync/protocol';

const root = mkdtempSync(join(tmpdir(), 'fieldvault-seed-cli-test-'));
const dataDir = join(root, 'org');
const main = join(import.meta.dirname, 'main.ts');

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('fieldvault-server seed-demo', () => {
  it('seeds once, reports an existing seed, writes a one-time enrolment bundle, and refuses a bad count', async () => {
    expect((await run(['init', '--data-dir', dataDir, '--port', '9443'])).code).toBe(0);
    const bundlePath = join(root, 'desktop-enrolment.json');
    const first = await run(['seed-demo', '--data-dir', dataDir, '--contacts', '40', '--enrolment-bundle', bundlePath]);
    expect(first.code).toBe(0);
    const lines = first.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Demo data: seeded 70 records in 1 commit \(40 contacts, 4 accounts, 6 deals, 8 tasks and 12 activities, owned by u-[0-9a-f]+; sealed at rest\)$/);
    expect(lines[1]).toBe(`Enrolment bundle for ${/owned by (u-[0-9a-f]+)/.exec(lines[0] ?? '')?.[1] ?? ''} (one-time code, valid 1 hour): ${bundlePath}`);
    expect(statSync(bundlePath).mode & 0o777).toBe(0o600);
    expect(EnrolmentBundle.parse(JSON.parse(readFileSync(bundlePath, 'utf8'))).serverUrl).toBe('https://127.0.0.1:9443');

    const second = await run(['seed-demo', '--data-dir', dataDir, '--contacts', '40']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^Demo data: already seeded \(40 contacts, 4 accounts, 6 deals, 8 tasks and 12 activities, owned by u-[0-9a-f]+\)\n$/);

    // Fewer asked for than the store holds (the demo's FIELDVAULT_DEMO_CONTACTS lowered): the store's totals, not the option's.
    const fewer = await run(['seed-demo', '--data-dir', dataDir, '--contacts', '20']);
    expect(fewer.code, fewer.stderr).toBe(0);
    expect(fewer.stdout).toMatch(/^Demo data: already seeded \(40 contacts, 4 accounts, 6 deals, 8 tasks and 12 activities, owned by u-[0-9a-f]+\)\n$/);

    const refused = await run(['seed-demo', '--data-dir', dataDir, '--contacts', '0']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--contacts is a whole number from 1 to 100000');
  });
});
