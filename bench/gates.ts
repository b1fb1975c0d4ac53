// The metrics whose targets fail CI (`npm run test:bench`, the last step of
// `npm test`, runs the modules that report them). A metric joins this list
// when it meets its target run after run in CI and its issue is resolved with
// it: from then on a regression fails the build. The other modules (import, crm, sync) are far from their
// targets and together take 30-40 minutes on a 2-core machine (the crm one
// builds a 2 GB, 1M-contact vault), which CI's budget cannot carry while they
// prove nothing new; `npm run bench` runs them all and exits 1 while any
// target is missed, so nothing is hidden. `tsx bench/run.ts --ci <names>`
// runs named modules in CI mode: an ungated module's crash is then printed
// and recorded (`failedBenchmarks`), not fatal.
export const GATED_METRICS: ReadonlySet<string> = new Set<string>([
  // Issue 2 (foundation). The overhead ratio is the median of eleven paired
  // runs' ratios (vault.bench.ts): 0.98-1.17 in the fourteen CI runs that had
  // the machine to themselves since the driver fetches its digest and cipher
  // once (2026-11-30 to 2026-12-01); 1.47 and 1.77 in two that shared it with
  // other test runs (bench/README.md).
  'vault_open_ms',
  'sqlcipher_overhead_ratio',
]);

/** The modules that report gated metrics: their failure fails CI. */
export const GATED_BENCHMARKS: ReadonlySet<string> = new Set<string>(['vault']);
