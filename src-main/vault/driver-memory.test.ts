// The SQLCipher driver as scripts/vault-driver.mjs builds it: memory security
// stays on, SQLCipher's private heap (the key material) is locked in memory,
// and SQLite's ordinary allocations (the page cache, records) are not locked
// one by one. Measured in a child process through /proc/self/status (VmLck):
// the upstream build locks every allocation (about 7 MB here once the page
// cache is full), a build without any mlock locks nothing (0), and this build
// locks only the private heap (tens of kB). And every block SQLite frees is
// overwritten: another child process looks for strings SQLite built in its
// own memory after the database closed, with memory security off (they are
// there) and on (none is).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runTsx } from '../testing/spawn-tsx';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'locked-memory.ts');
const Report = z.object({ memorySecurity: z.string(), afterOpen: z.number(), afterWork: z.number(), bytes: z.number() });
const freedFixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'freed-memory.ts');
const FreedReport = z.object({ memorySecurity: z.string(), builtBytes: z.number(), canaries: z.number(), stackCanaries: z.number(), scannedMb: z.number() });

async function freedMemory(memorySecurity: 'on' | 'off'): Promise<z.infer<typeof FreedReport>> {
  const result = await runTsx(freedFixture, { FIELDVAULT_MEMORY_SECURITY: memorySecurity });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return FreedReport.parse(JSON.parse(result.stdout.trim()));
}

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

  it('overwrites every block SQLite frees when memory security is on', async () => {
    const [off, on] = [await freedMemory('off'), await freedMemory('on')];
    // 20,000 pairs of canaries, about 770 kB, went through SQLite's allocator in both processes.
    expect(off.builtBytes).toBe(on.builtBytes);
    expect(off.builtBytes).toBeGreaterThan(700_000);
    // Both processes' writable memory was read (V8's heap alone is tens of MB).
    expect(Math.min(off.scannedMb, on.scannedMb)).toBeGreaterThan(20);
    // Without memory security the freed blocks keep them: the scan can find what it looks for.
    expect(off.memorySecurity).toBe('0');
    expect(off.canaries).toBeGreaterThan(1_000);
    // With it, not one survives the free. (Threads' stacks are outside the allocator: the last few
    // strings SQLite built in a stack buffer may stay there, counted apart in stackCanaries.)
    expect(on.memorySecurity).toBe('1');
    expect(on.canaries).toBe(0);
    expect(on.stackCanaries).toBeLessThan(100);
  });
});
