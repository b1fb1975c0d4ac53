// Size knobs for the benchmarks. A recorded run uses each benchmark's
// defaults; BENCH_* variables shrink a run while working on it, and the bench
// smoke test (tests/integration/bench-smoke.test.ts) runs every benchmark at
// a tiny size so its own checks run in CI.

/** A positive number from the environment, or the fallback when it is unset or not one. */
export function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? '');
  return Number.isFinite(value) && value > 0 ? value : fallback;
}
