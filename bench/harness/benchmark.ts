// The contract between the bench runner and each benchmark module: what a
// module exports, what it gets to work with, and the metric shape it returns.
// The runner, not the module, decides whether a target is met, so every
// metric is judged the same way.

export type Unit = 'ms' | 's' | 'ratio' | 'MB' | 'ops/s' | 'count';

export interface Target {
  readonly op: '<=' | '>=';
  readonly value: number;
}

export type Details = { readonly [key: string]: DetailValue };
export type DetailValue = string | number | boolean | null | readonly DetailValue[] | Details;

/** One measurement as a benchmark module reports it. */
export interface Metric {
  readonly value: number;
  readonly unit: Unit;
  readonly target?: Target;
  readonly details?: Details;
}

/**
 * A metric as it is recorded: `met` is present exactly when there is a target
 * and the run was at the recorded sizes. When BENCH_* variables changed the
 * run, `comparable` is false, `changedBy` names them, and the target is kept
 * for reference but not judged.
 */
export interface RecordedMetric extends Metric {
  readonly met?: boolean;
  readonly comparable?: false;
  readonly changedBy?: readonly string[];
}

export interface BenchContext {
  /** An empty folder of the benchmark's own; the runner deletes it afterwards. */
  readonly tempDir: string;
  /** Progress lines for the person watching; never customer data (there is none here anyway). */
  progress(message: string): void;
}

export interface BenchResult {
  readonly metrics: Readonly<Record<string, Metric>>;
  /** Facts about the software under test (e.g. the SQLCipher version) for the machine block. */
  readonly environment?: Readonly<Record<string, string | number>>;
}

/** What every `bench/*.bench.ts` file exports as `benchmark`. */
export interface Benchmark {
  readonly name: string;
  run(context: BenchContext): Promise<BenchResult>;
}

export function isBenchmark(value: unknown): value is Benchmark {
  if (typeof value !== 'object' || value === null) return false;
  return typeof Reflect.get(value, 'name') === 'string' && typeof Reflect.get(value, 'run') === 'function';
}

export function isMet(value: number, target: Target): boolean {
  return target.op === '<=' ? value <= target.value : value >= target.value;
}

/** `changedBy`: the BENCH_* variables that changed the run of this metric's module (env.ts); none at the recorded sizes. */
export function record(metric: Metric, changedBy: readonly string[] = []): RecordedMetric {
  if (changedBy.length > 0) return { ...metric, comparable: false, changedBy };
  return metric.target === undefined ? metric : { ...metric, met: isMet(metric.value, metric.target) };
}
