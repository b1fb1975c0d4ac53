// Size knobs for the benchmarks. A recorded run uses each benchmark's
// defaults; BENCH_* variables shrink a run while working on it, and the bench
// smoke test (tests/integration/bench-smoke.test.ts) runs every benchmark at
// a tiny size so its own checks run in CI. A run with any of them set is not
// a run at the recorded sizes: the runner writes them into the report's
// machine block, leaves latest.json alone, and does not judge the targets of
// the modules they change (runner.ts).

/** A positive number from the environment, or the fallback when it is unset or not one. */
export function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? '');
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** The BENCH_* variables set (to anything but an empty string), by name, sorted. */
export function benchVariables(env: NodeJS.ProcessEnv = process.env): Readonly<Record<string, string>> {
  const set = Object.entries(env).filter((entry): entry is [string, string] => entry[0].startsWith('BENCH_') && entry[1] !== undefined && entry[1] !== '');
  return Object.fromEntries(set.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The variables of `variables` that may change what module `name` measures:
 * BENCH_<NAME>_*, and every BENCH_* variable that names none of `modules`
 * (a knob this function cannot place counts against every module, so a new
 * knob can never leave a shrunk figure judged by mistake).
 */
export function variablesAffecting(name: string, variables: Readonly<Record<string, string>>, modules: readonly string[]): string[] {
  const prefix = (module: string) => `BENCH_${module.toUpperCase()}_`;
  return Object.keys(variables).filter((variable) => variable.startsWith(prefix(name)) || !modules.some((module) => variable.startsWith(prefix(module))));
}
