// The bench runner (bench/harness/runner.ts) with stub modules: a module that
// throws is recorded and the report is still written before the run exits 1
// (the sync module runs last, and a crash there used to lose the whole run),
// and a run shrunk by BENCH_* variables says so, leaves latest.json alone and
// judges no target of the modules they change.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Benchmark, Metric } from '../../bench/harness/benchmark';
import { benchVariables, variablesAffecting } from '../../bench/harness/env';
import { runBenchmarks, type RunOptions } from '../../bench/harness/runner';

const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

const quiet: RunOptions['log'] = { log: () => undefined, warn: () => undefined, error: () => undefined };

function reporting(name: string, metrics: Record<string, Metric>): Benchmark {
  return { name, run: () => Promise.resolve({ metrics }) };
}

function crashing(name: string): Benchmark {
  return { name, run: () => Promise.reject(new Error(`${name} crashed`)) };
}

const fast: Metric = { value: 10, unit: 'ms', target: { op: '<=', value: 50 } };

async function runStubs(benchmarks: readonly Benchmark[], options: Partial<RunOptions> = {}) {
  const resultsDir = await mkdtemp(path.join(os.tmpdir(), 'fieldvault-bench-runner-'));
  temps.push(resultsDir);
  const outcome = await runBenchmarks({
    benchmarks,
    allModules: ['vault', 'import', 'crm', 'sync'],
    resultsDir,
    repoRoot: resultsDir,
    everyModule: true,
    ci: false,
    gatedBenchmarks: new Set(['vault']),
    gatedMetrics: new Set(['vault_open_ms']),
    env: {},
    log: quiet,
    ...options,
  });
  const [historyFile, ...more] = await readdir(path.join(resultsDir, 'history'));
  expect(more).toEqual([]);
  const report: unknown = JSON.parse(await readFile(path.join(resultsDir, 'history', historyFile ?? ''), 'utf8'));
  const latest = await readFile(path.join(resultsDir, 'latest.json'), 'utf8').then(
    (text): unknown => JSON.parse(text),
    () => null,
  );
  return { outcome, report, latest };
}

describe('bench runner', () => {
  it('records a module that throws, writes the report with the other modules\' metrics, then exits 1', async () => {
    const { outcome, report, latest } = await runStubs([reporting('vault', { vault_open_ms: fast }), crashing('sync')]);
    expect(outcome.exitCode).toBe(1);
    expect(report).toMatchObject({ failedBenchmarks: ['sync'], metrics: { vault_open_ms: { value: 10, met: true } } });
    expect(latest).toEqual(report);
  });

  it('in CI, records an ungated module\'s crash without failing, and fails on a gated one\'s after writing the report', async () => {
    const ungated = await runStubs([reporting('vault', { vault_open_ms: fast }), crashing('crm')], { ci: true, everyModule: false });
    expect(ungated.outcome.exitCode).toBe(0);
    expect(ungated.report).toMatchObject({ failedBenchmarks: ['crm'] });
    expect(ungated.latest).toBeNull();
    const gated = await runStubs([crashing('vault')], { ci: true, everyModule: false });
    expect(gated.outcome.exitCode).toBe(1);
    expect(gated.report).toMatchObject({ failedBenchmarks: ['vault'], metrics: {} });
  });

  it('a run shrunk by BENCH_* variables records them, judges no target they change, and leaves latest.json alone', async () => {
    // 3 s against a 2.5 s target: a miss at full size, but at 800 records it says nothing either way.
    const slow: Metric = { value: 3, unit: 's', target: { op: '<=', value: 2.5 } };
    const { outcome, report, latest } = await runStubs([reporting('vault', { vault_open_ms: fast }), reporting('sync', { sync_initial_100k_s: slow })], {
      env: { BENCH_SYNC_RECORDS: '800', BENCH_SYNC_LOAD_MS: '1500', BENCH_SYNC_STORES: '', PATH: '/usr/bin' },
    });
    expect(latest).toBeNull();
    expect(outcome.latest).toBeNull();
    expect(outcome.exitCode).toBe(0);
    expect(report).toMatchObject({
      machine: { benchVariables: 'BENCH_SYNC_LOAD_MS=1500, BENCH_SYNC_RECORDS=800' },
      metrics: {
        sync_initial_100k_s: { value: 3, comparable: false, changedBy: ['BENCH_SYNC_LOAD_MS', 'BENCH_SYNC_RECORDS'] },
        vault_open_ms: { met: true },
      },
    });
    const metrics: unknown = Reflect.get(Object(report), 'metrics');
    expect(Reflect.get(Object(Reflect.get(Object(metrics), 'sync_initial_100k_s')), 'met')).toBeUndefined();
  });

  it('in CI, a gated metric that a BENCH_* variable changed fails the run (the gate did not run)', async () => {
    const { outcome, report } = await runStubs([reporting('vault', { vault_open_ms: fast })], { ci: true, everyModule: false, env: { BENCH_SOMETHING_NEW: '1' } });
    expect(outcome.exitCode).toBe(1);
    expect(report).toMatchObject({ metrics: { vault_open_ms: { comparable: false, changedBy: ['BENCH_SOMETHING_NEW'] } } });
  });

  it('places each BENCH_* variable on its module, and one it cannot place on every module', () => {
    const variables = benchVariables({ BENCH_CRM_CONTACTS: '6000', BENCH_COUNT_ROUNDS: '3', BENCH_IMPORT_ROWS: '', FIELDVAULT_BENCH_CRM_CACHE: '0' });
    expect(variables).toEqual({ BENCH_COUNT_ROUNDS: '3', BENCH_CRM_CONTACTS: '6000' });
    const modules = ['vault', 'import', 'crm', 'sync'];
    expect(variablesAffecting('crm', variables, modules)).toEqual(['BENCH_COUNT_ROUNDS', 'BENCH_CRM_CONTACTS']);
    expect(variablesAffecting('vault', variables, modules)).toEqual(['BENCH_COUNT_ROUNDS']);
    expect(variablesAffecting('vault', { BENCH_CRM_CONTACTS: '6000' }, modules)).toEqual([]);
  });
});
