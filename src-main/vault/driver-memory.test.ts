// The SQLCipher driver as scripts/vault-driver.mjs builds it: memory security
// stays on, SQLCipher's private heap (the key material) is locked in memory,
// and SQLite's ordinary allocations (the page cache, records) are not locked
// one by one. Measured in a child process through /proc/self/status (VmLck):
// the upstream build locks every allocation (about 7 MB here once the page
// cache is full), a build without any mlock locks nothing (0), and this build
// locks only the private heap (tens of kB).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runTsx } from '../testing/spawn-tsx';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'locked-memory.ts');
const Report = z.object({ memorySecurity: z.string(), afterOpen: z.number(), afterWork: z.number(), bytes: z.number() });

describe('the vault driver memory security build', () => {
  it('keeps memory security on and the key heap locked, without locking each SQLite allocation', async () => {
    const result = await runTsx(fixture, {});
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = Report.parse(JSON.parse(result.stdout.trim()));
    expect(report.memorySecurity).toBe('1');
    // Six megabytes went through an 8 MB page cache: an upstream build would have them locked.
    expect(report.bytes).toBe(6_000_000);
    // SQLCipher's private heap (48 KiB by default) holds the key material and stays locked.
    expect(report.afterOpen).toBeGreaterThanOrEqual(48);
    expect(report.afterWork - report.afterOpen).toBeLessThan(512);
  });
});
