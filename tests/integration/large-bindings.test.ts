// A cached statement keeps SQLite's copy of its last bound values until it is
// bound again. The driver clears a statement's bindings once it ran with a
// large value (src-main/vault/sqlcipher-driver.ts): a bulk write's JSON rows
// or a long note must not stay in memory, one copy per distinct statement,
// until the vault locks.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { repoRoot, runTsx } from '../../src-main/testing/spawn-tsx';

const fixture = path.join(repoRoot, 'tests', 'integration', 'fixtures', 'large-bindings.ts');

describe('large bindings', () => {
  it('frees what a cached statement bound once the statement is done', async () => {
    const result = await runTsx(fixture, {}, { nodeArgs: ['--expose-gc'], timeoutMs: 60_000 });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const line = result.stdout.split('\n').find((text) => text.startsWith('{'));
    const measured = z
      .object({ before: z.number(), after: z.number(), largeRows: z.number(), readLength: z.number() })
      .parse(JSON.parse(line ?? 'null'));
    expect(measured.largeRows).toBe(4);
    expect(measured.readLength).toBe(40_000_000);
    // Kept, the five statements would hold 200 MB (40 MB each); freed, the process is back where it was.
    expect((measured.after - measured.before) / 1e6).toBeLessThan(40);
  });
});
