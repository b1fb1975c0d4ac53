// A process killed in the middle of migration 0015's index rebuild leaves a
// vault that opens, at version 14 with its search index as it was, and that
// the next run migrates whole. The child (fixtures/migrate-search-nukta.ts)
// runs the migration on a real SQLCipher file and stops at its first batch,
// inside the migration's write transaction; the parent SIGKILLs it there.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { matchExpression } from '../../src-shared/search/search-text';
import { spawnTsx } from '../../src-main/testing/spawn-tsx';
import { Connection } from '../../src-main/vault/connection';
import { indexedMatches } from '../../src-main/vault/fixtures/fresh-connection';
import { migrate, schemaVersion } from '../../src-main/vault/migrate';
import { batchRows } from '../../src-main/vault/migrations/search-index-batches';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'migrate-search-nukta.ts');
const Report = z.object({ step: z.number(), steps: z.number(), done: z.number(), total: z.number() });
/** ज़फ़र with combining nuktas, as version 14 indexed it. */
const zafar = '\u091C\u093C\u092B\u093C\u0930';

describe('migration 0015 killed midway', () => {
  let dir: string;
  let file: string;
  const key = randomBytes(32);

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-migration-kill-'));
    file = path.join(dir, 'vault.db');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('leaves the vault at version 14 with its index whole, and migrates it at the next open', async () => {
    const total = 3 * batchRows;
    const seeded = await Connection.open(file, key, { create: true });
    await migrate(seeded, 14);
    await seeded.write(async (tx) => {
      for (let index = 0; index < total; index += 1) {
        await tx.run("INSERT INTO search_docs (entity, record_id, name, body) VALUES ('contacts', ?, ?, '')", [`c${String(index).padStart(5, '0')}`, `${zafar} ${index}`]);
      }
      await tx.run("INSERT INTO search_fts (search_fts) VALUES ('rebuild')");
    });
    const docsOf = (connection: Connection) => connection.read((tx) => tx.all('SELECT doc_id, record_id, name, body FROM search_docs ORDER BY doc_id'));
    const before = await docsOf(seeded);
    await seeded.close();

    const child = spawnTsx(fixture, { FV_VAULT_FILE: file, FV_KEY_HEX: key.toString('hex') });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const closed = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
    const watchdog = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const report = await new Promise<string>((resolve) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        const newline = out.indexOf('\n');
        if (newline >= 0) resolve(out.slice(0, newline));
      });
      child.on('close', () => resolve(out));
    });
    child.kill('SIGKILL');
    expect(await closed, stderr).toBe('SIGKILL');
    clearTimeout(watchdog);
    // Killed with the first batch of three reindexed, inside the migration's transaction.
    expect(Report.parse(JSON.parse(report))).toEqual({ step: 1, steps: 1, done: batchRows, total });

    const reopened = await Connection.open(file, key);
    try {
      expect(await reopened.read(schemaVersion)).toBe(14);
      expect(await docsOf(reopened)).toEqual(before);
      await reopened.write((tx) => tx.run("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"));
      // The index is the old one, whole: the nukta form finds every entry, the form without it none.
      expect(await indexedMatches(reopened, `"${zafar}"*`)).toHaveLength(total);
      expect(await indexedMatches(reopened, matchExpression('जफर'))).toEqual([]);

      await migrate(reopened, 15);
      expect(await reopened.read(schemaVersion)).toBe(15);
      expect(await indexedMatches(reopened, matchExpression('जफर'))).toHaveLength(total);
      await reopened.write((tx) => tx.run("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"));
    } finally {
      await reopened.close();
    }
  });
});
