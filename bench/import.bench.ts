// CSV contact import into the real vault (import_rows_per_s): a generated,
// realistic 100,000-row contacts file (bench/import/contacts-csv.ts) is
// uploaded and imported through the ImportService that the import.* channels
// call, into an unlocked SQLCipher vault that already holds 50,000 contacts
// and their accounts, so duplicate detection and the company → account lookup
// work against a full vault and every insert lands in grown B-trees. The vault
// is filled by importing a 50,000-row file first (its outbox then cleared, as
// after a sync); that import is recorded too, as the rate into an empty vault.
// The base is half the file's size only to keep the run short while imports
// are far below target: both go through the same path, at the same cost. Each run checks that every row was
// either imported or rejected with a reason, and that the vault holds exactly
// the records, versions, outbox entries and search entries the job reports.
// While the vault is filled, the contact list's first page is read every
// 200 ms (import_list_read_p95_ms): what a rep sees who keeps working during
// an import. The timed import runs without those reads. Then the timed import
// is undone (import_undo_records_per_s: its contacts and the accounts it
// created to the trash, as import.undo does) and brought back, and the vault
// is checked to hold what it held before the undo. Before the timed import,
// its file is checked (import_check_rows_per_s: a dry run, as the page's
// "Check without importing" runs it), which must write nothing and predict
// the import's counts exactly. Last, every contact in the vault is exported
// to CSV as the Transfer page's export does (export_rows_per_s; no target:
// what an export's progress and time left stand on).
import os from 'node:os';
import type { BenchContext, BenchResult, Benchmark, Details } from './harness/benchmark';
import { envNumber } from './harness/env';
import { round, summarise } from './harness/stats';
import { contactsCsv, type ContactsCsv } from './import/contacts-csv';
import { ImportSession, sessionDir, type TimedImport, type VaultCounts } from './import/import-session';
import { readListWhile } from './import/list-reads';
import { acknowledgeAll } from './vault/contact-fixture';
import { defaultChunkRows } from '../src-main/services/transfer/import-runner';

/** BENCH_IMPORT_ROWS and BENCH_IMPORT_BASE_ROWS shrink the run (the smoke test); the recorded run uses the defaults. */
const ROWS = envNumber('BENCH_IMPORT_ROWS', 100_000);
const BASE_ROWS = envNumber('BENCH_IMPORT_BASE_ROWS', 50_000);
const BASE_SEED = 20_240_611;
const IMPORT_SEED = 20_240_612;
const MB = 1_000_000;

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`import bench: ${message}`);
}

/** The job's counters add up, and the vault grew by exactly what the job says it wrote. */
function verify(file: ContactsCsv, timed: TimedImport, before: VaultCounts, after: VaultCounts): number {
  const { status } = timed;
  check(status.total === file.rows && status.processed === file.rows, `processed ${status.processed} of ${file.rows} rows`);
  check(
    status.imported + status.duplicates + status.rejected === file.rows,
    `imported ${status.imported} + duplicates ${status.duplicates} + rejected ${status.rejected} is not the ${file.rows} rows`,
  );
  check(status.rejected === file.invalidRows, `rejected ${status.rejected} invalid rows, the file has ${file.invalidRows}`);
  check(status.rejectionCount === status.rejected + status.duplicates, 'not every rejected or skipped row has its reason recorded');
  check(after.contacts - before.contacts === status.imported, `the vault gained ${after.contacts - before.contacts} contacts, the job imported ${status.imported}`);
  const accountsCreated = after.accounts - before.accounts;
  const records = status.imported + accountsCreated;
  // A create writes one '*' version row, one outbox entry and one search entry per record.
  check(after.fieldVersions - before.fieldVersions === records, 'field versions do not match the records written');
  check(after.outbox - before.outbox === records, 'outbox entries do not match the records written');
  check(after.searchDocs - before.searchDocs === records, 'search entries do not match the records written');
  return accountsCreated;
}

function importDetails(file: ContactsCsv, timed: TimedImport, accountsCreated: number): Details {
  return {
    rows: file.rows,
    fileMB: round(file.bytes.length / MB, 1),
    seconds: round(timed.seconds, 2),
    runAnsweredAfterSeconds: round(timed.startSeconds, 2),
    cpuSeconds: round(timed.cpuSeconds, 2),
    imported: timed.status.imported,
    rejected: timed.status.rejected,
    skippedAsDuplicates: timed.status.duplicates,
    rejectedInvalid: timed.status.rejected,
    accountsCreated,
    progressEvents: timed.progressEvents,
    phaseSeconds: phaseDetails(timed),
  };
}

/** Seconds in each phase the job's events named, rounded. */
function phaseDetails(timed: TimedImport): Details {
  return Object.fromEntries(Object.entries(timed.phaseSeconds).map(([kind, seconds]) => [kind, round(seconds, 2)]));
}

async function run(context: BenchContext): Promise<BenchResult> {
  const loadAtStart = os.loadavg()[0] ?? 0;
  const base = contactsCsv(BASE_ROWS, BASE_SEED);
  const incoming = contactsCsv(ROWS, IMPORT_SEED, BASE_ROWS);
  context.progress(`generated a ${BASE_ROWS}-row base file and the ${ROWS}-row file to import (${round(incoming.bytes.length / MB, 1)} MB)`);
  const session = new ImportSession(sessionDir(context.tempDir));
  try {
    await session.open();
    const empty = await session.counts();
    const reads = readListWhile(session.vault);
    const first = await session.importFile(base);
    const listReads = await reads.stop();
    const filled = await session.counts();
    check(listReads.lastRows === 50, `the contact list read after the fill returned ${listReads.lastRows} rows, not 50`);
    const readTimes = summarise(listReads.times, 1);
    const firstAccounts = verify(base, first, empty, filled);
    context.progress(`filled the vault: ${first.status.imported} contacts in ${first.seconds.toFixed(1)}s`);
    // A vault of this size got its contacts from sync: nothing is waiting to be pushed.
    await acknowledgeAll(session.vault.connection());
    await session.vault.connection().checkpoint();

    const before = await session.counts();
    const checked = await session.importFile(incoming, true);
    const afterCheck = await session.counts();
    check(JSON.stringify(afterCheck) === JSON.stringify(before), 'the check wrote to the vault');
    context.progress(`checked the ${ROWS}-row file in ${checked.seconds.toFixed(1)}s`);
    const timed = await session.importFile(incoming);
    const after = await session.counts();
    const accountsCreated = verify(incoming, timed, before, after);
    for (const count of ['processed', 'imported', 'duplicates', 'rejected', 'rejectionCount'] as const) {
      check(checked.status[count] === timed.status[count], `the check counted ${checked.status[count]} ${count}, the import ${timed.status[count]}`);
    }
    const rate = Math.round(ROWS / timed.seconds);
    context.progress(`imported ${timed.status.imported} of ${ROWS} rows into ${before.contacts} contacts: ${rate} rows/s`);
    const bytes = await session.fileBytes();
    const undone = await session.undo(timed.status.jobId, false);
    check(undone.records === timed.status.imported + accountsCreated, `the undo moved ${undone.records} records, the import created ${timed.status.imported + accountsCreated}`);
    const afterUndo = await session.counts();
    check(afterUndo.contacts === before.contacts && afterUndo.accounts === before.accounts, 'the undo left records the import created');
    const restored = await session.undo(timed.status.jobId, true);
    const afterRestore = await session.counts();
    check(restored.records === undone.records && afterRestore.contacts === after.contacts && afterRestore.accounts === after.accounts, 'the restore did not bring back what the undo moved');
    context.progress(`undid the import (${undone.records} records) in ${undone.seconds.toFixed(1)}s, restored it in ${restored.seconds.toFixed(1)}s`);
    const exported = await session.exportContacts();
    check(exported.rows === afterRestore.contacts, `the export wrote ${exported.rows} rows, the vault holds ${afterRestore.contacts} contacts`);
    context.progress(`exported ${exported.rows} contacts in ${exported.seconds.toFixed(1)}s`);
    return {
      metrics: {
        import_rows_per_s: {
          value: rate,
          unit: 'ops/s',
          target: { op: '>=', value: 20_000 },
          details: {
            measures: 'CSV rows per second through ImportService.run (the import.run handler) until the job settled: counting the rows, reading the vault\'s duplicate keys, validating, duplicate checks, company → account links, and writing contacts, field versions, outbox entries, tags and search entries, chunk by chunk',
            vault: 'SQLCipher via Vault.create (Argon2id-wrapped key, keychain device secret), cipher_memory_security on, the app\'s PRAGMAs',
            chunkRows: defaultChunkRows,
            contactsBefore: before.contacts,
            accountsBefore: before.accounts,
            ...importDetails(incoming, timed, accountsCreated),
            vaultMBAfter: round((bytes.db + bytes.wal) / MB, 1),
            vaultBytesAfter: bytes,
            contactsAfter: after.contacts,
            rssMBAfter: round(process.memoryUsage().rss / MB, 0),
            intoEmptyVault: { rowsPerSecond: Math.round(BASE_ROWS / first.seconds), ...importDetails(base, first, firstAccounts) },
            loadAverage: { start: round(loadAtStart, 2), end: round(os.loadavg()[0] ?? 0, 2) },
          },
        },
        import_check_rows_per_s: {
          value: Math.round(ROWS / checked.seconds),
          unit: 'ops/s',
          details: {
            measures: 'CSV rows per second that a check (ImportService.run with dryRun, the page\'s "Check without importing") goes through until it settled: the same counting, duplicate keys, validation and duplicate checks as the timed import, on the same file and vault, writing nothing; its counts must equal the import\'s',
            rows: ROWS,
            seconds: round(checked.seconds, 2),
            runAnsweredAfterSeconds: round(checked.startSeconds, 2),
            cpuSeconds: round(checked.cpuSeconds, 2),
            progressEvents: checked.progressEvents,
            phaseSeconds: phaseDetails(checked),
          },
        },
        import_undo_records_per_s: {
          value: Math.round(undone.records / undone.seconds),
          unit: 'ops/s',
          details: {
            measures: 'records per second that ImportService.undo (the import.undo handler) moves to the trash: the timed import\'s contacts, then the accounts it created for company names, 500 a write transaction, each a delete in the outbox and out of the search index (FTS5 secure delete)',
            records: undone.records,
            seconds: round(undone.seconds, 2),
            progressEvents: undone.progressEvents,
            restore: { recordsPerSecond: Math.round(restored.records / restored.seconds), seconds: round(restored.seconds, 2), progressEvents: restored.progressEvents },
          },
        },
        export_rows_per_s: {
          value: Math.round(exported.rows / exported.seconds),
          unit: 'ops/s',
          details: {
            measures: 'contact rows per second that exportCsv (the export.csv handler) writes to CSV text, every contact in the vault after the import sorted by name as the Transfer page exports them (sensitive fields left out): the count, then pages of 200 rows each in a read transaction with their accounts\' and owners\' names, neutralised cells, csv-stringify',
            rows: exported.rows,
            seconds: round(exported.seconds, 2),
            cpuSeconds: round(exported.cpuSeconds, 2),
            csvMB: round(exported.bytes / MB, 1),
            progressEvents: exported.progressEvents,
            rssMBAfter: round(process.memoryUsage().rss / MB, 0),
          },
        },
        import_list_read_p95_ms: {
          value: readTimes.p95,
          unit: 'ms',
          details: {
            measures: 'the contact list\'s first page (50 rows by name) read through the vault every 200 ms while the base file is imported into the empty vault, each read timed from the moment it was due (every 200 ms by the clock) until its rows are back, so a wait for the main process\'s event loop counts',
            reads: { ...readTimes },
            importSeconds: round(first.seconds, 2),
          },
        },
      },
    };
  } finally {
    await session.close();
  }
}

export const benchmark: Benchmark = { name: 'import', run };
