// `serve --write-queue-ms` through the real command line, and the bound it
// names reaching the opened store (org/open-store.ts): a write queued behind
// another of the same process fails BUSY once it waited that long. A value out
// of range is refused before anything is opened.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openConfiguredStore } from '../org/open-store';
import { holdWriteLock } from '../store/conformance/write-queue.conformance';
import { runCli, startServe } from '../testing/cli-process';

const root = mkdtempSync(join(tmpdir(), 'fieldvault-write-queue-cli-'));

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('fieldvault-server serve --write-queue-ms', () => {
  it('serves with a bound in range and refuses one out of range', async () => {
    const dataDir = join(root, 'org');
    expect((await runCli(['init', '--data-dir', dataDir, '--port', '18443'])).code).toBe(0);
    for (const value of ['0', '99', '60001', '1e3']) {
      const refused = await runCli(['serve', '--data-dir', dataDir, '--write-queue-ms', value]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('--write-queue-ms is a whole number from 100 to 60000');
    }
    const serving = await startServe(['--data-dir', dataDir, '--port', '0', '--write-queue-ms', '1000']);
    expect(serving.readyLine).toMatch(/^Sync server ready at /);
    expect(await serving.stop()).toBe(0);
  }, 60_000);

  it('gives the opened store that bound', async () => {
    const dataDir = join(root, 'store');
    expect((await runCli(['init', '--data-dir', dataDir, '--port', '18443'])).code).toBe(0);
    const store = await openConfiguredStore(dataDir, { kind: 'sqlite', writeQueueMs: 300 });
    try {
      const held = await holdWriteLock(store);
      const started = Date.now();
      const queued = store.transaction(() => Promise.resolve('ran')).catch((error: unknown) => error);
      const outcome = await Promise.race([queued, new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5_000))]);
      held.release();
      await held.done;
      expect(outcome).toMatchObject({ code: 'BUSY' });
      expect(Date.now() - started).toBeLessThan(4_000);
    } finally {
      await store.close();
    }
  }, 60_000);
});
