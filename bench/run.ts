// The bench entry point (`npm run bench`). Runs every `bench/*.bench.ts`
// module in turn, each in a temp folder of its own that is always removed,
// judges every metric against its target, records the run (latest.json and a
// timestamped copy in history/), prints a table, and exits 1 when a target is
// missed or a benchmark fails, so CI fails the build on a regression.
//
//   npm run bench              all benchmarks; updates bench/results/latest.json
//   npm run bench -- vault     only the named ones; writes history only, since
//                              latest.json is the record of a full run
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isBenchmark, record, type Benchmark, type RecordedMetric } from './harness/benchmark';
import { describeMachine, loadAverage } from './harness/machine';
import { formatTable, writeReport } from './harness/report';

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
  const only = process.argv.slice(2).filter((arg) => arg !== '--');
  const benchmarks = await loadBenchmarks(only);
  const loadAtStart = loadAverage();
  if (loadAtStart > os.cpus().length) {
    console.warn(`Warning: load average ${loadAtStart} on ${os.cpus().length} cores; other work will slow and blur these timings.`);
  }
  const metrics: Record<string, RecordedMetric> = {};
  const environment: Record<string, string | number> = {};
  for (const benchmark of benchmarks) await runOne(benchmark, metrics, environment);

  const generatedAt = new Date();
  const report = { generatedAt: generatedAt.toISOString(), machine: { ...describeMachine(repoRoot, generatedAt, loadAtStart), ...environment }, metrics };
  const written = await writeReport(resultsDir, report, { updateLatest: only.length === 0 });
  console.log(`\n${formatTable(metrics)}\n`);
  console.log(`Recorded ${path.relative(repoRoot, written.history)}${written.latest === null ? '' : ` and ${path.relative(repoRoot, written.latest)}`}`);

  const missed = Object.entries(metrics).filter(([, metric]) => metric.met === false);
  if (missed.length > 0) {
    console.error(`Missed target: ${missed.map(([name]) => name).join(', ')}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('Bench run failed:', error);
    process.exit(1);
  },
);
