// The bench entry point (`npm run bench`). Runs every `bench/*.bench.ts`
// module in turn, each in a temp folder of its own that is always removed,
// judges every metric against its target, records the run (latest.json and a
// timestamped copy in history/), prints a table, and exits 1 when a target is
// missed or a benchmark fails.
//
//   npm run bench              all benchmarks; updates bench/results/latest.json
//   npm run bench -- vault     only the named ones; writes history only, since
//                              latest.json is the record of a full run
//   npm run test:bench         (CI, last step of npm test) the benchmarks
//                              behind gated metrics (gates.ts); exits 1 when
//                              one fails or a gated metric misses its target
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isBenchmark, record, type Benchmark, type RecordedMetric } from './harness/benchmark';
import { describeMachine, loadAverage } from './harness/machine';
import { formatTable, writeReport } from './harness/report';
import { GATED_BENCHMARKS, GATED_METRICS } from './gates';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(benchDir, '..');
const resultsDir = path.join(benchDir, 'results');
const MODULE_SUFFIX = '.bench.ts';

async function loadBenchmarks(only: readonly string[]): Promise<Benchmark[]> {
  const files = (await readdir(benchDir)).filter((file) => file.endsWith(MODULE_SUFFIX)).sort();
  const benchmarks: Benchmark[] = [];
  for (const file of files) {
    const loaded: unknown = await import(pathToFileURL(path.join(benchDir, file)).href);
    const candidate: unknown = typeof loaded === 'object' && loaded !== null ? Reflect.get(loaded, 'benchmark') : undefined;
    if (!isBenchmark(candidate)) throw new Error(`${file} does not export a \`benchmark\` object with name and run()`);
    if (only.length === 0 || only.includes(candidate.name)) benchmarks.push(candidate);
  }
  const unknown = only.filter((name) => !benchmarks.some((benchmark) => benchmark.name === name));
  if (unknown.length > 0) throw new Error(`No benchmark named ${unknown.join(', ')}`);
  return benchmarks;
}

/** The temp folder in use, so an interrupt can still remove it. */
let activeTempDir: string | null = null;

function removeTempOnSignal(signal: NodeJS.Signals): void {
  process.on(signal, () => {
    if (activeTempDir !== null) rmSync(activeTempDir, { recursive: true, force: true });
    process.exit(130);
  });
}

async function runOne(benchmark: Benchmark, metrics: Record<string, RecordedMetric>, environment: Record<string, string | number>) {
  const tempDir = await mkdtemp(path.join(os.tmpdir(), `fieldvault-bench-${benchmark.name}-`));
  activeTempDir = tempDir;
  const started = Date.now();
  console.log(`\n▶ ${benchmark.name}`);
  try {
    const result = await benchmark.run({
      tempDir,
      progress: (message) => console.log(`  [${benchmark.name} +${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`),
    });
    for (const [name, metric] of Object.entries(result.metrics)) {
      if (name in metrics) throw new Error(`Metric ${name} is reported by more than one benchmark`);
      metrics[name] = record(metric);
    }
    Object.assign(environment, result.environment ?? {});
  } finally {
    await rm(tempDir, { recursive: true, force: true });
    activeTempDir = null;
    console.log(`  ${benchmark.name} took ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }
}

async function main(): Promise<number> {
  removeTempOnSignal('SIGINT');
  removeTempOnSignal('SIGTERM');
  const args = process.argv.slice(2).filter((arg) => arg !== '--');
  const ci = args.includes('--ci');
  const named = args.filter((arg) => arg !== '--ci');
  // CI runs the modules behind gated metrics (gates.ts says why the rest wait).
  const only = ci && named.length === 0 ? [...GATED_BENCHMARKS] : named;
  const benchmarks = await loadBenchmarks(only);
  const loadAtStart = loadAverage();
  if (loadAtStart > os.cpus().length) {
    console.warn(`Warning: load average ${loadAtStart} on ${os.cpus().length} cores; other work will slow and blur these timings.`);
  }
  const metrics: Record<string, RecordedMetric> = {};
  const environment: Record<string, string | number> = {};
  const failed: string[] = [];
  for (const benchmark of benchmarks) {
    try {
      await runOne(benchmark, metrics, environment);
    } catch (error) {
      // `--ci vault import` may name ungated modules too: their failure is recorded, not fatal (gates.ts).
      if (!ci || GATED_BENCHMARKS.has(benchmark.name)) throw error;
      console.error(`Benchmark ${benchmark.name} failed (not gated, recorded as failed):`, error);
      failed.push(benchmark.name);
    }
  }

  const generatedAt = new Date();
  const report = {
    generatedAt: generatedAt.toISOString(),
    machine: { ...describeMachine(repoRoot, generatedAt, loadAtStart), ...environment },
    metrics,
    ...(failed.length > 0 ? { failedBenchmarks: failed } : {}),
  };
  const written = await writeReport(resultsDir, report, { updateLatest: only.length === 0 });
  console.log(`\n${formatTable(metrics)}\n`);
  console.log(`Recorded ${path.relative(repoRoot, written.history)}${written.latest === null ? '' : ` and ${path.relative(repoRoot, written.latest)}`}`);

  // A run of every gated module must report every gated metric (a renamed metric would otherwise stop being checked).
  const ranEveryGated = [...GATED_BENCHMARKS].every((name) => benchmarks.some((benchmark) => benchmark.name === name));
  const unknownGates = [...GATED_METRICS].filter((name) => ranEveryGated && !(name in metrics));
  if (unknownGates.length > 0) throw new Error(`Gated metrics no benchmark reported: ${unknownGates.join(', ')}`);
  const missed = Object.entries(metrics).filter(([, metric]) => metric.met === false);
  const gatedMisses = missed.filter(([name]) => GATED_METRICS.has(name));
  if (missed.length > 0) console.error(`Missed target: ${missed.map(([name]) => `${name}${GATED_METRICS.has(name) ? ' (gated)' : ''}`).join(', ')}`);
  return (ci ? gatedMisses : missed).length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('Bench run failed:', error);
    process.exit(1);
  },
);
