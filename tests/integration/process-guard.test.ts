// Both shells install guardProcess before the vault opens, and the sync server
// guardServerProcess once it serves: a rejected promise nobody awaited, or an
// exception thrown from a callback, must not end the process that holds the
// vault or serves the devices (Node's default).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runTsx } from '../../src-main/testing/spawn-tsx';

const fixture = path.join(repoRoot, 'tests', 'integration', 'fixtures', 'stray-rejection.ts');

describe('process guard', () => {
  it.each([
    ['app', 'rejection', 'process.unhandled_rejection'],
    ['app', 'exception', 'process.uncaught_exception'],
    ['server', 'rejection', 'process.unhandled_rejection'],
    ['server', 'exception', 'process.uncaught_exception'],
  ])('%s: logs a stray %s by its class only, and the process lives on', async (guard, stray, event) => {
    const guarded = await runTsx(fixture, { FV_GUARD: guard, FV_STRAY: stray });
    expect(guarded.code).toBe(0);
    expect(guarded.stdout).toContain('still running');
    const lines: unknown[] = guarded.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line): unknown => JSON.parse(line));
    expect(lines).toEqual([expect.objectContaining({ level: 'error', event, kind: 'TypeError' })]);
    expect(guarded.stdout + guarded.stderr).not.toContain('Ada Lovelace');

    // Without it, Node ends the process on the same failure.
    const bare = await runTsx(fixture, { FV_STRAY: stray });
    expect(bare.code).not.toBe(0);
    expect(bare.stdout).not.toContain('still running');
  });
});
