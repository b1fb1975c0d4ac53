// How fast an import updates the records its rows match (duplicates
// 'update'); not a module of `npm run bench` and without a target (issue 3
// sets none). A real vault (ImportSession) gets BASE contacts (default
// 20,000) from a CSV import, then a file of the first UPDATES of them
// (default 10,000), matched by email, with a new title and phone number
// each, is checked (a dry run) and imported with duplicates 'update'.
// Prints the runs and their rates, and fails unless the check counted every
// row as an update and every row of the second file updated its contact. Run with
// `BASE=20000 UPDATES=10000 bash scripts/with-keychain.sh npx tsx bench/import/update-rate.ts`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { ImportRun, type ImportDuplicates } from '../../src-shared/transfer/import';
import { ImportSession } from './import-session';

const csv = (rows: number, title: string, phoneBase: number) =>
  Buffer.from(
    ['Name,Email,Phone,Title,Tags', ...Array.from({ length: rows }, (_, i) => `Person ${i},p${i}@example.org,+44 20 ${phoneBase + i},${title},t${i % 7}`)].join('\n'),
  );

async function main(): Promise<void> {
  const base = Number(process.env.BASE ?? 20_000);
  const updates = Number(process.env.UPDATES ?? 10_000);
  const dir = await mkdtemp(path.join(tmpdir(), 'fieldvault-update-rate-'));
  const session = new ImportSession(path.join(dir, 'vault'));
  try {
    await session.open();
    const run = async (bytes: Buffer, duplicates: ImportDuplicates) => {
      const uploadId = session.service.uploads.append(undefined, bytes, true).uploadId;
      const started = performance.now();
      const job = await session.service.run(ImportRun.parse({ uploadId, format: 'csv', entity: 'contacts', duplicates }));
      await session.service.settled(job.jobId);
      const { imported, updated, duplicates: skipped, rejected } = await session.service.status(job.jobId, 0);
      return { seconds: (performance.now() - started) / 1000, imported, updated, skipped, rejected };
    };
    console.log('base', await run(csv(base, 'Rep', 70_000_000), 'skip'));
    // The check of the same file first: it tries each merge on the record as it is (refusedMerges), writing nothing.
    const checkId = session.service.uploads.append(undefined, csv(updates, 'Manager', 80_000_000), true).uploadId;
    const checkStarted = performance.now();
    const checking = await session.service.run(ImportRun.parse({ uploadId: checkId, format: 'csv', entity: 'contacts', duplicates: 'update', dryRun: true }));
    await session.service.settled(checking.jobId);
    const check = await session.service.status(checking.jobId, 0);
    const checkSeconds = (performance.now() - checkStarted) / 1000;
    console.log('check', { seconds: checkSeconds, updated: check.updated, rejected: check.rejected }, `${Math.round(updates / checkSeconds)} rows/s`);
    if (check.updated !== updates) throw new Error(`the check counted ${check.updated} updates of ${updates}`);
    const result = await run(csv(updates, 'Manager', 80_000_000), 'update');
    console.log('update', result, `${Math.round(updates / result.seconds)} rows/s`);
    const managers = z
      .object({ n: z.number() })
      .parse(await session.vault.connection().read((tx) => tx.get("SELECT count(*) AS n FROM contacts WHERE title = 'Manager' AND json_array_length(phones) = 2"))).n;
    if (result.updated !== updates || managers !== updates) throw new Error(`updated ${result.updated}, ${managers} contacts carry the update, of ${updates}`);
  } finally {
    await session.close();
    await rm(dir, { recursive: true, force: true });
  }
}

void main();
