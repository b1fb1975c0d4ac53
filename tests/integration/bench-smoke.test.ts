// The benchmarks other than the gated vault bench (which CI runs in full) are
// too long for CI at their recorded sizes, so nothing ran their own checks:
// the import bench failed for a day on a counting change nobody saw. Here each
// one runs at a tiny size through its real path (real vault, keychain, TLS
// server, both sync stores, PouchDB, the crm fixture and its measuring child),
// so a benchmark that no longer runs, or whose checks of the work it did no
// longer hold, fails CI. Nothing here judges speed: targets belong to
// `npm run bench`.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { BenchResult, Benchmark } from '../../bench/harness/benchmark';
import { isBenchmark } from '../../bench/harness/benchmark';

const TINY: Readonly<Record<string, string>> = {
  BENCH_IMPORT_ROWS: '3000',
  BENCH_IMPORT_BASE_ROWS: '1500',
  BENCH_CRM_CONTACTS: '6000',
  BENCH_CRM_ACCOUNTS: '600',
  FIELDVAULT_BENCH_CRM_CACHE: '0',
  BENCH_SYNC_RECORDS: '800',
  BENCH_SYNC_INCREMENTAL_SAMPLES: '3',
  BENCH_SYNC_DEVICES: '6',
  BENCH_SYNC_LOAD_MS: '1500',
};
const before = Object.fromEntries(Object.keys(TINY).map((name) => [name, process.env[name]]));
Object.assign(process.env, TINY);
afterAll(() => {
  for (const [name, value] of Object.entries(before)) {
    if (value === undefined) Reflect.deleteProperty(process.env, name);
    else process.env[name] = value;
  }
});

const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Loads bench/<name>.bench.ts after the sizes above are set (the modules read them when loaded). */
async function load(name: string): Promise<Benchmark> {
  const loaded: unknown = await import(`../../bench/${name}.bench.ts`);
  const candidate: unknown = typeof loaded === 'object' && loaded !== null ? Reflect.get(loaded, 'benchmark') : undefined;
  if (!isBenchmark(candidate)) throw new Error(`bench/${name}.bench.ts exports no benchmark`);
  return candidate;
}

async function runTiny(name: string): Promise<{ result: BenchResult; progress: string[] }> {
  const benchmark = await load(name);
  const tempDir = await mkdtemp(path.join(os.tmpdir(), `fieldvault-bench-smoke-${name}-`));
  temps.push(tempDir);
  const progress: string[] = [];
  const result = await benchmark.run({ tempDir, progress: (message) => progress.push(message) });
  return { result, progress };
}

function values(result: BenchResult): Record<string, number> {
  return Object.fromEntries(Object.entries(result.metrics).map(([name, metric]) => [name, metric.value]));
}

describe('every benchmark runs, and its checks of its own work hold, at a tiny size', () => {
  it('import: every row imported, skipped or rejected, and the vault grew by what the jobs say', async () => {
    const { result, progress } = await runTiny('import');
    const measured = values(result);
    expect(Object.keys(measured).sort()).toEqual(['export_rows_per_s', 'import_check_rows_per_s', 'import_list_read_p95_ms', 'import_rows_per_s', 'import_undo_records_per_s']);
    expect(measured.import_check_rows_per_s).toBeGreaterThan(0);
    expect(measured.import_rows_per_s).toBeGreaterThan(0);
    expect(measured.import_undo_records_per_s).toBeGreaterThan(0);
    expect(measured.export_rows_per_s).toBeGreaterThan(0);
    expect(Number.isFinite(measured.import_list_read_p95_ms)).toBe(true);
    // The base file has duplicates and bad rows of its own: the checks above ran on a file that has every kind of row.
    const details = result.metrics.import_rows_per_s?.details;
    expect(details?.skippedAsDuplicates).toEqual(expect.any(Number));
    expect(details?.rejectedInvalid).toBeGreaterThan(0);
    // The time in each phase the job said it was in: the keys of the contacts already in the vault read first, then the rows.
    expect(Object.keys(details?.phaseSeconds ?? {}).sort()).toEqual(['finishing', 'keys', 'rows']);
    expect(Object.keys(result.metrics.import_check_rows_per_s?.details?.phaseSeconds ?? {}).sort()).toEqual(['keys', 'rows']);
    expect(progress.some((line) => /^imported \d+ of 3000 rows/.test(line))).toBe(true);
    // The undo moved every record the timed import created, and the restore brought them all back (the bench checks the vault's counts).
    expect(progress.some((line) => /^undid the import \(\d+ records\)/.test(line))).toBe(true);
  }, 240_000);

  it('crm: the fixture vault holds what it wrote, searches and list pages return rows, look-alikes name known keys only', async () => {
    const { result } = await runTiny('crm');
    const measured = values(result);
    expect(Object.keys(measured).sort()).toEqual(['list_page_p95_ms', 'look_alikes_p95_ms', 'main_rss_mb', 'search_p95_ms', 'vault_size_mb_1m']);
    for (const [name, value] of Object.entries(measured)) expect(value, name).toBeGreaterThan(0);
    // The peak resident set (maxRSS) beside the one-instant reading: never below it.
    expect(result.metrics.main_rss_mb?.details?.peakMb).toBeGreaterThanOrEqual(measured.main_rss_mb ?? Number.POSITIVE_INFINITY);
  }, 300_000);

  it('sync: both stores and PouchDB replicate the same records, and the load runs without errors', async () => {
    const { result } = await runTiny('sync');
    const measured = values(result);
    expect(Object.keys(measured)).toEqual(
      expect.arrayContaining(['sync_initial_100k_s', 'sync_initial_vs_pouchdb', 'sync_incremental_100_p95_ms', 'server_ops_per_s_200_devices']),
    );
    for (const [name, value] of Object.entries(measured)) expect(Number.isFinite(value), name).toBe(true);
    expect(measured.server_ops_per_s_200_devices).toBeGreaterThan(0);
    expect(measured.server_errors_200_devices).toBe(0);
  }, 420_000);
});
