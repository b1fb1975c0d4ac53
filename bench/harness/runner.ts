// Runs benchmark modules in turn, each in a temp folder of its own that is
// always removed, judges every metric against its target, records the run
// (a timestamped copy in history/, and latest.json for a full run at the
// recorded sizes), prints a table, and answers the exit code. A module that
// throws is recorded (`failedBenchmarks`) and the report is still written
// before the run exits 1: a crash in the last module must not lose the 40
// minutes of results before it. bench/run.ts is the command line around it.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { record, type Benchmark, type RecordedMetric } from './benchmark';
import { benchVariables, variablesAffecting } from './env';
import { describeMachine, loadAverage } from './machine';
import { formatTable, writeReport } from './report';

export interface RunOptions {
  readonly benchmarks: readonly Benchmark[];
  /** The names of every module there is, to tell which BENCH_* variable changes which (env.ts). */
  readonly allModules: readonly string[];
  readonly resultsDir: string;
  readonly repoRoot: string;
  /** true when no module was named: such a run at the recorded sizes becomes latest.json. */
  readonly everyModule: boolean;
  /** CI mode (gates.ts): an ungated module's crash is recorded but not fatal, and only gated misses fail. */
  readonly ci: boolean;
  readonly gatedBenchmarks: ReadonlySet<string>;
  readonly gatedMetrics: ReadonlySet<string>;
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: Pick<Console, 'log' | 'warn' | 'error'>;
  /** Called with the temp folder in use (null when none), so an interrupt can still remove it. */
  readonly onTempDir?: (dir: string | null) => void;
}

export interface RunOutcome {
  readonly exitCode: number;
  readonly history: string;
  readonly latest: string | null;
}

async function runOne(benchmark: Benchmark, changedBy: readonly string[], metrics: Record<string, RecordedMetric>, environment: Record<string, string | number>, options: RunOptions) {
  const log = options.log ?? console;
  const tempDir = await mkdtemp(path.join(os.tmpdir(), `fieldvault-bench-${benchmark.name}-`));
  options.onTempDir?.(tempDir);
  const started = Date.now();
  log.log(`\n▶ ${benchmark.name}${changedBy.length > 0 ? ` (changed by ${changedBy.join(', ')}: targets not judged)` : ''}`);
  try {
    const result = await benchmark.run({
      tempDir,
      progress: (message) => log.log(`  [${benchmark.name} +${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`),
    });
    for (const [name, metric] of Object.entries(result.metrics)) {
      if (name in metrics) throw new Error(`Metric ${name} is reported by more than one benchmark`);
      metrics[name] = record(metric, changedBy);
    }
    Object.assign(environment, result.environment ?? {});
  } finally {
    await rm(tempDir, { recursive: true, force: true });
    options.onTempDir?.(null);
    log.log(`  ${benchmark.name} took ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }
}

export async function runBenchmarks(options: RunOptions): Promise<RunOutcome> {
  const log = options.log ?? console;
  const { benchmarks, ci, gatedBenchmarks, gatedMetrics } = options;
  const variables = benchVariables(options.env);
  const loadAtStart = loadAverage();
  if (loadAtStart > os.cpus().length) {
    log.warn(`Warning: load average ${loadAtStart} on ${os.cpus().length} cores; other work will slow and blur these timings.`);
  }
  const metrics: Record<string, RecordedMetric> = {};
  const environment: Record<string, string | number> = {};
  const failed: string[] = [];
  for (const benchmark of benchmarks) {
    try {
      await runOne(benchmark, variablesAffecting(benchmark.name, variables, options.allModules), metrics, environment, options);
    } catch (error) {
      // Recorded, and the run goes on: in CI an ungated module's crash is not fatal (gates.ts); anything else fails the run below.
      log.error(`Benchmark ${benchmark.name} failed:`, error);
      failed.push(benchmark.name);
    }
  }

  const generatedAt = new Date();
  const shrunk = Object.keys(variables).length > 0;
  const report = {
    generatedAt: generatedAt.toISOString(),
    machine: { ...describeMachine(options.repoRoot, generatedAt, loadAtStart, variables), ...environment },
    metrics,
    ...(failed.length > 0 ? { failedBenchmarks: failed } : {}),
  };
  // latest.json is the record of a run of every module at the recorded sizes; a crashed module is in it as failedBenchmarks.
  const written = await writeReport(options.resultsDir, report, { updateLatest: options.everyModule && !shrunk });
  log.log(`\n${formatTable(metrics)}\n`);
  log.log(`Recorded ${path.relative(options.repoRoot, written.history)}${written.latest === null ? '' : ` and ${path.relative(options.repoRoot, written.latest)}`}`);
  if (shrunk) log.warn(`BENCH_* variables set (${Object.keys(variables).join(', ')}): latest.json left as it was; targets of the modules they change not judged.`);

  const problems: string[] = [];
  const fatalFailures = failed.filter((name) => !ci || gatedBenchmarks.has(name));
  if (failed.length > 0) problems.push(`Benchmarks failed: ${failed.map((name) => `${name}${fatalFailures.includes(name) ? '' : ' (not gated)'}`).join(', ')}`);
  // A run of every gated module must report every gated metric (a renamed metric would otherwise stop being checked).
  const ranEveryGated = [...gatedBenchmarks].every((name) => benchmarks.some((benchmark) => benchmark.name === name) && !failed.includes(name));
  const unreported = [...gatedMetrics].filter((name) => ranEveryGated && !(name in metrics));
  if (unreported.length > 0) problems.push(`Gated metrics no benchmark reported: ${unreported.join(', ')}`);
  // CI judges the gated metrics: one that BENCH_* variables changed was not judged, so the gate did not run.
  const unjudged = ci ? [...gatedMetrics].filter((name) => metrics[name]?.comparable === false) : [];
  if (unjudged.length > 0) problems.push(`Gated metrics not judged, changed by BENCH_* variables: ${unjudged.join(', ')}`);
  const missed = Object.entries(metrics).filter(([, metric]) => metric.met === false);
  if (missed.length > 0) log.error(`Missed target: ${missed.map(([name]) => `${name}${gatedMetrics.has(name) ? ' (gated)' : ''}`).join(', ')}`);
  for (const problem of problems) log.error(problem);
  const failing = fatalFailures.length > 0 || unreported.length > 0 || unjudged.length > 0 || (ci ? missed.some(([name]) => gatedMetrics.has(name)) : missed.length > 0);
  return { exitCode: failing ? 1 : 0, history: written.history, latest: written.latest };
}
