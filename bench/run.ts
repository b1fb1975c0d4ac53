// The bench entry point (`npm run bench`). Loads every `bench/*.bench.ts`
// module and hands them to harness/runner.ts, which runs each in a temp
// folder of its own, judges every metric against its target, records the run
// (a timestamped copy in history/, and latest.json for a full run at the
// recorded sizes), prints a table, and exits 1 when a target is missed or a
// benchmark fails; a failed module is recorded in the report, never lost.
//
//   npm run bench              all benchmarks; updates bench/results/latest.json
//                              unless a BENCH_* variable is set (harness/env.ts)
//   npm run bench -- vault     only the named ones; writes history only, since
//                              latest.json is the record of a full run
//   npm run test:bench         (CI, last step of npm test) the benchmarks
//                              behind gated metrics (gates.ts); exits 1 when
//                              one fails or a gated metric misses its target
import { readdir } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isBenchmark, type Benchmark } from './harness/benchmark';
import { runBenchmarks } from './harness/runner';
import { GATED_BENCHMARKS, GATED_METRICS } from './gates';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(benchDir, '..');
const resultsDir = path.join(benchDir, 'results');
const MODULE_SUFFIX = '.bench.ts';

async function loadBenchmarks(only: readonly string[]): Promise<{ benchmarks: Benchmark[]; allModules: string[] }> {
  const files = (await readdir(benchDir)).filter((file) => file.endsWith(MODULE_SUFFIX)).sort();
  const all: Benchmark[] = [];
  for (const file of files) {
    const loaded: unknown = await import(pathToFileURL(path.join(benchDir, file)).href);
    const candidate: unknown = typeof loaded === 'object' && loaded !== null ? Reflect.get(loaded, 'benchmark') : undefined;
    if (!isBenchmark(candidate)) throw new Error(`${file} does not export a \`benchmark\` object with name and run()`);
    all.push(candidate);
  }
  const benchmarks = all.filter((benchmark) => only.length === 0 || only.includes(benchmark.name));
  const unknown = only.filter((name) => !benchmarks.some((benchmark) => benchmark.name === name));
  if (unknown.length > 0) throw new Error(`No benchmark named ${unknown.join(', ')}`);
  return { benchmarks, allModules: all.map((benchmark) => benchmark.name) };
}

/** The temp folder in use, so an interrupt can still remove it. */
let activeTempDir: string | null = null;

function removeTempOnSignal(signal: NodeJS.Signals): void {
  process.on(signal, () => {
    if (activeTempDir !== null) rmSync(activeTempDir, { recursive: true, force: true });
    process.exit(130);
  });
}

async function main(): Promise<number> {
  removeTempOnSignal('SIGINT');
  removeTempOnSignal('SIGTERM');
  const args = process.argv.slice(2).filter((arg) => arg !== '--');
  const ci = args.includes('--ci');
  const named = args.filter((arg) => arg !== '--ci');
  // CI runs the modules behind gated metrics (gates.ts says why the rest wait).
  const only = ci && named.length === 0 ? [...GATED_BENCHMARKS] : named;
  const { benchmarks, allModules } = await loadBenchmarks(only);
  const outcome = await runBenchmarks({
    benchmarks,
    allModules,
    resultsDir,
    repoRoot,
    everyModule: only.length === 0,
    ci,
    gatedBenchmarks: GATED_BENCHMARKS,
    gatedMetrics: GATED_METRICS,
    onTempDir: (dir) => {
      activeTempDir = dir;
    },
  });
  return outcome.exitCode;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('Bench run failed:', error);
    process.exit(1);
  },
);
